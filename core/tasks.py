"""Background tasks of a region's workspace (each runs in the schema of the region that queued it)."""

import logging

from django.db import connection
from django.utils import translation

from config.celery import RegionTask, app
from core.models import ReportJob
from core.reports.produce import document, file_of
from core.services.jobs import report_job_fail, report_job_finish, report_job_progress

logger = logging.getLogger(__name__)


@app.task(base=RegionTask, name="core.report_render")
def report_render(job_id: str) -> str:
    """Compute and write one report file for the account that asked for it, with its role's scope."""
    # The job is looked up in this region's schema only: a job id from elsewhere is not found here.
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    region = connection.tenant
    try:
        with translation.override(job.language):
            report_job_progress(job=job, progress=10)
            report, sections, meta = document(
                report=job.report, actor=job.requested_by, region=region, params=job.params
            )
            report_job_progress(job=job, progress=50)
            filename, content = file_of(
                fmt=job.format, report=report, sections=sections, meta=meta, region=region
            )
        report_job_finish(job=job, filename=filename, content=content)
    except Exception as error:
        logger.exception("Report job %s failed", job_id)
        report_job_fail(job=job, error=f"{type(error).__name__}: {error}")
        raise
    return job.status


def report_job_start(job: ReportJob) -> None:
    """Queue the job's work (run at once, in this process, when there is no broker)."""
    try:
        report_render.delay(str(job.pk))
    except Exception:  # noqa: S110 - an eager run's failure is recorded on the job (status failed)
        job.refresh_from_db()
        if job.status != "failed":
            raise
