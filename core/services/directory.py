"""Writes on the service map (cartographie, Open Referral HSDS): services and service points."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, PartnerErrorCode
from core.models import Partner, Schedule, Service, ServicePoint
from core.services._common import set_fields, validate_and_save, write_fields

SERVICE_POINT_FIELDS = (
    "name",
    "address",
    "city",
    "postal_code",
    "phone",
    "by_appointment_only",
    "latitude",
    "longitude",
    "is_active",
)


def _ensure_service_point_name_free(partner: Partner, name: str, *, exclude_pk: int | None = None) -> None:
    taken = ServicePoint.objects.filter(partner=partner, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ApplicationError(
            code=PartnerErrorCode.SERVICE_POINT_NAME_TAKEN,
            detail=_("Cet organisme a déjà un point de service de ce nom."),
            field="name",
        )


@transaction.atomic
def service_point_create(
    *, partner: Partner, name: str, city: str, address: str = "", **fields
) -> ServicePoint:
    _ensure_service_point_name_free(partner, name)
    point = ServicePoint(partner=partner, name=name, address=address, city=city)
    return write_fields(point, SERVICE_POINT_FIELDS, fields)


@transaction.atomic
def service_point_update(*, service_point: ServicePoint, **fields) -> ServicePoint:
    if "name" in fields:
        _ensure_service_point_name_free(service_point.partner, fields["name"], exclude_pk=service_point.pk)
    return write_fields(service_point, SERVICE_POINT_FIELDS, fields)


SERVICE_FIELDS = (
    "program",
    "name_en",
    "description_fr",
    "description_en",
    "audience",
    "eligibility_fr",
    "eligibility_en",
    "languages",
    "fees_fr",
    "fees_en",
    "application_process_fr",
    "application_process_en",
    "territory",
    "email",
    "phone",
    "url",
    "status",
    "is_published",
    "assured_date",
)


@transaction.atomic
def service_create(
    *, partner: Partner, name_fr: str, service_points: Iterable[ServicePoint] = (), **fields
) -> Service:
    service = Service(partner=partner, name_fr=name_fr)
    return write_fields(service, SERVICE_FIELDS, fields, relations={"service_points": list(service_points)})


@transaction.atomic
def service_update(
    *, service: Service, service_points: Iterable[ServicePoint] | None = None, **fields
) -> Service:
    return write_fields(
        service, ("name_fr", *SERVICE_FIELDS), fields, relations={"service_points": service_points}
    )


@transaction.atomic
def service_assure(*, service: Service, on=None) -> Service:
    """The partner confirmed the service's information (HSDS assured_date): no reminder for a year."""
    service.assured_date = on or timezone.localdate()
    return validate_and_save(service, update_fields=["assured_date"])


@transaction.atomic
def schedule_add(
    *,
    weekdays: Iterable[str],
    opens_at,
    closes_at,
    service: Service | None = None,
    service_point=None,
    **fields,
) -> Schedule:
    """Weekly opening hours of a service or of a service point."""
    schedule = Schedule(
        service=service,
        service_point=service_point,
        weekdays=list(weekdays),
        opens_at=opens_at,
        closes_at=closes_at,
    )
    set_fields(schedule, {"valid_from", "valid_to", "note"}, fields)
    return validate_and_save(schedule)
