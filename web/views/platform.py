"""Pages of the platform host (public schema): the platform admin's login, the regions with their
status and billing state, the onboarding wizard, suspension and reactivation.

Thin: regions are read through billing.selectors.billing_overview (as the platform API does),
written through tenants.services, and onboarded through web.onboarding.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from billing.errors import BillingError
from billing.plans import plan_list
from billing.selectors import billing_access, billing_overview
from billing.services import billing_setup_complete
from onboarding.starters import starter_funders, starter_program_list
from tenants.models import Region
from tenants.provisioning import region_host
from tenants.services import region_reactivate, region_suspend
from web.onboarding import FAILED, FINISHED, onboarding_steps
from web.platform_forms import OnboardForm, PlatformLoginForm

# Where the streamed progress goes in the page (see onboard_progress.html).
STREAM_MARKER = "<!--onboarding-steps-->"


def platform_admin_required(view):
    """Anonymous: to the platform login. Signed in with another role: 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("platform:login"))
        if user.role != Role.PLATFORM_ADMIN:
            return render(request, "web/platform/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def region_url(request, slug: str, path: str = "/") -> str:
    """A page of a region's host, reached the way this request reached the platform (scheme, port)."""
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    return f"{request.scheme}://{region_host(slug)}{port}{path}"


def region_login_path() -> str:
    return reverse("web:login", urlconf=settings.ROOT_URLCONF)


def home(request):
    if request.user.is_authenticated and request.user.role == Role.PLATFORM_ADMIN:
        return redirect("platform:regions")
    if request.user.is_authenticated and request.user.role == Role.NETWORK_FUNDER:
        return redirect("platform:network")
    return render(request, "web/platform/home.html")


class LoginView(auth_views.LoginView):
    template_name = "web/platform/login.html"
    authentication_form = PlatformLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("platform:regions")


class LogoutView(auth_views.LogoutView):
    next_page = "platform:home"


def _billing_row(request, region: Region) -> dict:
    account = getattr(region, "billing", None)
    plans = {plan.code: plan.name for plan in plan_list()}
    return {
        "region": region,
        "account": account,
        "plan_name": plans.get(account.plan, account.plan) if account else None,
        "access": billing_access(account=account),
        "url": region_url(request, region.slug),
    }


@platform_admin_required
def region_list(request):
    regions = billing_overview()
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    context = {"search": search, "status": status, "statuses": Region.Status.choices, "rows": []}
    if status not in ("", *Region.Status.values):
        context["error"] = _("Statut inconnu : « %(value)s ».") % {"value": status}
        return render(request, "web/platform/regions.html", context, status=400)
    if search:
        regions = regions.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    if status:
        regions = regions.filter(status=status)
    context["rows"] = [_billing_row(request, region) for region in regions]
    return render(request, "web/platform/regions.html", context)


def _region_or_404(slug: str) -> Region:
    region = billing_overview().filter(slug=slug).first()
    if region is None:
        raise Http404
    return region


@platform_admin_required
def region_detail(request, slug):
    region = _region_or_404(slug)
    context = {
        **_billing_row(request, region),
        "login_url": region_url(request, region.slug, region_login_path()),
    }
    return render(request, "web/platform/region_detail.html", context)


@require_POST
@platform_admin_required
def region_suspend_view(request, slug):
    region = region_suspend(region=_region_or_404(slug))
    messages.success(
        request, _("La région %(name)s est suspendue ; ses données sont conservées.") % {"name": region.name}
    )
    return redirect("platform:region", slug=region.slug)


@require_POST
@platform_admin_required
def region_reactivate_view(request, slug):
    region = region_reactivate(region=_region_or_404(slug))
    messages.success(request, _("La région %(name)s est réactivée.") % {"name": region.name})
    return redirect("platform:region", slug=region.slug)


@require_POST
@platform_admin_required
def region_billing_setup_view(request, slug):
    """Finish the region's billing set-up at Stripe now (left pending when Stripe did not answer
    during onboarding); the same service as the background retry and `billing_setup_retry`."""
    region = _region_or_404(slug)
    account = getattr(region, "billing", None)
    if account is None:
        raise Http404
    try:
        billing_setup_complete(account=account)
    except BillingError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("La facturation de %(name)s est configurée chez Stripe.") % {"name": region.name}
        )
    return redirect("platform:region", slug=region.slug)


@platform_admin_required
def region_onboard(request):
    form = OnboardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = StreamingHttpResponse(
            _onboarding_page(request, form.onboarding_data()), content_type="text/html; charset=utf-8"
        )
        # Each step reaches the browser as it happens, through any proxy.
        response["X-Accel-Buffering"] = "no"
        response["Cache-Control"] = "no-store"
        return response
    funders = starter_funders()
    starters = [
        {
            "key": program.key,
            "name": program.name,
            "funder_names": [funders[key].get("acronym") or funders[key]["name"] for key in program.funders],
            "outcomes": program.outcomes,
        }
        for program in starter_program_list()
    ]
    return render(
        request,
        "web/platform/onboard.html",
        {"form": form, "starters": starters},
        status=400 if form.errors else 200,
    )


def _onboarding_page(request, data: dict):
    """The progress page, streamed: its top, one line per step as it begins, then the outcome."""
    page = render_to_string(
        "web/platform/onboard_progress.html",
        {"name": data["name"], "host": region_host(data["slug"]), "stream_marker": STREAM_MARKER},
        request=request,
    )
    top, bottom = page.split(STREAM_MARKER)
    # Browsers start rendering a streamed page sooner once they hold a first kilobyte or so.
    yield top + " " * 1024
    for step in onboarding_steps(data):
        if step.step == FINISHED:
            yield render_to_string(
                "web/platform/_onboard_finished.html",
                {
                    "name": data["name"],
                    "login_url": region_url(request, data["slug"], region_login_path()),
                    "setup_url": step.setup_url,
                    "detail_url": reverse("platform:region", kwargs={"slug": data["slug"]}),
                },
                request=request,
            )
        elif step.step == FAILED:
            yield format_html(
                '<li class="step step--failed" data-step="failed" role="alert">{} <a href="{}">{}</a></li>',
                step.message,
                reverse("platform:onboard"),
                _("Revenir au formulaire"),
            )
        else:
            yield format_html('<li class="step" data-step="{}">{}</li>', step.step, step.message)
    yield bottom
