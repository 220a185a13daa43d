"""The region admin's billing page on the region's host: plan, trial end, invoices, the grace
banner, and the checkout and portal buttons that send them to Stripe through billing.services.

Only the region admin (the API's rule, api.v1.billing.BillingPermission) sees it: other roles get 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from api.v1.billing import BillingPermission
from billing.errors import BillingError
from billing.models import SubscriptionStatus
from billing.selectors import billing_summary
from billing.services import checkout_session_create, portal_session_create


def region_admin_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not BillingPermission().has_permission(request, view):
            context = {"detail": BillingPermission.message}
            return render(request, "web/billing/forbidden.html", context, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _return_url(request) -> str:
    # Back to this page after Stripe (billing.services adds ?billing=success|cancel).
    return request.build_absolute_uri(reverse("web:billing"))


@region_admin_required
def billing_page(request):
    summary = billing_summary(region=request.tenant, state=getattr(request, "billing", None))
    outcome = request.GET.get("billing")
    if outcome not in (None, "success", "cancel"):
        outcome = None
    context = {
        "summary": summary,
        "status_label": dict(SubscriptionStatus.choices).get(summary["status"], summary["status"]),
        "outcome": outcome,
    }
    return render(request, "web/billing/billing.html", context)


@require_POST
@region_admin_required
def billing_checkout(request):
    try:
        url = checkout_session_create(
            region=request.tenant, plan=request.POST.get("plan", ""), return_url=_return_url(request)
        )
    except BillingError as error:
        messages.error(request, error.detail)
        return redirect("web:billing")
    return redirect(url)


@require_POST
@region_admin_required
def billing_portal(request):
    try:
        url = portal_session_create(region=request.tenant, return_url=_return_url(request))
    except BillingError as error:
        messages.error(request, error.detail)
        return redirect("web:billing")
    return redirect(url)
