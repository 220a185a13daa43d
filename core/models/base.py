"""What every model of a region's workspace shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class AgeGroup(models.TextChoices):
    """Age groups of the CJE annual report's client portrait; also the bands of anonymous headcounts."""

    UNDER_15 = "under_15", _("Moins de 15 ans")
    AGE_15_19 = "15_19", _("15 à 19 ans")
    AGE_20_24 = "20_24", _("20 à 24 ans")
    AGE_25_29 = "25_29", _("25 à 29 ans")
    AGE_30_35 = "30_35", _("30 à 35 ans")
    OVER_35 = "over_35", _("Plus de 35 ans")
    UNKNOWN = "unknown", _("Inconnu")


# Lower and upper age of each group, used to check a participant fits a program's age range.
AGE_GROUP_BOUNDS: dict[str, tuple[int, int]] = {
    AgeGroup.UNDER_15: (0, 14),
    AgeGroup.AGE_15_19: (15, 19),
    AgeGroup.AGE_20_24: (20, 24),
    AgeGroup.AGE_25_29: (25, 29),
    AgeGroup.AGE_30_35: (30, 35),
    AgeGroup.OVER_35: (36, 120),
}
