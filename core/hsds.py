"""Reads of the open-data service map (Open Referral HSDS 3.0), for the public API under /api/hsds/.

Only what the public may see: the published, active services of the current region (the schema of
the request), as `core.access.service_for_actor(actor=None)` scopes them, of active partners; the
organisations that offer at least one of them; the active service points where they are offered.

Selectors for the lead to move into core/selectors/directory.py once that package exists.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import Audience, Partner, Schedule, Service, ServicePoint, ServiceStatus

# Services whose information the partner has not confirmed for this long are to be verified again.
VERIFICATION_INTERVAL = dt.timedelta(days=365)

# --- the taxonomy: who a service is for -------------------------------------------------------
# Ids are UUIDv5 of fixed names, so they are the same in every region and never change.
TAXONOMY_NAMESPACE = uuid.UUID("3f6c1e2a-8d4b-4e6f-9a1c-5b7d2e0f4a91")
AUDIENCE_TAXONOMY_ID = uuid.uuid5(TAXONOMY_NAMESPACE, "ancrage:audience")
AUDIENCE_TAXONOMY_NAME = _("Ancrage — clientèles")
AUDIENCE_TAXONOMY_DESCRIPTION = _("À qui s'adresse un service offert en région.")


@dataclass(frozen=True)
class TaxonomyTerm:
    id: uuid.UUID
    code: str
    name: str


def audience_terms() -> list[TaxonomyTerm]:
    return [
        TaxonomyTerm(id=uuid.uuid5(TAXONOMY_NAMESPACE, f"ancrage:audience:{value}"), code=value, name=label)
        for value, label in Audience.choices
    ]


def audience_term(code: str) -> TaxonomyTerm:
    return next(term for term in audience_terms() if term.code == code)


def audience_for_term_id(term_id: uuid.UUID) -> str | None:
    """The audience a taxonomy term id stands for, or None for an id of no term."""
    return next((term.code for term in audience_terms() if term.id == term_id), None)


# --- services, organisations, service at locations ---------------------------------------------


def _active_points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(is_active=True).prefetch_related(
        Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at", "id"))
    )


def hsds_services() -> QuerySet[Service]:
    """Published, active services of active partners, with everything a fully nested service shows."""
    return (
        access.service_for_actor(actor=None)
        .filter(partner__is_active=True)
        .select_related("partner", "program")
        .prefetch_related(None)  # replaced by the public places and hours below
        .prefetch_related(
            Prefetch("service_points", queryset=_active_points().order_by("city", "name")),
            Prefetch("schedules", queryset=Schedule.objects.order_by("opens_at", "id")),
        )
        .order_by("name_fr", "id")
    )


def hsds_service_filter(
    services: QuerySet[Service],
    *,
    search: str = "",
    modified_after: dt.datetime | None = None,
    audience: str | None = None,
    organization_uuid: uuid.UUID | None = None,
    prefix: str = "",
) -> QuerySet:
    """The reference's query parameters, on services (or on rows that reach one through `prefix`)."""
    if search:
        words = Q()
        for field in ("name_fr", "name_en", "description_fr", "description_en", "territory", "partner__name"):
            words |= Q(**{f"{prefix}{field}__icontains": search})
        services = services.filter(words)
    if modified_after is not None:
        services = services.filter(**{f"{prefix}updated_at__gte": modified_after})
    if audience is not None:
        services = services.filter(**{f"{prefix}audience": audience})
    if organization_uuid is not None:
        services = services.filter(**{f"{prefix}partner__uuid": organization_uuid})
    return services


def hsds_organizations() -> QuerySet[Partner]:
    """Active partners that offer at least one service on the public map, with those services."""
    published = hsds_services()
    return (
        Partner.objects.filter(is_active=True)
        .filter(Exists(published.filter(partner=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("services", queryset=published, to_attr="published_services"),
            Prefetch(
                "service_points",
                queryset=_active_points().filter(
                    Exists(published.filter(service_points=OuterRef("pk")).values("pk"))
                ),
                to_attr="public_points",
            ),
        )
        .order_by("name", "id")
    )


def hsds_service_at_locations() -> QuerySet:
    """Each published service at each active service point where it is offered (the M2M rows)."""
    through = Service.service_points.through
    return (
        through.objects.filter(
            service__in=access.service_for_actor(actor=None).filter(partner__is_active=True),
            servicepoint__is_active=True,
        )
        .select_related("service__partner", "service__program", "servicepoint")
        .prefetch_related(
            Prefetch("servicepoint__schedules", queryset=Schedule.objects.order_by("opens_at", "id"))
        )
        .order_by("service__name_fr", "servicepoint__city", "servicepoint__name", "id")
    )


def service_at_location_uuid(service: Service, point: ServicePoint) -> uuid.UUID:
    """Stable id of a service offered at a place: derived from the two ids, so it never changes."""
    return uuid.uuid5(service.uuid, f"service_at_location:{point.uuid}")


# --- re-verification ----------------------------------------------------------------------------


def services_needing_verification(*, today: dt.date | None = None) -> QuerySet[Service]:
    """Active services whose information was never confirmed, or last confirmed over a year ago.

    Coordinators are reminded of these (manage.py services_to_verify; `needs_verification` on each
    row for the web pages) so that the public map does not go stale.
    """
    today = today or timezone.localdate()
    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(Q(assured_date__isnull=True) | Q(assured_date__lt=today - VERIFICATION_INTERVAL))
        .select_related("partner")
        .order_by("assured_date", "name_fr", "id")
    )


def service_needs_verification(service: Service, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return service.assured_date is None or service.assured_date < today - VERIFICATION_INTERVAL
