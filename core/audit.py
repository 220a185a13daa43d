"""Law 25 audit trail: one function every read or write of personal information goes through."""

from collections.abc import Iterable

from core.models import AuditAction, AuditEvent, Participant


def audit_record(
    *, actor, action: AuditAction, obj, participant: Participant | None = None, **detail
) -> AuditEvent:
    """Record that `actor` did `action` on `obj` (a participant's file, identity, consent...)."""
    participant = participant or (obj if isinstance(obj, Participant) else None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        participant_code=participant.code if participant else "",
        detail=detail,
    )


def audit_identities_viewed(*, actor, participants: Iterable[Participant], context: str) -> int:
    """One row per participant whose personal information `actor` was shown (a list page counts)."""
    return _audit_many(
        actor=actor, participants=participants, action=AuditAction.VIEW, detail={"context": context}
    )


def audit_identities_exported(*, actor, participants: Iterable[Participant], file_format: str) -> int:
    """One row per participant whose personal information left in a file (a list exported as CSV/XLSX)."""
    return _audit_many(
        actor=actor,
        participants=participants,
        action=AuditAction.EXPORT,
        detail={"context": "list", "format": file_format},
    )


def _audit_many(*, actor, participants: Iterable[Participant], action: AuditAction, detail: dict) -> int:
    rows = [
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_email=getattr(actor, "email", "") or "",
            action=action,
            object_type=Participant._meta.label_lower,
            object_id=str(participant.pk),
            participant_code=participant.code,
            detail=detail,
        )
        for participant in participants
    ]
    AuditEvent.objects.bulk_create(rows)
    return len(rows)
