"""Writes on interventions: time spent with a person, a group or a company (the hours).

An intervention that names a person is part of their file: its write records a Law 25 audit event
inside the same transaction (one per write; a refused write leaves none).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, InterventionErrorCode
from core.models import (
    AuditAction,
    Enrollment,
    Intervention,
    InterventionMode,
    Participant,
    Partner,
    Program,
    TeamMember,
)
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


@transaction.atomic
def intervention_log(
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
    actor=None,
) -> Intervention:
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
    validate_and_save(intervention)
    _audit(intervention, actor=actor, action=AuditAction.CREATE)
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, actor=None, **fields) -> Intervention:
    # The person it named before the change: moving it to another file (or none) changes theirs too.
    named_before = intervention.participant
    changed = set_fields(intervention, INTERVENTION_FIELDS, fields)
    if fields.get("enrollment") is not None:
        # A new enrollment brings its own person and program, unless they are given with it.
        if "participant" not in fields:
            intervention.participant = None
        if "program" not in fields:
            intervention.program = None
        changed += ["participant", "program"]
    _check_intervention(intervention, list(fields))
    validate_and_save(intervention, update_fields=sorted(set(changed)))
    _audit(
        intervention,
        actor=actor,
        action=AuditAction.UPDATE,
        named_before=named_before,
        fields=sorted(set(changed)),
    )
    return intervention


@transaction.atomic
def intervention_delete(*, intervention: Intervention, actor=None) -> None:
    """Remove an intervention logged by mistake; the person's file keeps the trace of its removal."""
    _audit(intervention, actor=actor, action=AuditAction.DELETE)
    intervention.delete()


def _audit(intervention: Intervention, *, actor, action, named_before=None, **detail) -> None:
    """One event on the file of the person the intervention names (or named); none for a group or
    a company, which hold no personal information."""
    participant = intervention.participant or named_before
    if participant is not None:
        audit_record(actor=actor, action=action, obj=intervention, participant=participant, **detail)
