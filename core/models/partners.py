"""The partner network: organisations, their service points, and the committees they sit on."""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models.base import TimeStampedModel


class PartnerKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipalité")
    MRC = "mrc", _("MRC")
    COMMUNITY = "community", _("Organisme communautaire")
    SOCIOECONOMIC = "socioeconomic", _("Organisation socioéconomique")
    EDUCATION = "education", _("Établissement d'enseignement")
    COMPANY = "company", _("Entreprise")
    PUBLIC = "public", _("Ministère ou organisme public")
    OTHER = "other", _("Autre")


class Partner(TimeStampedModel):
    # Stable public id (open-data service map, HSDS); the integer pk stays internal.
    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    # The territory it serves (an MRC, a city, "Saguenay–Lac-Saint-Jean"...), for filters and the map.
    territory = models.CharField(_("territoire desservi"), max_length=200, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Endorsement of the regional strategy (MigrAction: ~35 organisations endorse it).
    endorses_strategy = models.BooleanField(_("endosse la stratégie régionale"), default=False)
    endorsed_on = models.DateField(_("date d'endossement"), null=True, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("organisme partenaire")
        verbose_name_plural = _("organismes partenaires")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="core_partner_name_unique",
                violation_error_message=_("Un organisme porte déjà ce nom."),
            ),
        ]
        indexes = [models.Index(fields=["kind"], name="core_partner_kind_idx")]

    def __str__(self) -> str:
        return self.name


class ServicePoint(TimeStampedModel):
    # Stable public id (open-data service map, HSDS); the integer pk stays internal.
    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="service_points", verbose_name=_("organisme")
    )
    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    city = models.CharField(_("ville"), max_length=100)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    # Some offices only receive on appointment (MIFI in Roberval and Dolbeau-Mistassini).
    by_appointment_only = models.BooleanField(_("sur rendez-vous seulement"), default=False)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("point de service")
        verbose_name_plural = _("points de service")
        ordering = ["city", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "name"],
                name="core_servicepoint_partner_name_unique",
                violation_error_message=_("Cet organisme a déjà un point de service de ce nom."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="core_servicepoint_coordinates_valid",
                violation_error_message=_("Coordonnées géographiques invalides."),
            ),
        ]
        indexes = [models.Index(fields=["city"], name="core_servicepoint_city_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class CommitteeKind(models.TextChoices):
    CONCERTATION = "concertation", _("Table de concertation")
    COMMITTEE = "committee", _("Comité")
    BOARD = "board", _("Conseil d'administration ou d'établissement")
    COMMUNITY_OF_PRACTICE = "practice", _("Communauté de pratique")
    OTHER = "other", _("Autre")


class Committee(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(
        _("type"), max_length=20, choices=CommitteeKind.choices, default=CommitteeKind.CONCERTATION
    )
    territory = models.CharField(_("territoire"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    convener = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="convened_committees",
        verbose_name=_("organisme qui l'anime"),
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="committees", verbose_name=_("organismes membres")
    )
    members = models.ManyToManyField(
        "core.TeamMember", blank=True, related_name="committees", verbose_name=_("membres de l'équipe")
    )
    started_on = models.DateField(_("mis sur pied le"), null=True, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("table de concertation ou comité")
        verbose_name_plural = _("tables de concertation et comités")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommitteeMeeting(TimeStampedModel):
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("comité")
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("nombre de personnes présentes"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("rencontre de comité")
        verbose_name_plural = _("rencontres de comité")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date"],
                name="core_committeemeeting_one_per_day",
                violation_error_message=_("Ce comité a déjà une rencontre à cette date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.date:%Y-%m-%d}"
