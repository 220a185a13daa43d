"""Background work a region's user asked for (a report's PDF or spreadsheet): its state and file.

A job lives in the region's schema and its file in the region's storage (MEDIA_ROOT/<schema>/), so
neither can be read from another region; only the account that asked for it reads it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportJobStatus(models.TextChoices):
    QUEUED = "queued", _("En file d'attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class ReportJob(models.Model):
    # Not a sequence: a job's address reveals nothing about how many others exist.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.CharField(_("rapport"), max_length=20)
    format = models.CharField(_("format"), max_length=10)
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    language = models.CharField(_("langue"), max_length=8, default="fr-ca")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_jobs",
        verbose_name=_("demandé par"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportJobStatus.choices, default=ReportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progression (%)"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    file = models.FileField(_("fichier"), upload_to="reports/", blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("production de rapport")
        verbose_name_plural = _("productions de rapports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="core_reportjob_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}.{self.format} ({self.get_status_display()})"
