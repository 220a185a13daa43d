"""The service map (cartographie): services partners offer, aligned with Open Referral HSDS 3.0."""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
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

    # Stable public id on the open-data service map (HSDS ids are UUIDs; the pk never leaves the API).
    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
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
    # When the partner last confirmed this information (HSDS assured_date); re-checked yearly.
    assured_date = models.DateField(_("information confirmée le"), null=True, blank=True)

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


class Weekday(models.TextChoices):
    # iCal BYDAY codes, as HSDS schedules use them.
    MONDAY = "MO", _("Lundi")
    TUESDAY = "TU", _("Mardi")
    WEDNESDAY = "WE", _("Mercredi")
    THURSDAY = "TH", _("Jeudi")
    FRIDAY = "FR", _("Vendredi")
    SATURDAY = "SA", _("Samedi")
    SUNDAY = "SU", _("Dimanche")


class Schedule(TimeStampedModel):
    """Weekly opening hours of a service, or of a service point (HSDS `schedule`, freq WEEKLY)."""

    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("service"),
    )
    service_point = models.ForeignKey(
        "core.ServicePoint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("point de service"),
    )
    weekdays = ArrayField(
        models.CharField(max_length=2, choices=Weekday.choices), verbose_name=_("jours de la semaine")
    )
    opens_at = models.TimeField(_("ouvre à"))
    closes_at = models.TimeField(_("ferme à"))
    valid_from = models.DateField(_("en vigueur du"), null=True, blank=True)
    valid_to = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("horaire")
        verbose_name_plural = _("horaires")
        ordering = ["opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(service_point__isnull=False),
                name="core_schedule_has_owner",
                violation_error_message=_("Un horaire est celui d'un service ou d'un point de service."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="core_schedule_closes_after_opening",
                violation_error_message=_("L'heure de fermeture doit suivre l'heure d'ouverture."),
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="core_schedule_valid_to_after_from",
                violation_error_message=_("La fin de validité ne peut précéder son début."),
            ),
        ]

    def __str__(self) -> str:
        return f"{','.join(self.weekdays)} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"
