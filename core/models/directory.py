"""The service map (cartographie): services partners offer, aligned with Open Referral HSDS 3.0."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models.base import TimeStampedModel


class ServiceStatus(models.TextChoices):
    # HSDS 3.0 service.status
    ACTIVE = "active", _("Actif")
    INACTIVE = "inactive", _("Inactif")
    DEFUNCT = "defunct", _("Disparu")
    TEMPORARILY_CLOSED = "temporarily closed", _("Fermé temporairement")


class Audience(models.TextChoices):
    IMMIGRANTS = "immigrants", _("Personnes immigrantes")
    YOUTH = "youth", _("Jeunes de 15 à 35 ans")
    NEWCOMERS = "newcomers", _("Nouveaux arrivants en région (de partout)")
    EMPLOYERS = "employers", _("Entreprises et employeurs")
    ORGANISATIONS = "organisations", _("Organisations et communautés")
    EVERYONE = "everyone", _("Tout le monde")


class Service(TimeStampedModel):
    """A service offered by a partner at its service points (HSDS `service` + `service_at_location`)."""

    partner = models.ForeignKey(
        "core.Partner", on_delete=models.PROTECT, related_name="services", verbose_name=_("offert par")
    )
    program = models.ForeignKey(
        "core.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("programme"),
    )
    # Public text in both languages (HSDS name, description).
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_en = models.CharField(_("nom (anglais)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)
    audience = models.CharField(
        _("pour qui"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    eligibility_fr = models.TextField(_("admissibilité (français)"), blank=True)
    eligibility_en = models.TextField(_("admissibilité (anglais)"), blank=True)
    # ISO 639-1 codes (HSDS `language`), e.g. ["fr", "en", "es"].
    languages = ArrayField(
        models.CharField(max_length=8), default=list, blank=True, verbose_name=_("langues")
    )
    fees_fr = models.CharField(_("frais (français)"), max_length=300, blank=True)
    fees_en = models.CharField(_("frais (anglais)"), max_length=300, blank=True)
    application_process_fr = models.TextField(_("comment s'inscrire (français)"), blank=True)
    application_process_en = models.TextField(_("comment s'inscrire (anglais)"), blank=True)
    territory = models.CharField(_("territoire desservi"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    url = models.URLField(_("site web"), blank=True)
    service_points = models.ManyToManyField(
        "core.ServicePoint", blank=True, related_name="services", verbose_name=_("points de service")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    # Shown on the public service map only when published.
    is_published = models.BooleanField(_("publié sur la carte"), default=True)

    class Meta:
        verbose_name = _("service offert")
        verbose_name_plural = _("services offerts")
        ordering = ["name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "name_fr"],
                name="core_service_partner_name_unique",
                violation_error_message=_("Cet organisme offre déjà un service de ce nom."),
            ),
        ]
        indexes = [models.Index(fields=["is_published", "status"], name="core_service_published_idx")]

    def __str__(self) -> str:
        return self.name_fr

    @property
    def name(self) -> str:
        return self.name_fr
