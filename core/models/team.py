"""The region's team: agents, intervenants, conseillers, each optionally tied to a login."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models.base import TimeStampedModel


class TeamRole(models.TextChoices):
    DIRECTION = "direction", _("Direction")
    COORDINATION = "coordination", _("Coordination")
    MIGRATION_AGENT = "migration_agent", _("Agent·e de migration Place aux jeunes")
    DEVELOPMENT_AGENT = "development_agent", _("Agent·e de développement")
    ENTREPRENEURSHIP_AGENT = "entrepreneurship_agent", _("Agent·e de sensibilisation à l'entrepreneuriat")
    CITIZENSHIP_AGENT = "citizenship_agent", _("Agent·e de participation citoyenne")
    COMMUNICATION = "communication", _("Communication")
    INTEGRATION_WORKER = "integration_worker", _("Intervenant·e en intégration")
    SCHOOL_WORKER = "school_worker", _("Intervenant·e en persévérance scolaire")
    GUIDANCE_COUNSELLOR = "guidance_counsellor", _("Conseiller·ère en orientation")
    IMMIGRATION_COUNSELLOR = "immigration_counsellor", _("Conseiller·ère en immigration régionale")
    INTEGRATION_AGENT = "integration_agent", _("Agent·e d'aide à l'intégration")
    MOBILISATION_AGENT = "mobilisation_agent", _("Agent·e de mobilisation et de recherche")
    RECEPTION = "reception", _("Accueil")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Autre")


class TeamMember(TimeStampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_member",
        verbose_name=_("compte utilisateur"),
    )
    full_name = models.CharField(_("nom"), max_length=200)
    # The title as the organisation publishes it ("Agente Place aux jeunes Ville de Saguenay").
    title = models.CharField(_("titre"), max_length=200, blank=True)
    role = models.CharField(_("fonction"), max_length=30, choices=TeamRole.choices, default=TeamRole.OTHER)
    # Which team inside the region (MigrAction, CJE Saguenay, MIFI direction régionale...).
    team = models.CharField(_("équipe"), max_length=100, blank=True)
    employer = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_members",
        verbose_name=_("employeur"),
    )
    service_point = models.ForeignKey(
        "core.ServicePoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_members",
        verbose_name=_("point de service"),
    )
    programs = models.ManyToManyField(
        "core.Program", blank=True, related_name="team_members", verbose_name=_("programmes")
    )
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    # A published position whose holder is not named (MigrAction's 15-agent composition).
    is_vacant_position = models.BooleanField(_("poste sans titulaire nommé"), default=False)
    started_on = models.DateField(_("en poste depuis"), null=True, blank=True)
    ended_on = models.DateField(_("fin d'emploi"), null=True, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("membre de l'équipe")
        verbose_name_plural = _("membres de l'équipe")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="core_teammember_end_after_start",
                violation_error_message=_("La fin d'emploi ne peut précéder l'entrée en poste."),
            ),
        ]
        indexes = [models.Index(fields=["role"], name="core_teammember_role_idx")]

    def __str__(self) -> str:
        return self.full_name
