"""Background jobs: one Celery app whose every task runs in the schema of the region that queued it.

tenant-schemas-celery puts the sender's schema in each message's headers and switches the worker's
connection to it before the task runs (and back to public after). With `CELERY_BROKER_URL` unset
the tasks run eagerly, in the caller's process and schema (the embedded demo and the tests need no
broker); set it (e.g. redis://127.0.0.1:6379/0) and start a worker:

    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 .venv/bin/celery -A config worker -l info

Region work declares `@app.task(base=RegionTask)` (or `@shared_task(base=RegionTask)`): such a task
refuses to run in the public schema, so a message that lost its region never reads the platform or
guesses a region.
"""

import os

from tenant_schemas_celery.app import CeleryApp
from tenant_schemas_celery.task import TenantTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = CeleryApp("ancrage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class RegionTaskError(RuntimeError):
    pass


class RegionTask(TenantTask):
    """A task that only ever runs inside one region's schema (the one that queued it)."""

    abstract = True

    def __call__(self, *args, **kwargs):
        from django.db import connection
        from django_tenants.utils import get_public_schema_name

        if connection.schema_name == get_public_schema_name():
            raise RegionTaskError(f"{self.name} was queued outside a region; it runs only in one.")
        return super().__call__(*args, **kwargs)
