"""Writes on participants: intake with consent and duplicate check, the migration journey,
enrollments and their lifecycle, outcomes, interventions and retention follow-ups."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import (
    ApplicationError,
    CommonErrorCode,
    EnrollmentErrorCode,
    InterventionErrorCode,
    ParticipantErrorCode,
    RetentionErrorCode,
)
from core.models import (
    AGE_GROUP_BOUNDS,
    JOURNEY_ORDER,
    MIGRATION_OUTCOMES,
    OPEN_ENROLLMENT_STATUSES,
    RETENTION_MONTHS,
    Consent,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    Intervention,
    InterventionMode,
    JourneyStep,
    OriginKind,
    Outcome,
    Participant,
    ParticipantIdentity,
    Partner,
    Program,
    RetentionFollowUp,
    RetentionStatus,
    TeamMember,
)
from core.selectors import participant_find_possible_duplicate
from core.services._common import add_months, ensure_dates_ordered, set_fields, validate_and_save

# The statistics a file holds beside age group and gender (no name among them: Law 25).
PROFILE_FIELDS = (
    "education",
    "immigration_status",
    "city",
    "mrc",
    "origin_kind",
    "origin_country",
    "origin_region",
    "origin_mrc",
    "destination_mrc",
    "destination_municipality",
)
STAT_FIELDS = (*PROFILE_FIELDS, "is_synthetic")
JOURNEY_FIELDS = ("journey_step", "exploratory_stay_on", "job_or_studies_found_on", "settled_on")
IDENTITY_FIELDS = ("first_name", "last_name", "birth_date", "email", "phone")
CONSENT_PURPOSES = ("purpose_follow_up", "purpose_statistics", "purpose_referral", "purpose_communications")


def _new_participant_code() -> str:
    # Random, so the file number says nothing about the person or the order of intake.
    while True:
        code = f"P-{secrets.token_hex(4).upper()}"
        if not Participant.objects.filter(code=code).exists():
            return code


def _check_origin(participant: Participant) -> None:
    if participant.origin_kind == OriginKind.ABROAD and not participant.origin_country.strip():
        raise ApplicationError(
            code=ParticipantErrorCode.COUNTRY_REQUIRED,
            detail=_("Indiquez le pays d'origine d'une personne venant de l'étranger."),
            field="origin_country",
        )


def _consent_from(data: dict | None, *, participant: Participant, recorded_by: TeamMember | None) -> Consent:
    if not data or not data.get("given_on"):
        raise ApplicationError(
            code=ParticipantErrorCode.CONSENT_REQUIRED,
            detail=_("Le consentement (date et fins) doit être consigné à l'accueil."),
            field="consent",
        )
    unknown = set(data) - {"given_on", "method", "guardian_name", "guardian_relationship", *CONSENT_PURPOSES}
    if unknown:
        raise ApplicationError(
            code=CommonErrorCode.INVALID,
            detail=_("Champs de consentement inconnus : %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field="consent",
        )
    consent = Consent(participant=participant, recorded_by=recorded_by, **data)
    if not any(getattr(consent, purpose) for purpose in CONSENT_PURPOSES):
        raise ApplicationError(
            code=ParticipantErrorCode.CONSENT_NO_PURPOSE,
            detail=_("Un consentement doit viser au moins une fin."),
            field="consent",
        )
    return consent


@transaction.atomic
def participant_intake(
    *,
    intake_date: dt.date,
    age_group: str,
    gender: str,
    identity: dict,
    consent: dict | None,
    agent: TeamMember | None = None,
    recorded_by: TeamMember | None = None,
    code: str | None = None,
    **stats,
) -> Participant:
    """Open a file: statistics, personal information and consent together.

    A possible duplicate (same name and birth date, or same e-mail) is flagged through
    `possible_duplicate_of` instead of being refused or silently merged.
    """
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if (
        unknown
        or not str(identity.get("first_name", "")).strip()
        or not str(identity.get("last_name", "")).strip()
    ):
        raise ApplicationError(
            code=ParticipantErrorCode.IDENTITY_REQUIRED,
            detail=_("Le prénom et le nom sont requis (et seulement les champs prévus)."),
            field="identity",
        )
    participant = Participant(
        code=code or _new_participant_code(),
        intake_date=intake_date,
        age_group=age_group,
        gender=gender,
        agent=agent,
    )
    set_fields(participant, STAT_FIELDS, stats)
    _check_origin(participant)
    consent_row = _consent_from(consent, participant=participant, recorded_by=recorded_by or agent)
    participant.has_consent = True
    participant.possible_duplicate_of = participant_find_possible_duplicate(
        first_name=identity["first_name"],
        last_name=identity["last_name"],
        birth_date=identity.get("birth_date"),
        email=identity.get("email", ""),
    )
    validate_and_save(participant)
    validate_and_save(ParticipantIdentity(participant=participant, **identity))
    consent_row.participant = participant
    validate_and_save(consent_row)
    return participant


@transaction.atomic
def participant_update(*, participant: Participant, **stats) -> Participant:
    changed = set_fields(participant, {*STAT_FIELDS, "age_group", "gender", "agent"}, stats)
    _check_origin(participant)
    return validate_and_save(participant, update_fields=changed)


@transaction.atomic
def participant_identity_update(*, participant: Participant, **fields) -> ParticipantIdentity:
    identity = participant.identity
    changed = set_fields(identity, IDENTITY_FIELDS, fields)
    return validate_and_save(identity, update_fields=changed)


@transaction.atomic
def participant_consent_withdraw(*, participant: Participant, withdrawn_on: dt.date) -> Participant:
    """Withdraw every consent in force; the file stays, for the statistics already counted."""
    for consent in participant.consents.filter(withdrawn_on__isnull=True):
        ensure_dates_ordered(
            consent.given_on,
            withdrawn_on,
            field="withdrawn_on",
            message=_("Un consentement ne peut être retiré avant d'avoir été donné."),
        )
        consent.withdrawn_on = withdrawn_on
        validate_and_save(consent, update_fields=["withdrawn_on"])
    participant.has_consent = False
    return validate_and_save(participant, update_fields=["has_consent"])


@transaction.atomic
def participant_consent_record(
    *, participant: Participant, recorded_by: TeamMember | None = None, **consent
) -> Consent:
    row = _consent_from(consent, participant=participant, recorded_by=recorded_by)
    validate_and_save(row)
    participant.has_consent = True
    validate_and_save(participant, update_fields=["has_consent"])
    return row


JOURNEY_DATE_FIELD = {
    JourneyStep.EXPLORATORY_STAY: "exploratory_stay_on",
    JourneyStep.JOB_OR_STUDIES_FOUND: "job_or_studies_found_on",
    JourneyStep.SETTLED: "settled_on",
}


@transaction.atomic
def participant_journey_advance(
    *,
    participant: Participant,
    step: str,
    on: dt.date,
    destination_mrc: str = "",
    destination_municipality: str = "",
) -> Participant:
    """Move a person forward on exploratory stay → job or studies found → settled (never backwards).

    Settling schedules the retention follow-ups at 3, 6, 12 and 24 months.
    """
    if step not in JOURNEY_DATE_FIELD:
        raise ApplicationError(code=CommonErrorCode.INVALID, detail=_("Étape inconnue."), field="step")
    if on is None:
        raise ApplicationError(
            code=ParticipantErrorCode.JOURNEY_DATE_REQUIRED,
            detail=_("Chaque étape doit être datée."),
            field="on",
        )
    if JOURNEY_ORDER.index(step) < JOURNEY_ORDER.index(participant.journey_step):
        raise ApplicationError(
            code=ParticipantErrorCode.JOURNEY_STEP_BACKWARDS,
            detail=_("Le parcours avance seulement : « %(current)s » est déjà atteint.")
            % {"current": participant.get_journey_step_display()},
            field="step",
        )
    changed = ["journey_step", JOURNEY_DATE_FIELD[step]]
    participant.journey_step = step
    setattr(participant, JOURNEY_DATE_FIELD[step], on)
    if destination_mrc:
        participant.destination_mrc = destination_mrc
        changed.append("destination_mrc")
    if destination_municipality:
        participant.destination_municipality = destination_municipality
        changed.append("destination_municipality")
    validate_and_save(participant, update_fields=changed)
    if step == JourneyStep.SETTLED:
        retention_followups_schedule(participant=participant)
    return participant


@transaction.atomic
def retention_followups_schedule(*, participant: Participant) -> list[RetentionFollowUp]:
    """The 3-, 6-, 12- and 24-month follow-ups after settling; idempotent (existing ones stay)."""
    if participant.settled_on is None:
        raise ApplicationError(
            code=RetentionErrorCode.NOT_SETTLED,
            detail=_("Les suivis de rétention se planifient une fois la personne établie."),
            field="participant",
        )
    existing = set(participant.retention_followups.values_list("months_after", flat=True))
    RetentionFollowUp.objects.bulk_create(
        [
            RetentionFollowUp(
                participant=participant,
                months_after=months,
                due_on=add_months(participant.settled_on, months),
            )
            for months in RETENTION_MONTHS
            if months not in existing
        ]
    )
    return list(participant.retention_followups.order_by("months_after"))


@transaction.atomic
def retention_followup_record(
    *,
    followup: RetentionFollowUp,
    status: str,
    recorded_on: dt.date,
    recorded_by: TeamMember | None = None,
    note: str = "",
) -> RetentionFollowUp:
    if status not in (RetentionStatus.STILL_HERE, RetentionStatus.LEFT, RetentionStatus.UNKNOWN):
        raise ApplicationError(
            code=RetentionErrorCode.STATUS_INVALID,
            detail=_("Un suivi se consigne « toujours en région », « a quitté » ou « inconnu »."),
            field="status",
        )
    followup.status = status
    followup.recorded_on = recorded_on
    followup.recorded_by = recorded_by
    followup.note = note
    return validate_and_save(followup, update_fields=["status", "recorded_on", "recorded_by", "note"])


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


@transaction.atomic
def participant_enroll(
    *,
    participant: Participant,
    program: Program,
    applied_on: dt.date,
    agent: TeamMember | None = None,
    status: str = EnrollmentStatus.APPLIED,
    actor: TeamMember | None = None,
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
        enrollment=enrollment, from_status="", to_status=status, changed_on=applied_on, changed_by=actor
    )
    return enrollment


@transaction.atomic
def enrollment_transition(
    *, enrollment: Enrollment, to_status: str, on: dt.date, actor: TeamMember | None = None
) -> Enrollment:
    """Move an enrollment along applied → waitlisted → enrolled → active → completed (or withdrawn)."""
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
        enrollment=enrollment, from_status=from_status, to_status=to_status, changed_on=on, changed_by=actor
    )
    return enrollment


@transaction.atomic
def enrollment_outcome_record(
    *,
    enrollment: Enrollment,
    outcome: str,
    on: dt.date,
    recorded_by: TeamMember | None = None,
    close: bool = True,
) -> Enrollment:
    """Record what came of a follow-up (en emploi, retour aux études, migration...), dated and signed."""
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
        if enrollment.status in (EnrollmentStatus.APPLIED, EnrollmentStatus.WAITLISTED):
            enrollment_transition(
                enrollment=enrollment, to_status=EnrollmentStatus.ACTIVE, on=on, actor=recorded_by
            )
        enrollment_transition(
            enrollment=enrollment, to_status=EnrollmentStatus.COMPLETED, on=on, actor=recorded_by
        )
    return enrollment


@transaction.atomic
def migration_outcome_record(
    *,
    enrollment: Enrollment,
    outcome: str,
    on: dt.date,
    recorded_by: TeamMember | None = None,
    destination_mrc: str = "",
    destination_municipality: str = "",
) -> Enrollment:
    """A "migration réussie" or "parallèle": the person has settled in the region on `on`.

    Records the outcome (date, recorder), closes the enrollment, moves the person to "settled" and
    schedules the retention follow-ups.
    """
    if outcome not in MIGRATION_OUTCOMES:
        raise ApplicationError(
            code=EnrollmentErrorCode.OUTCOME_INVALID,
            detail=_("Une migration est « réussie » ou « parallèle »."),
            field="outcome",
        )
    enrollment_outcome_record(enrollment=enrollment, outcome=outcome, on=on, recorded_by=recorded_by)
    participant = enrollment.participant
    if participant.journey_step != JourneyStep.SETTLED:
        participant_journey_advance(
            participant=participant,
            step=JourneyStep.SETTLED,
            on=on,
            destination_mrc=destination_mrc,
            destination_municipality=destination_municipality,
        )
    return enrollment


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
) -> Intervention:
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 24 * 60:
        raise ApplicationError(
            code=InterventionErrorCode.MINUTES_INVALID,
            detail=_("La durée doit être de 1 à 1 440 minutes."),
            field="minutes",
        )
    if enrollment is not None:
        if participant is not None and participant.pk != enrollment.participant_id:
            raise ApplicationError(
                code=InterventionErrorCode.ENROLLMENT_MISMATCH,
                detail=_("Cette inscription est celle d'une autre personne."),
                field="enrollment",
            )
        if program is not None and program.pk != enrollment.program_id:
            raise ApplicationError(
                code=InterventionErrorCode.ENROLLMENT_MISMATCH,
                detail=_("Cette inscription relève d'un autre programme."),
                field="program",
            )
        participant = participant or enrollment.participant
        program = program or enrollment.program
    if participant is None and partner is None and mode != InterventionMode.GROUP:
        raise ApplicationError(
            code=InterventionErrorCode.NO_SUBJECT,
            detail=_("Une intervention vise une personne, un groupe ou une entreprise : indiquez lequel."),
            field="participant",
        )
    if group_size is not None and group_size < 2:
        raise ApplicationError(
            code=InterventionErrorCode.GROUP_SIZE_INVALID,
            detail=_("Un groupe compte au moins deux personnes."),
            field="group_size",
        )
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
    return validate_and_save(intervention)
