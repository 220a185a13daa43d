"""Every write of the network: validation and the access trail in one transaction.

A region's link and opt-in are written by its direction on the region's host: the rows live in the
public schema (shared tables), the trail in the region's own (core.AuditEvent), in the same
transaction, so an opt-in is never recorded without its trace, nor the reverse.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.audit import audit_record
from core.models import AuditAction, Funder
from network.errors import NetworkError, NetworkErrorCode
from network.models import NetworkAccount, NetworkFunder, OptIn, RegionLink
from tenants.models import Region


def network_funder_ensure(*, name: str, slug: str) -> NetworkFunder:
    """The network funder `slug` (created, or renamed to `name`): platform side, e.g. the demo."""
    funder, _created = NetworkFunder.objects.update_or_create(slug=slug, defaults={"name": name})
    return funder


def network_account_set(*, user: User, network_funder: NetworkFunder) -> NetworkAccount:
    """Makes `user` (of the platform host) a read-only account of `network_funder`."""
    with transaction.atomic():
        if user.role != Role.NETWORK_FUNDER:
            user.role = Role.NETWORK_FUNDER
            user.is_staff = False
            user.is_superuser = False
            user.save(update_fields=["role", "is_staff", "is_superuser"])
        account, _created = NetworkAccount.objects.update_or_create(
            user=user, defaults={"network_funder": network_funder}
        )
    return account


def region_link_set(*, actor, region: Region, network_funder: NetworkFunder, funder_id: int) -> RegionLink:
    """The region says which of its own funders (in its schema, the current one) is `network_funder`."""
    if not Funder.objects.filter(pk=funder_id).exists():
        raise NetworkError(
            NetworkErrorCode.REGION_FUNDER_UNKNOWN,
            _("Ce bailleur de fonds n'existe pas dans la région."),
            field="funder",
        )
    with transaction.atomic():
        link, created = RegionLink.objects.update_or_create(
            region=region,
            network_funder=network_funder,
            defaults={"funder_id": funder_id, "linked_by_email": getattr(actor, "email", "")},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=link,
            event="network_link",
            network_funder=network_funder.slug,
            funder_id=funder_id,
        )
    return link


def region_opt_in(*, actor, region: Region, network_funder: NetworkFunder) -> OptIn:
    """The region shows its aggregates to `network_funder` (its linked funder's programs only)."""
    if not RegionLink.objects.filter(region=region, network_funder=network_funder).exists():
        raise NetworkError(
            NetworkErrorCode.LINK_REQUIRED,
            _("Liez d'abord un bailleur de fonds de la région à ce bailleur du réseau."),
            field="network_funder",
        )
    with transaction.atomic():
        opt_in, _created = OptIn.objects.select_for_update().get_or_create(
            region=region, network_funder=network_funder
        )
        opt_in.active = True
        opt_in.set_at = timezone.now()
        opt_in.set_by_email = getattr(actor, "email", "")
        opt_in.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=opt_in,
            event="network_opt_in",
            network_funder=network_funder.slug,
        )
    return opt_in


def region_opt_out(*, actor, region: Region, network_funder: NetworkFunder) -> OptIn | None:
    """The region withdraws: from the next request on, it is absent from `network_funder`'s view."""
    with transaction.atomic():
        opt_in = (
            OptIn.objects.select_for_update().filter(region=region, network_funder=network_funder).first()
        )
        if opt_in is None or not opt_in.active:
            return opt_in
        opt_in.active = False
        opt_in.revoked_at = timezone.now()
        opt_in.revoked_by_email = getattr(actor, "email", "")
        opt_in.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=opt_in,
            event="network_opt_out",
            network_funder=network_funder.slug,
        )
    return opt_in
