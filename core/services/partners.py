"""Writes on the partner network, the team, programs and the service map."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError, PartnerErrorCode, ProgramErrorCode
from core.models import (
    Committee,
    CommitteeMeeting,
    Funder,
    Objective,
    Partner,
    Program,
    Schedule,
    Service,
    ServicePoint,
    Strategy,
    TeamMember,
)
from core.services._common import ensure_dates_ordered, set_fields, validate_and_save

PARTNER_FIELDS = (
    "name",
    "acronym",
    "kind",
    "territory",
    "city",
    "address",
    "website",
    "email",
    "phone",
    "description",
    "endorses_strategy",
    "endorsed_on",
    "is_active",
)


def _ensure_partner_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    taken = Partner.objects.filter(name__iexact=name.strip())
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ApplicationError(
            code=PartnerErrorCode.NAME_TAKEN, detail=_("Un organisme porte déjà ce nom."), field="name"
        )


def partner_prepare(*, name: str, kind: str, **fields) -> Partner:
    """A new partner, unsaved: the rules that need no query (imports check many rows with it)."""
    partner = Partner(name=name.strip(), kind=kind)
    set_fields(partner, PARTNER_FIELDS, fields)
    return partner


@transaction.atomic
def partner_create(*, name: str, kind: str, **fields) -> Partner:
    _ensure_partner_name_free(name)
    return validate_and_save(partner_prepare(name=name, kind=kind, **fields))


@transaction.atomic
def partner_update(*, partner: Partner, **fields) -> Partner:
    if "name" in fields:
        _ensure_partner_name_free(fields["name"], exclude_pk=partner.pk)
    changed = set_fields(partner, PARTNER_FIELDS, fields)
    return validate_and_save(partner, update_fields=changed)


@transaction.atomic
def service_point_create(*, partner: Partner, name: str, address: str, city: str, **fields) -> ServicePoint:
    if ServicePoint.objects.filter(partner=partner, name=name).exists():
        raise ApplicationError(
            code=PartnerErrorCode.SERVICE_POINT_NAME_TAKEN,
            detail=_("Cet organisme a déjà un point de service de ce nom."),
            field="name",
        )
    point = ServicePoint(partner=partner, name=name, address=address, city=city)
    set_fields(
        point, {"postal_code", "phone", "by_appointment_only", "latitude", "longitude", "is_active"}, fields
    )
    return validate_and_save(point)


@transaction.atomic
def committee_create(
    *,
    name: str,
    kind: str,
    convener: Partner | None = None,
    partners: Iterable[Partner] = (),
    members: Iterable[TeamMember] = (),
    **fields,
) -> Committee:
    committee = Committee(name=name, kind=kind, convener=convener)
    set_fields(committee, {"territory", "description", "started_on", "is_active"}, fields)
    validate_and_save(committee)
    committee.partners.set(partners)
    committee.members.set(members)
    return committee


@transaction.atomic
def committee_meeting_record(*, committee: Committee, date, **fields) -> CommitteeMeeting:
    meeting = CommitteeMeeting(committee=committee, date=date)
    set_fields(meeting, {"place", "attendees", "notes"}, fields)
    return validate_and_save(meeting)


@transaction.atomic
def team_member_create(
    *, full_name: str, role: str, user=None, programs: Iterable[Program] = (), **fields
) -> TeamMember:
    member = TeamMember(full_name=full_name, role=role, user=user)
    set_fields(
        member,
        {
            "title",
            "team",
            "employer",
            "service_point",
            "email",
            "phone",
            "is_vacant_position",
            "started_on",
            "ended_on",
            "is_active",
        },
        fields,
    )
    ensure_dates_ordered(
        member.started_on,
        member.ended_on,
        field="ended_on",
        message=_("La fin d'emploi ne peut précéder l'entrée en poste."),
    )
    validate_and_save(member)
    member.programs.set(programs)
    return member


def _ensure_age_range(age_min: int | None, age_max: int | None) -> None:
    for field, value in (("age_min", age_min), ("age_max", age_max)):
        if value is not None and not 0 <= value <= 120:
            raise ApplicationError(
                code=ProgramErrorCode.AGE_RANGE_INVALID, detail=_("Un âge va de 0 à 120 ans."), field=field
            )
    if age_min is not None and age_max is not None and age_max < age_min:
        raise ApplicationError(
            code=ProgramErrorCode.AGE_RANGE_INVALID,
            detail=_("L'âge maximum doit être supérieur ou égal à l'âge minimum."),
            field="age_max",
        )


PROGRAM_FIELDS = {
    "name_en",
    "description_fr",
    "description_en",
    "operator",
    "strategy",
    "age_min",
    "age_max",
    "is_active",
}


@transaction.atomic
def program_create(
    *, code: str, name_fr: str, axis: str, funders: Iterable[Funder] = (), **fields
) -> Program:
    if Program.objects.filter(code=code).exists():
        raise ApplicationError(
            code=ProgramErrorCode.CODE_TAKEN, detail=_("Un programme porte déjà ce code."), field="code"
        )
    _ensure_age_range(fields.get("age_min"), fields.get("age_max"))
    program = Program(code=code, name_fr=name_fr, axis=axis)
    set_fields(program, PROGRAM_FIELDS, fields)
    validate_and_save(program)
    program.funders.set(funders)
    return program


@transaction.atomic
def program_update(*, program: Program, funders: Iterable[Funder] | None = None, **fields) -> Program:
    changed = set_fields(program, PROGRAM_FIELDS | {"name_fr", "axis"}, fields)
    _ensure_age_range(program.age_min, program.age_max)
    validate_and_save(program, update_fields=changed)
    if funders is not None:
        program.funders.set(funders)
    return program


@transaction.atomic
def strategy_create(
    *, name: str, lead: Partner | None = None, partners: Iterable[Partner] = (), **fields
) -> Strategy:
    strategy = Strategy(name=name, lead=lead)
    set_fields(strategy, {"mission", "announced_partner_count", "announced_team_size"}, fields)
    validate_and_save(strategy)
    strategy.partners.set(partners)
    return strategy


@transaction.atomic
def objective_add(
    *, text: str, strategy=None, program=None, agreement=None, position: int | None = None, **fields
) -> Objective:
    owner = {"strategy": strategy, "program": program, "agreement": agreement}
    if sum(value is not None for value in owner.values()) != 1:
        raise ApplicationError(
            code="objective_owner_invalid",
            detail=_("Un objectif appartient à une seule stratégie, un seul programme ou une seule entente."),
        )
    if position is None:
        key, value = next((k, v) for k, v in owner.items() if v is not None)
        position = Objective.objects.filter(**{key: value}).count() + 1
    objective = Objective(text=text, position=position, **owner)
    set_fields(objective, {"status"}, fields)
    return validate_and_save(objective)


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
    points = list(service_points)
    service = Service(partner=partner, name_fr=name_fr)
    set_fields(service, SERVICE_FIELDS, fields)
    validate_and_save(service)
    service.service_points.set(points)
    return service


@transaction.atomic
def service_update(*, service: Service, **fields) -> Service:
    changed = set_fields(service, {*SERVICE_FIELDS, "name_fr"}, fields)
    return validate_and_save(service, update_fields=changed)


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
