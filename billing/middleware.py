"""Billing enforcement on region hosts: never loses data, only stops writes until a payment.

Runs after AuthenticationMiddleware and LocaleMiddleware (402 messages in the request's language).
Suspension by the platform admin is tenants.middleware's business, not this one's. What stays
writable is marked on the views themselves (billing.exempt.billing_exempt), read once resolved.
"""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from billing.exempt import is_billing_exempt
from billing.selectors import Access, billing_state_cached

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
WARNING_HEADER = "X-Ancrage-Billing-Warning"


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
        state = billing_state_cached(region=region)
        # Pages and templates read it for the banner ({% billing_banner %}).
        request.billing = state
        response = self.get_response(request)
        if state.show_warning:
            # Machine-readable (ASCII): the state, and when writes stop(ped).
            until = state.grace_until.strftime("%Y-%m-%dT%H:%M:%SZ") if state.grace_until else ""
            response[WARNING_HEADER] = f"{state.access}; status={state.status}; grace_until={until}"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Once the URL resolved: a write to an unmarked view of a read-only region stops here.
        state = getattr(request, "billing", None)
        if (
            state is not None
            and state.access == Access.READ_ONLY
            and request.method not in SAFE_METHODS
            and not is_billing_exempt(view_func, request.method)
        ):
            return _read_only_response(request)
        return None
