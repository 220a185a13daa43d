"""Activities (kiosks, fairs, exploratory stays, workshops...) and the people they reach.

Named attendance (participants, ActivityAttendance) and anonymous headcounts by age band
(ActivityReach) are kept apart, so a report never counts the same person twice.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models.base import AgeGroup, TimeStampedModel


class ActivityKind(models.TextChoices):
    KIOSK = "kiosk", _("Kiosque")
    FAIR = "fair", _("Salon / foire")
    SCHOOL_VISIT = "school_visit", _("Visite en milieu scolaire")
    EXPLORATORY_STAY = "exploratory_stay", _("Séjour exploratoire")
    WORKSHOP = "workshop", _("Atelier")
    TRAINING = "training", _("Formation")
    MEETING = "meeting", _("Rencontre / concertation")
    PRESENTATION = "presentation", _("Présentation")
    NETWORKING = "networking", _("Activité de réseautage")
    COMPANY_VISIT = "company_visit", _("Visite d'entreprise")
    COMMUNITY_PROJECT = "community_project", _("Projet collectif")
    STUDY = "study", _("Étude / diagnostic")
    EVENT = "event", _("Événement")
    OTHER = "other", _("Autre")


class Activity(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    program = models.ForeignKey(
        "core.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("programme"),
    )
    agreement = models.ForeignKey(
        "core.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("entente"),
    )
    deliverable = models.ForeignKey(
        "core.Deliverable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("livrable"),
    )
    organizer = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organized_activities",
        verbose_name=_("organisme responsable"),
    )
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    team_members = models.ManyToManyField(
        "core.TeamMember", blank=True, related_name="activities", verbose_name=_("équipe présente")
    )
    participants = models.ManyToManyField(
        "core.Participant",
        through="core.ActivityAttendance",
        blank=True,
        related_name="activities",
        verbose_name=_("participant·e·s inscrit·e·s"),
    )

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="core_activity_end_after_start",
                violation_error_message=_("La fin d'une activité ne peut précéder son début."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "start_date"], name="core_activity_kind_idx"),
            models.Index(fields=["program", "start_date"], name="core_activity_program_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityReach(models.Model):
    """People reached without names: a headcount per age band (no one here is a participant)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="reach", verbose_name=_("activité")
    )
    age_band = models.CharField(_("tranche d'âge"), max_length=10, choices=AgeGroup.choices)
    headcount = models.PositiveIntegerField(_("nombre de personnes"))

    class Meta:
        verbose_name = _("personnes rejointes (sans nom)")
        verbose_name_plural = _("personnes rejointes (sans nom)")
        ordering = ["activity_id", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "age_band"],
                name="core_activityreach_band_once",
                violation_error_message=_("Cette tranche d'âge est déjà comptée pour cette activité."),
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=0),
                name="core_activityreach_headcount_not_negative",
                violation_error_message=_("Le nombre de personnes ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_age_band_display()} : {self.headcount}"


class ActivityAttendance(models.Model):
    """Named attendance: a participant who took part in an activity."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activité")
    )
    participant = models.ForeignKey(
        "core.Participant",
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("participant·e"),
    )

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["activity_id", "participant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant"],
                name="core_attendance_once",
                violation_error_message=_("Cette personne est déjà inscrite à cette activité."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.activity}"
