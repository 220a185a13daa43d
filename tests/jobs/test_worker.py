"""A real Celery worker on Redis (127.0.0.1:6379) runs each task in the schema that queued it.

Both regions get a report job with the same id; the task queued from region A must finish A's job
and leave B's untouched, and the other way round. The rows are committed (the worker is another
process) and removed at the end. Without Redis the test is skipped, saying why.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")


def _redis_problem() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis unreachable at {REDIS_URL}: {error}"
    return None


@pytest.fixture
def worker(django_db_setup):
    problem = _redis_problem()
    if problem:
        print(f"\nSKIPPED worker test: {problem}", file=sys.stderr)
        pytest.skip(problem)
    # A queue of our own: other test runs sharing this Redis never take (or give) our messages.
    queue = f"ancrage-test-{uuid.uuid4().hex[:12]}"
    log_path = ROOT / ".data" / f"celery-{queue}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CELERY_BROKER_URL": REDIS_URL,
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "celery", "-A", "config.celery:app", "worker",
                "--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-l", "info",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield queue, process, log_path
    finally:
        process.terminate()
        process.wait(timeout=30)
        log_path.unlink(missing_ok=True)


def _wait_for(check, process, log_path, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if process.poll() is not None:
            raise AssertionError(f"worker exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
        time.sleep(0.3)
    raise AssertionError(f"worker did not finish in time:\n{log_path.read_text()[-3000:]}")


def test_a_task_queued_from_one_region_runs_there_and_never_touches_the_other(worker, django_db_blocker):
    from tenant_schemas_celery.app import CeleryApp

    from accounts.models import User
    from core.models import ReportJob, ReportJobStatus
    from tenants.models import Region

    queue, process, log_path = worker
    sender = CeleryApp("ancrage-test-sender", broker=REDIS_URL)
    job_id = uuid.uuid4()
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        regions = {slug: Region.objects.get(slug=slug) for slug in ("alpha", "beta-nord")}
        try:
            for slug, region in regions.items():
                connection.set_tenant(region)
                user = User.objects.create_user(
                    f"worker-{job_id.hex[:8]}@{slug}.test", password="x", role="coordinator"
                )
                ReportJob.objects.create(
                    id=job_id, report="annual", format="csv", requested_by=user,
                    params={"from": "2023-04-01", "to": "2024-03-31"},
                )  # fmt: skip

            def job_in(slug):
                connection.set_tenant(regions[slug])
                return ReportJob.objects.get(pk=job_id)

            # queued from region A (the sender's connection is on A's schema)
            connection.set_tenant(regions["alpha"])
            sender.send_task("core.report_render", args=[str(job_id)], queue=queue)
            _wait_for(
                lambda: job_in("alpha").status != ReportJobStatus.QUEUED and job_in("alpha").finished_at,
                process,
                log_path,
            )
            done = job_in("alpha")
            assert (done.status, done.error) == (ReportJobStatus.DONE, "")
            assert done.filename == "rapport-annuel-alpha-2023-04-01-2024-03-31.csv"
            assert Path(done.file.path).parts[-3] == regions["alpha"].schema_name
            untouched = job_in("beta-nord")
            assert (untouched.status, untouched.progress, untouched.file.name) == (
                ReportJobStatus.QUEUED,
                0,
                "",
            )

            # and from region B, B's own job only
            connection.set_tenant(regions["beta-nord"])
            sender.send_task("core.report_render", args=[str(job_id)], queue=queue)
            _wait_for(lambda: job_in("beta-nord").finished_at is not None, process, log_path)
            assert job_in("beta-nord").filename == "rapport-annuel-beta-nord-2023-04-01-2024-03-31.csv"
            assert job_in("alpha").finished_at == done.finished_at
        finally:
            for region in regions.values():
                connection.set_tenant(region)
                for job in ReportJob.objects.filter(pk=job_id):
                    job.file.delete(save=False)
                    job.delete()
                User.objects.filter(email__startswith=f"worker-{job_id.hex[:8]}@").delete()
            connection.set_schema_to_public()
            sender.close()
