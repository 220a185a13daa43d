"""Writes on interventions: time spent with a person, a group or a company (the hours)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError, InterventionErrorCode
from core.models import Enrollment, Intervention, InterventionMode, Participant, Partner, Program, TeamMember
from core.services._common import set_fields, validate_and_save

INTERVENTION_FIELDS = (
    "participant",
    "enrollment",
    "program",
    "agent",
    "partner",
    "date",
    "minutes",
    "mode",
    "group_size",
    "subject",
    "notes",
)


def _check_intervention(intervention: Intervention, changed: tuple | list = ()) -> None:
    """The rules of an intervention, on create and update alike; fills person and program from the
    enrollment when they were not given. `changed`: the fields an update sets (named in errors)."""
    minutes = intervention.minutes
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 24 * 60:
        raise ApplicationError(
            code=InterventionErrorCode.MINUTES_INVALID,
            detail=_("La durée doit être de 1 à 1 440 minutes."),
            field="minutes",
        )
    enrollment = intervention.enrollment
    if enrollment is not None:
        if (
            intervention.participant_id is not None
            and intervention.participant_id != enrollment.participant_id
        ):
            raise ApplicationError(
                code=InterventionErrorCode.ENROLLMENT_MISMATCH,
                detail=_("Cette inscription est celle d'une autre personne."),
                field="participant"
                if "enrollment" not in changed and "participant" in changed
                else "enrollment",
            )
        if intervention.program_id is not None and intervention.program_id != enrollment.program_id:
            raise ApplicationError(
                code=InterventionErrorCode.ENROLLMENT_MISMATCH,
                detail=_("Cette inscription relève d'un autre programme."),
                field="program",
            )
        intervention.participant_id = enrollment.participant_id
        intervention.program_id = enrollment.program_id
    if (
        intervention.participant_id is None
        and intervention.partner_id is None
        and intervention.mode != InterventionMode.GROUP
    ):
        raise ApplicationError(
            code=InterventionErrorCode.NO_SUBJECT,
            detail=_("Une intervention vise une personne, un groupe ou une entreprise : indiquez lequel."),
            field="participant",
        )
    if intervention.group_size is not None and intervention.group_size < 2:
        raise ApplicationError(
            code=InterventionErrorCode.GROUP_SIZE_INVALID,
            detail=_("Un groupe compte au moins deux personnes."),
            field="group_size",
        )


def intervention_prepare(
    *,
    date: dt.date,
    minutes: int,
    agent: TeamMember | None = None,
    participant: Participant | None = None,
    enrollment: Enrollment | None = None,
    program: Program | None = None,
    partner: Partner | None = None,
    mode: str = InterventionMode.INDIVIDUAL,
    group_size: int | None = None,
    subject: str = "",
    notes: str = "",
) -> Intervention:
    """A new intervention, unsaved, its rules checked (imports check many rows with it)."""
    intervention = Intervention(
        date=date,
        minutes=minutes,
        agent=agent,
        participant=participant,
        enrollment=enrollment,
        program=program,
        partner=partner,
        mode=mode,
        group_size=group_size,
        subject=subject,
        notes=notes,
    )
    _check_intervention(intervention)
    return intervention


@transaction.atomic
def intervention_log(**fields) -> Intervention:
    """Time spent with a participant, a group or a company (the fields of intervention_prepare)."""
    return validate_and_save(intervention_prepare(**fields))


@transaction.atomic
def intervention_update(*, intervention: Intervention, **fields) -> Intervention:
    changed = set_fields(intervention, INTERVENTION_FIELDS, fields)
    if fields.get("enrollment") is not None:
        # A new enrollment brings its own person and program, unless they are given with it.
        if "participant" not in fields:
            intervention.participant = None
        if "program" not in fields:
            intervention.program = None
        changed += ["participant", "program"]
    _check_intervention(intervention, list(fields))
    return validate_and_save(intervention, update_fields=sorted(set(changed)))
