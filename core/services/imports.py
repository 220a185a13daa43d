"""Imports of spreadsheets: check (a dry run, nothing written), commit (all rows or none), undo.

Rows are checked with the same rules as one entry (the `*_prepare` functions of partner_create,
participant_intake and intervention_log, then the models' field validation), then written in
bulk: one row at a time through those services costs ~30 queries a row (28 rows/s measured),
which a 10 000-row file cannot wait for. What the single-row services do with queries is done
here once per file: unique file numbers, possible duplicates, the audit trail.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Role
from core.errors import ApplicationError, CommonErrorCode
from core.imports.kinds import ALLOWED_ROLES, Plan, PlannedRow, build_plan
from core.imports.reading import read_table
from core.models import (
    AuditAction,
    AuditEvent,
    Consent,
    ImportBatch,
    ImportedRow,
    ImportKind,
    ImportStatus,
    Intervention,
    Participant,
    ParticipantIdentity,
    Partner,
)

CHUNK = 1000
MAX_ROWS = 50_000
STALE_FILE_AGE = dt.timedelta(days=7)

Progress = Callable[[int, int], None]


class ImportErrorCode:
    FORBIDDEN = "import_forbidden"
    KIND_UNKNOWN = "import_kind_unknown"
    TOO_MANY_ROWS = "import_too_many_rows"
    NOT_READY = "import_not_ready"
    UNDO_BLOCKED = "import_undo_blocked"


def import_allowed(*, actor, kind: str) -> bool:
    """None is the operator at the command line (manage.py import_rows): every kind."""
    if actor is None:
        return True
    return getattr(actor, "is_authenticated", False) and actor.role in ALLOWED_ROLES.get(kind, set())


def _ensure_allowed(actor, kind: str) -> None:
    if kind not in ImportKind.values:
        raise ApplicationError(
            code=ImportErrorCode.KIND_UNKNOWN,
            detail=_("Type d'importation inconnu : partners, participants ou interventions."),
            field="kind",
        )
    if not import_allowed(actor=actor, kind=kind):
        raise ApplicationError(
            code=ImportErrorCode.FORBIDDEN,
            detail=_("Votre rôle ne permet pas d'importer ces données."),
            field="kind",
        )


def _plan(batch: ImportBatch, actor, *, validate: bool = True) -> Plan:
    with translation.override(batch.language):
        table = read_table(bytes(batch.content), batch.file_name)
        if len(table.rows) > MAX_ROWS:
            raise ApplicationError(
                code=ImportErrorCode.TOO_MANY_ROWS,
                detail=_("Au plus %(max)s lignes par fichier ; divisez-le.") % {"max": MAX_ROWS},
                field="file",
            )
        return build_plan(batch.kind, table, actor, validate=validate)


def _record(batch: ImportBatch, plan: Plan) -> None:
    batch.total_rows = plan.total
    batch.new_rows = len(plan.rows)
    batch.already_imported_rows = plan.already_imported
    batch.errors = [problem.as_dict() for problem in plan.problems]
    batch.status = ImportStatus.INVALID if plan.problems else ImportStatus.CHECKED


@transaction.atomic
def import_check(*, actor, kind: str, file_name: str, content: bytes, language: str = "fr-ca") -> ImportBatch:
    """Read and check a file (the dry run): every row's problems, in `language`; nothing imported.

    A file that cannot be read at all raises ApplicationError (field "file") and leaves nothing.
    """
    _ensure_allowed(actor, kind)
    batch = ImportBatch(
        kind=kind,
        file_name=file_name[:200],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        language=language,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _record(batch, _plan(batch, actor))
    batch.save()
    # Files checked but never imported are not kept beyond a week: they may hold personal information.
    ImportBatch.objects.filter(
        status__in=[ImportStatus.CHECKED, ImportStatus.INVALID],
        created_at__lt=timezone.now() - STALE_FILE_AGE,
    ).exclude(content=b"").update(content=b"")
    return batch


def _ensure_status(batch: ImportBatch, *statuses: str, message: str) -> None:
    if batch.status not in statuses:
        raise ApplicationError(
            code=ImportErrorCode.NOT_READY,
            detail=message % {"status": batch.get_status_display()},
            field="status",
        )


NOT_CHECKED = _lazy("Seul un fichier vérifié et sans erreur peut être importé (statut actuel : %(status)s).")
# A running import whose commit no live transaction holds after this long was interrupted.
INTERRUPTED_AFTER = dt.timedelta(minutes=10)


def import_lock_key(kind: str) -> str:
    """The advisory lock of one kind of import in this region: the schema is part of the key, so a
    region's import never waits for (nor reveals) another region's."""
    return f"ancrage-import:{connection.schema_name}:{kind}"


@transaction.atomic
def import_commit_start(*, batch: ImportBatch, actor) -> ImportBatch:
    """Mark a checked file as being imported (its background task then runs import_commit)."""
    _ensure_allowed(actor, batch.kind)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _ensure_status(batch, ImportStatus.CHECKED, ImportStatus.INTERRUPTED, message=str(NOT_CHECKED))
    batch.status = ImportStatus.RUNNING
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "started_at"])
    return batch


@transaction.atomic
def imports_interrupted_mark(*, older_than: dt.timedelta = INTERRUPTED_AFTER) -> list[ImportBatch]:
    """Mark `interrupted` the running imports of this region that no commit is working on.

    A live commit holds its batch's row lock (import_commit's select_for_update) until it ends, so
    a running batch that is not locked, started longer than `older_than` ago, lost its process:
    the commit's transaction died with it and wrote nothing. Started again, it commits once.
    """
    stale = (
        ImportBatch.objects.select_for_update(skip_locked=True)
        .filter(status=ImportStatus.RUNNING)
        .filter(Q(started_at__lt=timezone.now() - older_than) | Q(started_at__isnull=True))
    )
    marked = list(stale)
    for batch in marked:
        batch.status = ImportStatus.INTERRUPTED
        batch.save(update_fields=["status"])
    return marked


@transaction.atomic
def import_commit_failed(*, batch: ImportBatch, error: Exception) -> ImportBatch:
    """A commit that crashed wrote nothing (its transaction rolled back): say so on the batch."""
    batch.status = ImportStatus.INVALID
    with translation.override(batch.language):
        batch.errors = [
            {
                "line": 0,
                "column": "",
                "code": getattr(error, "code", "import_failed"),
                "message": getattr(error, "detail", None)
                or _("L'importation a échoué ; rien n'a été importé. Déposez le fichier de nouveau."),
            }
        ]
    batch.save(update_fields=["status", "errors"])
    return batch


@transaction.atomic
def import_commit(*, batch: ImportBatch, actor, progress: Progress | None = None) -> ImportBatch:
    """Import every row of a checked file, or none: the file is checked again first (the data may
    have changed since the dry run); a problem then leaves the batch `invalid` and writes nothing."""
    _ensure_allowed(actor, batch.kind)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _ensure_status(
        batch, ImportStatus.CHECKED, ImportStatus.RUNNING, ImportStatus.INTERRUPTED, message=str(NOT_CHECKED)
    )
    # One import of a kind at a time in a region: two uploads of the same file cannot both add it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [import_lock_key(batch.kind)])
    # Checked again against the region as it is now (references, earlier imports); the models' own
    # field checks depend only on the file, whose bytes passed them at the dry run.
    plan = _plan(batch, actor, validate=hashlib.sha256(bytes(batch.content)).hexdigest() != batch.sha256)
    _record(batch, plan)
    if plan.problems:
        batch.save()
        return batch
    try:
        with transaction.atomic():
            WRITERS[batch.kind](plan.rows, batch=batch, actor=actor, progress=progress)
    except IntegrityError:
        raise ApplicationError(
            code=CommonErrorCode.CONFLICT,
            detail=_("Des données ont changé pendant l'importation ; vérifiez le fichier de nouveau."),
        ) from None
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = timezone.now()
    # The file may hold personal information: once imported, only what was created is kept.
    batch.content = b""
    batch.save()
    return batch


@transaction.atomic
def import_undo(*, batch: ImportBatch, actor) -> ImportBatch:
    """Remove everything a committed import created, as a whole; refused when other data now
    depends on it (an enrollment of an imported participant, a service of an imported partner)."""
    _ensure_allowed(actor, batch.kind)
    if actor is not None and actor.role == Role.AGENT and batch.created_by_id != actor.pk:
        raise ApplicationError(
            code=ImportErrorCode.FORBIDDEN, detail=_("Vous annulez seulement vos propres importations.")
        )
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    _ensure_status(
        batch,
        ImportStatus.COMMITTED,
        message=_("Seule une importation faite peut être annulée (statut actuel : %(status)s)."),
    )
    ids = list(batch.rows.values_list("object_id", flat=True))
    model = {
        ImportKind.PARTNERS: Partner,
        ImportKind.PARTICIPANTS: Participant,
        ImportKind.INTERVENTIONS: Intervention,
    }[batch.kind]
    # Law 25 trail: each participant's file, or intervention about someone, that goes away.
    if model is Participant:
        gone = [(p, p) for p in Participant.objects.filter(pk__in=ids)]
    elif model is Intervention:
        gone = [
            (i, i.participant)
            for i in Intervention.objects.filter(pk__in=ids, participant__isnull=False).select_related(
                "participant"
            )
        ]
    else:
        gone = []
    AuditEvent.objects.bulk_create(
        [_audit_event(actor, AuditAction.DELETE, obj, participant, batch=batch) for obj, participant in gone],
        batch_size=CHUNK,
    )
    try:
        with transaction.atomic():
            model.objects.filter(pk__in=ids).delete()
    except ProtectedError:
        raise ApplicationError(
            code=ImportErrorCode.UNDO_BLOCKED,
            detail=_(
                "Impossible d'annuler : des données saisies depuis dépendent de lignes importées "
                "(inscriptions, interventions, services...)."
            ),
        ) from None
    batch.rows.all().delete()
    batch.status = ImportStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at"])
    return batch


# --- the writers: one per kind, in bulk, inside import_commit's transaction ---------------------


def _audit_event(actor, action: str, obj, participant: Participant, *, batch: ImportBatch) -> AuditEvent:
    """The audit_record of core.audit, unsaved, so a whole file's events go in one bulk insert."""
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        participant_code=participant.code,
        detail={"import_batch": batch.pk},
    )


