"""Imports of the spreadsheets partners keep (partners, participants, interventions).

An ImportBatch is one uploaded file: checked first (dry run, nothing written), then committed as a
whole or not at all, and undoable as a whole. ImportedRow remembers which row of which file made
which object, by a stable key, so that importing the same file again adds nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    PARTNERS = "partners", _("Organismes partenaires")
    PARTICIPANTS = "participants", _("Participant·e·s")
    INTERVENTIONS = "interventions", _("Interventions")


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Vérifié, prêt à importer")
    INVALID = "invalid", _("Refusé : des lignes sont à corriger")
    RUNNING = "running", _("Importation en cours")
    # The process running the commit died (worker killed, server restarted): its transaction was
    # rolled back, so nothing was written; the import can be started again.
    INTERRUPTED = "interrupted", _("Interrompue : rien n'a été importé, relancez-la")
    COMMITTED = "committed", _("Importé")
    UNDONE = "undone", _("Annulé")


class ImportBatch(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(_("statut"), max_length=12, choices=ImportStatus.choices)
    file_name = models.CharField(_("fichier"), max_length=200)
    # The file itself, read again at commit time (a few MB at most; kept for the batch's history).
    content = models.BinaryField(_("contenu"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    # The language its messages are written in (the uploader's).
    language = models.CharField(_("langue"), max_length=10, default="fr-ca")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    # Rows that would be (or were) created, and rows skipped because an earlier import made them.
    new_rows = models.PositiveIntegerField(_("lignes nouvelles"), default=0)
    already_imported_rows = models.PositiveIntegerField(_("lignes déjà importées"), default=0)
    # [{"line": 12, "column": "Courriel", "code": "invalid", "message": "..."}], every row's problems.
    errors = models.JSONField(_("problèmes"), default=list, blank=True)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    # When the commit was started (status running): a running import far older than this moment,
    # whose row no live commit holds, was interrupted (core.services.imports_interrupted_mark).
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    committed_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    undone_at = models.DateTimeField(_("annulé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("importation")
        verbose_name_plural = _("importations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.file_name}"


class ImportedRow(models.Model):
    """One object an import created; its key makes a second import of the same row a no-op."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("importation")
    )
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    # A keyed hash of the row's identifying values (never the values: they may be personal).
    row_key = models.CharField(_("clé de ligne"), max_length=64)
    line = models.PositiveIntegerField(_("ligne du fichier"))
    object_id = models.BigIntegerField(_("identifiant créé"))

    class Meta:
        verbose_name = _("ligne importée")
        verbose_name_plural = _("lignes importées")
        ordering = ["batch_id", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "row_key"],
                name="core_importedrow_once",
                violation_error_message=_("Cette ligne a déjà été importée."),
            ),
        ]
        indexes = [models.Index(fields=["batch", "object_id"], name="core_importedrow_batch_idx")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"
