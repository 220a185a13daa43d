"""The background part of an import: the commit of a checked file, with its progress.

Progress goes to the cache (keys carry the region's schema, django_tenants.cache.make_key): the
commit's own transaction hides its writes until the end, so the batch row cannot show it. With a
broker, the web process and the worker must share the cache (CACHE_URL=redis://...).
"""

import logging

from django.core.cache import cache

from accounts.models import User
from config.celery import RegionTask, app
from core.models import ImportBatch
from core.services.imports import import_commit, import_commit_failed

logger = logging.getLogger(__name__)
PROGRESS_TTL = 60 * 60


def progress_key(batch_id: int) -> str:
    return f"import-progress:{batch_id}"


def import_progress(batch_id: int) -> dict | None:
    """{"done": rows written, "total": rows to write} while a commit runs, else None."""
    return cache.get(progress_key(batch_id))


@app.task(base=RegionTask, name="core.import_commit")
def import_commit_run(batch_id: int, actor_id: int | None) -> str:
    # Looked up in this region's schema only: an id from another region is not found here.
    batch = ImportBatch.objects.get(pk=batch_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(batch_id), {"done": done, "total": total}, PROGRESS_TTL)

    try:
        batch = import_commit(batch=batch, actor=actor, progress=progress)
    except Exception as error:
        logger.exception("Import %s failed", batch_id)
        import_commit_failed(batch=batch, error=error)
        raise
    finally:
        cache.delete(progress_key(batch_id))
    return batch.status


def import_commit_queue(batch: ImportBatch, actor) -> None:
    """Queue the commit (run at once, in this process, when there is no broker)."""
    try:
        import_commit_run.delay(batch.pk, getattr(actor, "pk", None))
    except Exception:  # noqa: S110 - an eager run's failure is recorded on the batch (invalid)
        batch.refresh_from_db()
        if batch.status != "invalid":
            raise
