"""Law 25 audit trail: who read, changed, exported or erased a participant's personal information."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Consultation")
    CREATE = "create", _("Création")
    UPDATE = "update", _("Modification")
    DELETE = "delete", _("Suppression")
    EXPORT = "export", _("Exportation")
    ERASE = "erase", _("Effacement")
    CONSENT_WITHDRAW = "consent_withdraw", _("Retrait du consentement")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("moment"), auto_now_add=True, db_index=True)
    # The account may be deleted later; its e-mail at the time stays readable in the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    actor_email = models.CharField(_("courriel de l'auteur·rice"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("type d'objet"), max_length=60)
    object_id = models.CharField(_("identifiant"), max_length=40)
    # The participant's file number, never a name: the trail itself holds no personal information.
    participant_code = models.CharField(_("numéro de dossier"), max_length=30, blank=True, db_index=True)
    detail = models.JSONField(_("détail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("événement du journal d'accès")
        verbose_name_plural = _("journal d'accès (Loi 25)")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_type} {self.object_id}"
        )
