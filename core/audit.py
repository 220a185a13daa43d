"""Law 25 audit trail: one function every read or write of personal information goes through."""

import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

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
    """One row per participant, all written by one statement whatever their number.

    A list page of 200 people would otherwise cost a 1 800-parameter INSERT that Django builds
    row by row (the slowest part of the page); here the rows differ only by id and file number,
    sent as two arrays that PostgreSQL unnests. Same columns, same values as AuditEvent.create."""
    rows = [(str(participant.pk), participant.code) for participant in participants]
    if not rows:
        return 0
    fields = {
        field.name: connection.ops.quote_name(field.column) for field in AuditEvent._meta.concrete_fields
    }
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(
        fields[name]
        for name in (
            "at",
            "actor",
            "actor_email",
            "action",
            "object_type",
            "object_id",
            "participant_code",
            "detail",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the model, values as parameters
            "SELECT %s, %s, %s, %s, %s, page.object_id, page.code, %s::jsonb "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS page(object_id, code, n) ORDER BY page.n",
            [
                timezone.now(),
                actor.pk if getattr(actor, "pk", None) else None,
                getattr(actor, "email", "") or "",
                str(action),
                Participant._meta.label_lower,
                json.dumps(detail, cls=DjangoJSONEncoder),
                [object_id for object_id, _code in rows],
                [code for _object_id, code in rows],
            ],
        )
    return len(rows)
