"""Billing enforcement on region hosts: never loses data, only stops writes until a payment.

Runs after AuthenticationMiddleware and LocaleMiddleware (402 messages in the request's language).
Suspension by the platform admin is tenants.middleware's business, not this one's.
"""

import re

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from billing.selectors import Access, billing_state_for_region

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# What a read-only region may still POST: paying, logging in and out, and what Law 25 owes people
# whatever the bill (withdrawing consent, erasure on request).
WRITE_ALLOWED_PREFIXES = ("/api/v1/billing/",)
WRITE_ALLOWED_PATHS = frozenset({"/api/v1/auth/token/", "/admin/login/", "/admin/logout/"})
WRITE_ALLOWED_PATTERN = re.compile(r"^/api/v1/participants/\d+/(erase|withdraw-consent)/$")
WARNING_HEADER = "X-Ancrage-Billing-Warning"


def write_allowed_when_read_only(path: str) -> bool:
    return (
        path in WRITE_ALLOWED_PATHS
        or path.startswith(WRITE_ALLOWED_PREFIXES)
        or WRITE_ALLOWED_PATTERN.match(path) is not None
    )


def read_only_message() -> str:
    return _(
        "L'abonnement de cet espace régional est en souffrance : l'espace est en lecture seule. "
        "Vos données sont conservées et restent consultables ; la direction peut régler le paiement "
        "dans la section Facturation pour rétablir l'accès complet."
    )


def _read_only_response(request) -> HttpResponse:
    detail = read_only_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": "billing_read_only"}, status=402)
    html = render_to_string("billing/read_only.html", {"detail": detail}, request=request)
    return HttpResponse(html, status=402)


class BillingEnforcementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        region = getattr(request, "tenant", None)
        if region is None or region.is_public:
            request.billing = None
            return self.get_response(request)
        state = billing_state_for_region(region=region)
        # Pages and templates read it for the banner ({% billing_banner %}).
        request.billing = state
        if (
            state.access == Access.READ_ONLY
            and request.method not in SAFE_METHODS
            and not write_allowed_when_read_only(request.path)
        ):
            response = _read_only_response(request)
        else:
            response = self.get_response(request)
        if state.show_warning:
            # Machine-readable (ASCII): the state, and when writes stop(ped).
            until = state.grace_until.strftime("%Y-%m-%dT%H:%M:%SZ") if state.grace_until else ""
            response[WARNING_HEADER] = f"{state.access}; status={state.status}; grace_until={until}"
        return response
