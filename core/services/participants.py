"""Writes on participants: intake with consent and duplicate check, their file and identity, the
migration journey and its retention follow-ups, consent.

Every write on a person's file records its Law 25 audit event (core.audit) inside the same
transaction: a write that fails leaves no trace, a write that succeeds always leaves one. `actor`
is the user acting (None for a system write, recorded with no account).
"""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, CommonErrorCode, ParticipantErrorCode, RetentionErrorCode
from core.models import (
    JOURNEY_ORDER,
    RETENTION_MONTHS,
    AuditAction,
    Consent,
    JourneyStep,
    OriginKind,
    Participant,
    ParticipantIdentity,
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
CONSENT_FIELDS = ("given_on", "method", *CONSENT_PURPOSES)
# What a file's statistics and journey are made of (identity and consent have their own rules);
# `is_synthetic` (demo data) is written by the demo only.
PARTICIPANT_FIELDS = ("agent", "age_group", "gender", *PROFILE_FIELDS, *JOURNEY_FIELDS)

# The date each step of the journey is reached on.
JOURNEY_DATE_FIELD = {
    JourneyStep.EXPLORATORY_STAY: "exploratory_stay_on",
    JourneyStep.JOB_OR_STUDIES_FOUND: "job_or_studies_found_on",
    JourneyStep.SETTLED: "settled_on",
}


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
    unknown = set(data) - set(CONSENT_FIELDS)
    if unknown:
        raise ApplicationError(
            code=CommonErrorCode.INVALID,
            detail=_("Champs de consentement inconnus : %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field="consent",
        )
    # A day of slack: the agent's clock and the server's may straddle midnight.
    if data["given_on"] > timezone.localdate() + dt.timedelta(days=1):
        raise ApplicationError(
            code=ParticipantErrorCode.CONSENT_IN_FUTURE,
            detail=_("Un consentement ne peut être daté dans le futur."),
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


def _apply_journey(participant: Participant, fields: dict) -> list[str]:
    """Set the journey step and dates given in `fields`: forward only, each reached step dated,
    no date for a step not reached. Returns the fields changed."""
    changed = []
    step = fields.get("journey_step")
    if step is not None and step != participant.journey_step:
        if step not in JOURNEY_ORDER:
            raise ApplicationError(
                code=CommonErrorCode.INVALID, detail=_("Étape inconnue."), field="journey_step"
            )
        if JOURNEY_ORDER.index(step) < JOURNEY_ORDER.index(participant.journey_step):
            raise ApplicationError(
                code=ParticipantErrorCode.JOURNEY_STEP_BACKWARDS,
                detail=_("Le parcours avance seulement : « %(current)s » est déjà atteint.")
                % {"current": participant.get_journey_step_display()},
                field="journey_step",
            )
        participant.journey_step = step
        changed.append("journey_step")
    reached = JOURNEY_ORDER.index(participant.journey_step)
    for date_step, date_field in JOURNEY_DATE_FIELD.items():
        if date_field in fields:
            if JOURNEY_ORDER.index(date_step) > reached and fields[date_field] is not None:
                raise ApplicationError(
                    code=ParticipantErrorCode.JOURNEY_STEP_NOT_REACHED,
                    detail=_("Cette étape du parcours n'est pas encore atteinte : indiquez-la aussi."),
                    field=date_field,
                )
            setattr(participant, date_field, fields[date_field])
            changed.append(date_field)
    date_field = JOURNEY_DATE_FIELD.get(participant.journey_step)
    if date_field and getattr(participant, date_field) is None:
        raise ApplicationError(
            code=ParticipantErrorCode.JOURNEY_DATE_REQUIRED,
            detail=_("Chaque étape doit être datée."),
            field=date_field,
        )
    return changed


def _identity_checked(identity: dict) -> dict:
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
    return identity


@transaction.atomic
def participant_intake(
    *,
    intake_date: dt.date,
    age_group: str,
    gender: str,
    identity: dict,
    consent: dict | None = None,
    agent: TeamMember | None = None,
    recorded_by: TeamMember | None = None,
    code: str | None = None,
    actor=None,
    **stats,
) -> Participant:
    """Open a file: statistics (journey included), personal information and consent together.

    A possible duplicate (same name and birth date, or same e-mail) is flagged through
    `possible_duplicate_of` instead of being refused or silently merged.
    """
    _identity_checked(identity)
    participant = Participant(
        code=code or _new_participant_code(),
        intake_date=intake_date,
        age_group=age_group,
        gender=gender,
        agent=agent,
    )
    journey = {name: stats.pop(name) for name in JOURNEY_FIELDS if name in stats}
    set_fields(participant, STAT_FIELDS, stats)
    _apply_journey(participant, journey)
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
    if participant.settled_on is not None:
        retention_followups_schedule(participant=participant)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=participant)
    return participant


def _identity_update(participant: Participant, fields: dict) -> list[str]:
    identity = participant.identity
    changed = set_fields(identity, IDENTITY_FIELDS, fields)
    validate_and_save(identity, update_fields=changed)
    return changed


def file_update(participant: Participant, *, identity: dict | None = None, **fields) -> list[str]:
    """Change a file's statistics, journey (forward only, dated) and identity, without the audit
    event: for the services that write it themselves, as one event of a larger write."""
    was_settled = participant.settled_on is not None
    journey = {name: fields.pop(name) for name in JOURNEY_FIELDS if name in fields}
    changed = set_fields(participant, (*PARTICIPANT_FIELDS, "is_synthetic"), fields)
    changed += _apply_journey(participant, journey)
    _check_origin(participant)
    validate_and_save(participant, update_fields=changed)
    if identity:
        changed += [f"identity.{name}" for name in _identity_update(participant, identity)]
    if not was_settled and participant.settled_on is not None:
        retention_followups_schedule(participant=participant)
    return changed


@transaction.atomic
def participant_update(
    *, participant: Participant, identity: dict | None = None, actor=None, **fields
) -> Participant:
    """Change a file in one write: statistics, journey (forward only, dated) and identity."""
    changed = file_update(participant, identity=identity, **fields)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=participant, fields=sorted(changed))
    return participant


@transaction.atomic
def participant_identity_update(*, participant: Participant, actor=None, **fields) -> ParticipantIdentity:
    changed = _identity_update(participant, fields)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=participant, fields=sorted(changed))
    return participant.identity


