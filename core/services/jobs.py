"""Report jobs: asked for by a user, advanced and finished by the background task (core.tasks)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from core.errors import ApplicationError, CommonErrorCode
from core.models import ReportJob, ReportJobStatus
from core.reports.produce import CONTENT_TYPES, REPORTS


@transaction.atomic
def report_job_create(*, actor, report: str, format: str, params: dict) -> ReportJob:  # noqa: A002
    if report not in REPORTS:
        raise ApplicationError(code=CommonErrorCode.INVALID, detail=f"report: {report}", field="report")
    if format not in CONTENT_TYPES:
        raise ApplicationError(code=CommonErrorCode.INVALID, detail=f"format: {format}", field="format")
    return ReportJob.objects.create(
        report=report, format=format, params=params, language=get_language() or "fr-ca", requested_by=actor
    )


@transaction.atomic
def report_job_progress(*, job: ReportJob, progress: int) -> ReportJob:
    job.status, job.progress = ReportJobStatus.RUNNING, min(max(progress, 0), 100)
    job.save(update_fields=["status", "progress"])
    return job


@transaction.atomic
def report_job_finish(*, job: ReportJob, filename: str, content: bytes) -> ReportJob:
    job.file.save(filename, ContentFile(content), save=False)
    job.filename, job.status, job.progress, job.finished_at = (
        filename,
        ReportJobStatus.DONE,
        100,
        timezone.now(),
    )
    job.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    return job


@transaction.atomic
def report_job_fail(*, job: ReportJob, error: str) -> ReportJob:
    job.status, job.error, job.finished_at = ReportJobStatus.FAILED, error[:2000], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job
