"""Writes on enrollments (suivis): a person's follow-up in a program, its lifecycle and outcomes.

An enrollment is part of the person's file: each write records one Law 25 audit event inside its
transaction (a refused write leaves none), however many rows it changes.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, EnrollmentErrorCode, ParticipantErrorCode
from core.models import (
    AGE_GROUP_BOUNDS,
    MIGRATION_OUTCOMES,
    OPEN_ENROLLMENT_STATUSES,
    AuditAction,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    JourneyStep,
    Outcome,
    Participant,
    Program,
    TeamMember,
)
from core.services._common import acting_team_member, ensure_dates_ordered, validate_and_save
from core.services.participants import file_update, journey_fields


def _age_fits(age_group: str, program: Program) -> bool:
    bounds = AGE_GROUP_BOUNDS.get(age_group)
    if bounds is None:  # unknown age: let the agent decide
        return True
    low, high = bounds
    return (program.age_max is None or low <= program.age_max) and (
        program.age_min is None or high >= program.age_min
    )


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    EnrollmentStatus.APPLIED: {
        EnrollmentStatus.WAITLISTED,
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.WITHDRAWN,
    },
    EnrollmentStatus.WAITLISTED: {
        EnrollmentStatus.ENROLLED,
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.WITHDRAWN,
    },
    EnrollmentStatus.ENROLLED: {
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.COMPLETED,
        EnrollmentStatus.WITHDRAWN,
    },
    EnrollmentStatus.ACTIVE: {EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN},
    EnrollmentStatus.COMPLETED: set(),
    EnrollmentStatus.WITHDRAWN: set(),
}


# What opening an enrollment takes (the person aside); its lifecycle has its own services below.
ENROLLMENT_FIELDS = ("program", "status", "applied_on", "agent")


@transaction.atomic
def participant_enroll(
    *,
    participant: Participant,
    program: Program,
    applied_on: dt.date,
    agent: TeamMember | None = None,
    status: str = EnrollmentStatus.APPLIED,
    actor=None,
) -> Enrollment:
    if not participant.has_consent:
        raise ApplicationError(
            code=ParticipantErrorCode.CONSENT_WITHDRAWN,
            detail=_("Sans consentement en vigueur, aucune nouvelle inscription."),
            field="participant",
        )
    if not program.is_active:
        raise ApplicationError(
            code=EnrollmentErrorCode.PROGRAM_INACTIVE,
            detail=_("Ce programme n'est plus offert."),
            field="program",
        )
    if not _age_fits(participant.age_group, program):
        raise ApplicationError(
            code=EnrollmentErrorCode.AGE_OUT_OF_RANGE,
            detail=_(
                "Le groupe d'âge de cette personne est hors de la tranche d'âge du programme (%(min)s à %(max)s ans)."
            )
            % {"min": program.age_min if program.age_min is not None else "…", "max": program.age_max or "…"},
            field="program",
        )
    if status not in OPEN_ENROLLMENT_STATUSES:
        raise ApplicationError(
            code=EnrollmentErrorCode.TRANSITION_INVALID,
            detail=_("Une inscription commence par une candidature, une attente ou une inscription."),
            field="status",
        )
    # Lock the person's row: two agents enrolling them at once queue here instead of racing.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if Enrollment.objects.filter(
        participant=participant, program=program, status__in=OPEN_ENROLLMENT_STATUSES
    ).exists():
        raise ApplicationError(
            code=EnrollmentErrorCode.ALREADY_OPEN,
            detail=_("Cette personne a déjà une inscription ouverte à ce programme."),
            field="program",
        )
    enrollment = Enrollment(
        participant=participant,
        program=program,
        agent=agent or participant.agent,
        status=status,
        applied_on=applied_on,
        start_date=applied_on if status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.ACTIVE) else None,
    )
    validate_and_save(enrollment)
    EnrollmentStatusChange.objects.create(
        enrollment=enrollment,
        from_status="",
        to_status=status,
        changed_on=applied_on,
        changed_by=acting_team_member(actor),
    )
    _audit(enrollment, actor=actor, action=AuditAction.CREATE)
    return enrollment


def _audit(enrollment: Enrollment, *, actor, action=AuditAction.UPDATE, **detail) -> None:
    audit_record(actor=actor, action=action, obj=enrollment, participant=enrollment.participant, **detail)


@transaction.atomic
def enrollment_transition(*, enrollment: Enrollment, to_status: str, on: dt.date, actor=None) -> Enrollment:
    """Move an enrollment along applied → waitlisted → enrolled → active → completed (or withdrawn)."""
    _transition(enrollment, to_status=to_status, on=on, actor=actor)
    _audit(enrollment, actor=actor, status=to_status)
    return enrollment


def _transition(enrollment: Enrollment, *, to_status: str, on: dt.date, actor) -> None:
    if to_status not in ALLOWED_TRANSITIONS.get(enrollment.status, set()):
        raise ApplicationError(
            code=EnrollmentErrorCode.TRANSITION_INVALID,
            detail=_("Passage impossible de « %(from)s » à « %(to)s ».")
            % {
                "from": enrollment.get_status_display(),
                "to": EnrollmentStatus(to_status).label
                if to_status in EnrollmentStatus.values
                else to_status,
            },
            field="status",
        )
    ensure_dates_ordered(
        enrollment.applied_on,
        on,
        field="on",
        message=_("Un changement de statut ne peut précéder la demande."),
    )
    from_status = enrollment.status
    enrollment.status = to_status
    changed = ["status"]
    if to_status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.ACTIVE) and enrollment.start_date is None:
        enrollment.start_date = on
        changed.append("start_date")
    if to_status in (EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN):
        enrollment.end_date = on
        changed.append("end_date")
        ensure_dates_ordered(
            enrollment.start_date, on, field="on", message=_("La fin du suivi ne peut précéder son début.")
        )
    validate_and_save(enrollment, update_fields=changed)
    EnrollmentStatusChange.objects.create(
        enrollment=enrollment,
        from_status=from_status,
        to_status=to_status,
        changed_on=on,
        changed_by=acting_team_member(actor),
    )


@transaction.atomic
def enrollment_outcome_record(
    *,
    enrollment: Enrollment,
    outcome: str,
    on: dt.date,
    recorded_by: TeamMember | None = None,
    close: bool = True,
    actor=None,
) -> Enrollment:
    """Record what came of a follow-up (en emploi, retour aux études, migration...), dated and signed."""
    _record_outcome(enrollment, outcome=outcome, on=on, recorded_by=recorded_by, close=close, actor=actor)
    _audit(enrollment, actor=actor, outcome=outcome)
    return enrollment


def _record_outcome(
    enrollment: Enrollment, *, outcome: str, on: dt.date, recorded_by, close: bool, actor
) -> None:
    if outcome not in Outcome.values:
        raise ApplicationError(
            code=EnrollmentErrorCode.OUTCOME_INVALID, detail=_("Résultat inconnu."), field="outcome"
        )
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        raise ApplicationError(
            code=EnrollmentErrorCode.CLOSED,
            detail=_("Cette inscription a été abandonnée : aucun résultat ne s'y consigne."),
            field="enrollment",
        )
    ensure_dates_ordered(
        enrollment.applied_on, on, field="on", message=_("Un résultat ne peut précéder la demande.")
    )
    enrollment.outcome = outcome
    enrollment.outcome_on = on
    enrollment.outcome_recorded_by = recorded_by
    validate_and_save(enrollment, update_fields=["outcome", "outcome_on", "outcome_recorded_by"])
    if close and enrollment.is_open:
        signed_by = actor or recorded_by
        if enrollment.status in (EnrollmentStatus.APPLIED, EnrollmentStatus.WAITLISTED):
            _transition(enrollment, to_status=EnrollmentStatus.ACTIVE, on=on, actor=signed_by)
        _transition(enrollment, to_status=EnrollmentStatus.COMPLETED, on=on, actor=signed_by)


@transaction.atomic
def migration_outcome_record(
    *,
    enrollment: Enrollment,
    outcome: str,
    on: dt.date,
    recorded_by: TeamMember | None = None,
    destination_mrc: str = "",
    destination_municipality: str = "",
    actor=None,
) -> Enrollment:
    """A "migration réussie" or "parallèle": the person has settled in the region on `on`.

    Records the outcome (date, recorder), closes the enrollment, moves the person to "settled" and
    schedules the retention follow-ups; one audit event for the whole write.
    """
    if outcome not in MIGRATION_OUTCOMES:
        raise ApplicationError(
            code=EnrollmentErrorCode.OUTCOME_INVALID,
            detail=_("Une migration est « réussie » ou « parallèle »."),
            field="outcome",
        )
    _record_outcome(enrollment, outcome=outcome, on=on, recorded_by=recorded_by, close=True, actor=actor)
    participant = enrollment.participant
    changed = []
    if participant.journey_step != JourneyStep.SETTLED:
        fields = journey_fields(
            step=JourneyStep.SETTLED,
            on=on,
            destination_mrc=destination_mrc,
            destination_municipality=destination_municipality,
        )
        changed = file_update(participant, **fields)
    _audit(enrollment, actor=actor, outcome=outcome, fields=sorted(changed))
    return enrollment
