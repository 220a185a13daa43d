"""A worker killed (SIGKILL) in the middle of an import's commit leaves nothing half-imported: the
commit is one transaction, which dies with its process. `manage.py imports_recover` then marks the
batch `interrupted`, and starting it again imports every row exactly once.

The worker is a real process running the import task (core.import_commit) on the test database,
so the batch and the rows are committed here and removed at the end.
"""

import datetime as dt
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import tenant_context

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
WORKER = """
import sys
import django
django.setup()
from django_tenants.utils import tenant_context
from tenants.models import Region
from core.imports.tasks import import_commit_run
with tenant_context(Region.objects.get(slug=sys.argv[1])):
    import_commit_run(int(sys.argv[2]), None)
"""


def _backend_writing(table: str) -> int | None:
    """The PostgreSQL backend of another session with an open transaction that inserted into
    `table` (the killed worker's commit), or None."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query LIKE %s",
            [f'INSERT INTO "{table}"%'],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def _wait(check, what: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_mid_import_leaves_nothing_and_the_rerun_commits_once(
    django_db_setup, django_db_blocker
):
    # Committed for real, outside any test transaction (the worker is another process); and not
    # transaction=True either, whose flush at the end would empty the shared test regions.
    with django_db_blocker.unblock():
        _kill_and_rerun()


def _kill_and_rerun():
    from core import services
    from core.errors import ApplicationError
    from core.models import ImportBatch, ImportedRow, ImportStatus, Partner
    from tenants.models import Region

    connection.set_schema_to_public()
    alpha = Region.objects.get(slug="alpha")
    prefix = f"Tué-{secrets.token_hex(4)}"
    content = ("Nom\n" + "".join(f"{prefix} {n:05d}\n" for n in range(ROWS))).encode()
    with tenant_context(alpha):
        batch = services.import_check(actor=None, kind="partners", file_name="kill.csv", content=content)
        assert (batch.status, batch.new_rows) == (ImportStatus.CHECKED, ROWS)
        batch = services.import_commit_start(batch=batch, actor=None)
        assert batch.started_at is not None

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_NAME": connection.settings_dict["NAME"],
    }
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", WORKER, "alpha", str(batch.pk)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with tenant_context(alpha):
            backend = _wait(lambda: _backend_writing("core_partner"), "the worker to write partners")
            # While its commit is alive, recovery leaves the batch alone (the worker holds its row).
            assert services.imports_interrupted_mark(older_than=dt.timedelta(0)) == []
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        assert worker.returncode == -signal.SIGKILL
        _wait(lambda: not _backend_alive(backend), "PostgreSQL to end the dead worker's session")

        with tenant_context(alpha):
            assert Partner.objects.filter(name__startswith=prefix).count() == 0
            assert ImportedRow.objects.filter(batch_id=batch.pk).count() == 0
            assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.RUNNING

        # Another region's recovery does not see (nor mark) alpha's batch.
        call_command("imports_recover", "--region", "beta-nord", "--minutes", "0")
        with tenant_context(alpha):
            assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.RUNNING
        call_command("imports_recover", "--region", "alpha", "--minutes", "0")
        with tenant_context(alpha):
            batch = ImportBatch.objects.get(pk=batch.pk)
            assert batch.status == ImportStatus.INTERRUPTED

            # Started again (in this process, as the task runs without a broker): every row, once.
            batch = services.import_commit_start(batch=batch, actor=None)
            from core.imports.tasks import import_commit_run

            assert import_commit_run(batch.pk, None) == ImportStatus.COMMITTED
            assert Partner.objects.filter(name__startswith=prefix).count() == ROWS
            assert ImportedRow.objects.filter(batch_id=batch.pk).count() == ROWS
            with pytest.raises(ApplicationError):
                services.import_commit_start(batch=ImportBatch.objects.get(pk=batch.pk), actor=None)
            assert Partner.objects.filter(name__startswith=prefix).count() == ROWS
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
        with tenant_context(alpha):
            batch = ImportBatch.objects.get(pk=batch.pk)
            if batch.status == ImportStatus.COMMITTED:
                services.import_undo(batch=batch, actor=None)
            Partner.objects.filter(name__startswith=prefix).delete()
            ImportBatch.objects.filter(pk=batch.pk).delete()
        connection.set_schema_to_public()


@pytest.mark.django_db
def test_the_import_lock_of_a_kind_is_per_region(region_a, region_b):
    """Two regions importing partners at once never wait for each other."""
    from core.services.imports import import_lock_key

    with tenant_context(region_a):
        key_a = import_lock_key("partners")
    with tenant_context(region_b):
        key_b = import_lock_key("partners")
    assert key_a == f"ancrage-import:{region_a.schema_name}:partners"
    assert key_b == f"ancrage-import:{region_b.schema_name}:partners"
