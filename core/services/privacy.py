"""Law 25 requests on a participant's personal information: export (access) and erasure."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, ParticipantErrorCode
from core.models import AuditAction, AuditEvent, Participant, ParticipantIdentity
from core.services._common import validate_and_save
from core.services.participants import CONSENT_FIELDS, IDENTITY_FIELDS, JOURNEY_FIELDS, PROFILE_FIELDS


def _dates(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _row(obj, fields) -> dict:
    return {field: _dates(getattr(obj, field)) for field in fields}


@transaction.atomic
def participant_export(*, participant: Participant, actor) -> dict:
    """Everything the region holds about one person, in one document (right of access)."""
    identity = ParticipantIdentity.objects.filter(participant=participant).first()
    document = {
        "code": participant.code,
        "exported_at": timezone.now().isoformat(),
        "identity": _row(identity, IDENTITY_FIELDS) if identity else None,
        "profile": _row(
            participant,
            ["intake_date", "age_group", "gender", *PROFILE_FIELDS, *JOURNEY_FIELDS, "erased_on"],
        ),
        "consents": [
            _row(c, [*CONSENT_FIELDS, "withdrawn_on"]) for c in participant.consents.order_by("given_on")
        ],
        "enrollments": [
            {
                **_row(e, ["status", "applied_on", "start_date", "end_date", "outcome", "outcome_on"]),
                "program": e.program.code,
            }
            for e in participant.enrollments.select_related("program").order_by("start_date")
        ],
        "interventions": [
            _row(i, ["date", "minutes", "mode", "subject", "notes"])
            for i in participant.interventions.order_by("date")
        ],
        "retention_followups": [
            _row(f, ["months_after", "due_on", "status", "recorded_on", "note"])
            for f in participant.retention_followups.order_by("due_on")
        ],
        "access_log": [
            {"at": _dates(e.at), "by": e.actor_email, "action": e.action}
            for e in AuditEvent.objects.filter(participant_code=participant.code).order_by("at")
        ],
    }
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=participant)
    return document


@transaction.atomic
def participant_erase(*, participant: Participant, actor, reason: str = "") -> Participant:
    """Erase the person's personal information on request; the anonymous statistics stay counted.

    Names, birth date and contact details are deleted, as are free-text notes of interventions
    and follow-up notes (they may name the person); age group, city, status, enrollments and hours remain.
    """
    if participant.erased_on:
        raise ApplicationError(
            code=ParticipantErrorCode.ALREADY_ERASED,
            detail=_("Les renseignements personnels de ce dossier ont déjà été effacés."),
        )
    ParticipantIdentity.objects.filter(participant=participant).delete()
    participant.interventions.update(notes="", subject="")
    participant.retention_followups.update(note="")
    participant.has_consent = False
    participant.erased_on = timezone.localdate()
    participant.possible_duplicate_of = None
    validate_and_save(participant, update_fields=["has_consent", "erased_on", "possible_duplicate_of"])
    participant.possible_duplicates.update(possible_duplicate_of=None)
    audit_record(actor=actor, action=AuditAction.ERASE, obj=participant, reason=reason[:500])
    return participant
