"""Law 25, the rest: the region's privacy settings (retention), its register of confidentiality
incidents, and the rule for parental consent under 14."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Quebec's Civil Code (art. 14) and Law 25 (art. 4.1): under 14, a parent or tutor consents.
PARENTAL_CONSENT_AGE = 14
# Regulation respecting confidentiality incidents, s. 7: the register is kept at least 5 years
# after the date the organisation learned of the incident.
INCIDENT_KEEP_YEARS = 5


class PrivacySettings(models.Model):
    """One row per region (its own schema). Defaults are the most private choices."""

    retention_years = models.PositiveSmallIntegerField(
        _("années d'inactivité avant anonymisation"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Les renseignements personnels d'un dossier inactif depuis ce nombre d'années sont effacés ; les statistiques restent."
        ),
    )
    audit_retention_months = models.PositiveSmallIntegerField(
        _("mois de conservation du journal d'accès"),
        default=36,
        validators=[MinValueValidator(12), MaxValueValidator(120)],
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("paramètres de confidentialité")
        verbose_name_plural = _("paramètres de confidentialité")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "PrivacySettings":
        return cls.objects.get_or_create(pk=1)[0]


class ConfidentialityIncident(models.Model):
    """An entry of the register of confidentiality incidents (Law 25, s. 3.8; regulation s. 6).

    Describes categories of people and information, never names: the register is read by the
    region admin only and kept at least INCIDENT_KEEP_YEARS years.
    """

    discovered_on = models.DateField(_("date où l'organisme en a eu connaissance"))
    occurred_on = models.DateField(_("date ou période de l'incident"), null=True, blank=True)
    description = models.TextField(_("description de l'incident et de ses circonstances"))
    people_concerned = models.TextField(_("personnes concernées (catégories)"))
    people_count = models.PositiveIntegerField(_("nombre de personnes concernées"), null=True, blank=True)
    information_concerned = models.TextField(_("renseignements personnels visés"))
    serious_injury_risk = models.BooleanField(_("risque de préjudice sérieux"), default=False)
    risk_assessment = models.TextField(
        _("évaluation du risque (sensibilité, conséquences, probabilité)"), blank=True
    )
    cai_notified_on = models.DateField(
        _("avis à la Commission d'accès à l'information le"), null=True, blank=True
    )
    people_notified_on = models.DateField(_("avis aux personnes concernées le"), null=True, blank=True)
    measures_taken = models.TextField(_("mesures prises pour diminuer les risques"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consigné par"),
    )
    recorded_at = models.DateTimeField(_("consigné le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("registre des incidents de confidentialité")
        ordering = ["-discovered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(occurred_on__isnull=True)
                | models.Q(occurred_on__lte=models.F("discovered_on")),
                name="core_incident_occurred_before_discovered",
                violation_error_message=_(
                    "L'incident ne peut être survenu après qu'on en a eu connaissance."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discovered_on:%Y-%m-%d} — {self.description[:60]}"

    def keep_until(self) -> dt.date:
        day = self.discovered_on
        try:
            return day.replace(year=day.year + INCIDENT_KEEP_YEARS)
        except ValueError:  # 29 February
            return day.replace(year=day.year + INCIDENT_KEEP_YEARS, day=28)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def needs_parental_consent(*, birth_date: dt.date | None, age_group: str, on: dt.date) -> bool:
    """Under 14 on the day of consent; without a birth date, the under-15 age group counts as under
    14 (the most protective reading)."""
    from core.models.base import AgeGroup

    if birth_date is not None:
        return age_on(birth_date, on) < PARENTAL_CONSENT_AGE
    return age_group == AgeGroup.UNDER_15
