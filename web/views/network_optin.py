"""/reseau/ on a region's host: the direction links one of the region's funders to a network funder
(MIFI...) and opts in or out of that funder's network view (network.services, in the access trail).
Opting in shows the network funder the aggregates of the programs that funder funds, never a person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from config.errors import CodedError
from core import access
from network import services
from network.access import region_network_for_actor
from network.models import NetworkFunder


def _may_manage(request) -> None:
    if request.user.role != Role.REGION_ADMIN:
        raise PermissionDenied


@login_required
def network_settings(request):
    _may_manage(request)
    context = {
        "rows": region_network_for_actor(actor=request.user, region=request.tenant),
        "funders": access.funder_for_actor(actor=request.user).order_by("name"),
    }
    return render(request, "web/network_optin.html", context)


@login_required
@require_POST
def network_change(request, slug):
    _may_manage(request)
    network_funder = get_object_or_404(NetworkFunder, slug=slug)
    try:
        if request.POST.get("action") == "opt_out":
            services.region_opt_out(actor=request.user, region=request.tenant, network_funder=network_funder)
            messages.success(
                request,
                _("La région ne paraît plus dans la vue réseau de %(name)s.") % {"name": network_funder.name},
            )
        else:
            funder = request.POST.get("funder", "")
            if funder.isdigit():
                services.region_link_set(
                    actor=request.user,
                    region=request.tenant,
                    network_funder=network_funder,
                    funder_id=int(funder),
                )
            services.region_opt_in(actor=request.user, region=request.tenant, network_funder=network_funder)
            messages.success(
                request, _("La région a adhéré à la vue réseau de %(name)s.") % {"name": network_funder.name}
            )
    except CodedError as error:
        messages.error(request, error.detail)
    return redirect("web:network_opt_in")