@transaction.atomic
def participant_consent_withdraw(
    *, participant: Participant, withdrawn_on: dt.date, actor=None
) -> Participant:
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
    validate_and_save(participant, update_fields=["has_consent"])
    audit_record(actor=actor, action=AuditAction.CONSENT_WITHDRAW, obj=participant)
    return participant


@transaction.atomic
def participant_consent_record(
    *, participant: Participant, recorded_by: TeamMember | None = None, actor=None, **consent
) -> Consent:
    row = _consent_from(consent, participant=participant, recorded_by=recorded_by)
    validate_and_save(row)
    participant.has_consent = True
    validate_and_save(participant, update_fields=["has_consent"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=participant, fields=["consent"])
    return row


@transaction.atomic
def participant_journey_advance(
    *,
    participant: Participant,
    step: str,
    on: dt.date,
    destination_mrc: str = "",
    destination_municipality: str = "",
    actor=None,
) -> Participant:
    """Move a person forward on exploratory stay → job or studies found → settled (never backwards).

    Settling schedules the retention follow-ups at 3, 6, 12 and 24 months.
    """
    fields = journey_fields(
        step=step, on=on, destination_mrc=destination_mrc, destination_municipality=destination_municipality
    )
    return participant_update(participant=participant, actor=actor, **fields)


def journey_fields(
    *, step: str, on: dt.date, destination_mrc: str = "", destination_municipality: str = ""
) -> dict:
    """The file's fields that reaching `step` on `on` sets (checked here, applied by file_update)."""
    if step not in JOURNEY_DATE_FIELD:
        raise ApplicationError(code=CommonErrorCode.INVALID, detail=_("Étape inconnue."), field="step")
    if on is None:
        raise ApplicationError(
            code=ParticipantErrorCode.JOURNEY_DATE_REQUIRED,
            detail=_("Chaque étape doit être datée."),
            field="on",
        )
    destination = {"destination_mrc": destination_mrc, "destination_municipality": destination_municipality}
    return {
        **{name: value for name, value in destination.items() if value},
        "journey_step": step,
        JOURNEY_DATE_FIELD[step]: on,
    }


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


RETENTION_RECORD_FIELDS = ("status", "recorded_on", "note")


@transaction.atomic
def retention_followup_record(
    *,
    followup: RetentionFollowUp,
    status: str,
    recorded_on: dt.date,
    recorded_by: TeamMember | None = None,
    note: str = "",
    actor=None,
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
    validate_and_save(followup, update_fields=["status", "recorded_on", "recorded_by", "note"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=followup,
        participant=followup.participant,
        fields=list(RETENTION_RECORD_FIELDS),
    )
    return followup
