"""Who sees what of the network, in one place (as core.access does for a region's data).

- a network funder's account (platform host): its own network funder, over the regions that
  opted in for it;
- the platform admin: any network funder, same regions (still aggregates only);
- a region's direction (its own host): the links and opt-ins of its region only;
- anyone else: nothing.
A region that has not opted in (or revoked it) is absent from the network, not shown as zero.
"""

from django.db.models import QuerySet

from accounts.models import Role
from network.models import NetworkFunder, OptIn, RegionLink
from tenants.models import Region


def _role(actor) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return None
    return actor.role


def network_funder_for_actor(*, actor) -> QuerySet[NetworkFunder]:
    role = _role(actor)
    if role == Role.PLATFORM_ADMIN:
        return NetworkFunder.objects.all()
    if role == Role.NETWORK_FUNDER:
        return NetworkFunder.objects.filter(accounts__user=actor)
    return NetworkFunder.objects.none()


def may_read_network(actor) -> bool:
    return _role(actor) in (Role.PLATFORM_ADMIN, Role.NETWORK_FUNDER)


def opted_in_links(network_funder: NetworkFunder) -> list[tuple[Region, int]]:
    """(region, its own Funder id) of every active region that opted in for `network_funder` and
    linked one of its funders to it, in name order: the regions the network view visits."""
    opted = OptIn.objects.filter(network_funder=network_funder, active=True).values("region")
    links = (
        RegionLink.objects.filter(network_funder=network_funder, region__in=opted)
        .filter(region__status=Region.Status.ACTIVE)
        .select_related("region")
        .order_by("region__name")
    )
    return [(link.region, link.funder_id) for link in links]


def region_network_for_actor(*, actor, region: Region) -> list[dict]:
    """For a region's direction: every network funder with this region's link and opt-in."""
    if _role(actor) != Role.REGION_ADMIN or region.is_public:
        return []
    links = {link.network_funder_id: link for link in RegionLink.objects.filter(region=region)}
    opt_ins = {opt_in.network_funder_id: opt_in for opt_in in OptIn.objects.filter(region=region)}
    return [
        {"network_funder": funder, "link": links.get(funder.pk), "opt_in": opt_ins.get(funder.pk)}
        for funder in NetworkFunder.objects.order_by("name")
    ]