def _chunks(rows: list[PlannedRow]):
    for start in range(0, len(rows), CHUNK):
        yield start, rows[start : start + CHUNK]


def _imported(batch: ImportBatch, chunk: list[PlannedRow], objects) -> None:
    ImportedRow.objects.bulk_create(
        [
            ImportedRow(batch=batch, kind=batch.kind, row_key=row.key, line=row.line, object_id=obj.pk)
            for row, obj in zip(chunk, objects, strict=True)
        ]
    )


def _write_partners(rows, *, batch, actor, progress):
    for start, chunk in _chunks(rows):
        partners = Partner.objects.bulk_create([row.objects[0] for row in chunk])
        _imported(batch, chunk, partners)
        if progress:
            progress(start + len(chunk), len(rows))


def _new_codes(count: int) -> list[str]:
    """Random file numbers (as participant_intake gives), none already taken."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {f"P-{secrets.token_hex(4).upper()}" for _ in range(count - len(codes))}
        codes |= wanted - set(Participant.objects.filter(code__in=wanted).values_list("code", flat=True))
    return list(codes)


def _possible_duplicates(identities: list[ParticipantIdentity]) -> dict[int, Participant]:
    """For each new identity (by position), an existing file with the same e-mail, or the same name
    and birth date: participant_find_possible_duplicate, for a whole file in two queries."""
    emails = {i.email.strip().lower() for i in identities if i.email.strip()}
    births = {i.birth_date for i in identities if i.birth_date}
    last_names = {i.last_name.strip().lower() for i in identities if i.birth_date}
    existing = (
        ParticipantIdentity.objects.annotate(lower_email=Lower("email"), lower_last=Lower("last_name"))
        .filter(Q(lower_email__in=emails) | Q(birth_date__in=births, lower_last__in=last_names))
        .select_related("participant")
        .order_by("-participant__created_at")
    )
    by_email, by_name = {}, {}
    for found in existing:  # the oldest file wins, as in the single-row check
        if found.email:
            by_email[found.email.strip().lower()] = found.participant
        if found.birth_date:
            key = (found.first_name.strip().lower(), found.last_name.strip().lower(), found.birth_date)
            by_name[key] = found.participant
    duplicates = {}
    for index, identity in enumerate(identities):
        name = (identity.first_name.strip().lower(), identity.last_name.strip().lower(), identity.birth_date)
        match = (by_name.get(name) if identity.birth_date else None) or by_email.get(
            identity.email.strip().lower()
        )
        if match is not None:
            duplicates[index] = match
    return duplicates


def _write_participants(rows, *, batch, actor, progress):
    codes = iter(_new_codes(sum(1 for row in rows if not row.objects[0].code)))
    # Against the files there before this import (a file's own repeats were refused at the check).
    for index, match in _possible_duplicates([row.objects[1] for row in rows]).items():
        rows[index].objects[0].possible_duplicate_of = match
    for start, chunk in _chunks(rows):
        participants = [row.objects[0] for row in chunk]
        identities = [row.objects[1] for row in chunk]
        for participant in participants:
            participant.code = participant.code or next(codes)
        Participant.objects.bulk_create(participants)
        ParticipantIdentity.objects.bulk_create(identities)
        Consent.objects.bulk_create([row.objects[2] for row in chunk])
        AuditEvent.objects.bulk_create(
            [_audit_event(actor, AuditAction.CREATE, p, p, batch=batch) for p in participants]
        )
        _imported(batch, chunk, participants)
        if progress:
            progress(start + len(chunk), len(rows))


def _write_interventions(rows, *, batch, actor, progress):
    for start, chunk in _chunks(rows):
        interventions = Intervention.objects.bulk_create([row.objects[0] for row in chunk])
        AuditEvent.objects.bulk_create(
            [
                _audit_event(actor, AuditAction.CREATE, i, i.participant, batch=batch)
                for i in interventions
                if i.participant_id
            ]
        )
        _imported(batch, chunk, interventions)
        if progress:
            progress(start + len(chunk), len(rows))


WRITERS = {
    ImportKind.PARTNERS: _write_partners,
    ImportKind.PARTICIPANTS: _write_participants,
    ImportKind.INTERVENTIONS: _write_interventions,
}
