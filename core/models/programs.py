"""Programs (services, volets, axes), the strategies they serve, and their objectives."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.bilingual import bilingual
from core.models.base import TimeStampedModel


class ProgramAxis(models.TextChoices):
    UNIVERSAL_WELCOME = "universal_welcome", _("Accueil universel")
    SOCIOPROFESSIONAL = "socioprofessional", _("Insertion socioprofessionnelle durable")
    EDUCATION = "education", _("Réussite éducative")
    AUTONOMY = "autonomy", _("Autonomie")
    ECOCITIZENSHIP = "ecocitizenship", _("Écocitoyenneté")
    SETTLEMENT = "settlement", _("Établissement en région")
    IMMIGRANT_INTEGRATION = "immigrant_integration", _("Intégration des personnes immigrantes")
    EMPLOYERS = "employers", _("Services aux entreprises")
    ATTRACTIVENESS = "attractiveness", _("Attractivité et concertation")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneuriat")
    CITIZENSHIP = "citizenship", _("Participation citoyenne")
    OTHER = "other", _("Autre")


class Strategy(TimeStampedModel):
    """A regional strategy partners endorse (MigrAction); its targets are Objectives."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    mission = models.TextField(_("mission"), blank=True)
    lead = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_strategies",
        verbose_name=_("organisme porteur"),
    )
    partners = models.ManyToManyField(
        "core.Partner", blank=True, related_name="strategies", verbose_name=_("organismes partenaires")
    )
    # The published size of the network ("près de 35 organismes") when not every member is listed.
    announced_partner_count = models.PositiveIntegerField(
        _("nombre de partenaires annoncé"), null=True, blank=True
    )
    announced_team_size = models.PositiveIntegerField(_("taille d'équipe annoncée"), null=True, blank=True)

    class Meta:
        verbose_name = _("stratégie régionale")
        verbose_name_plural = _("stratégies régionales")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Program(TimeStampedModel):
    # Stable public id (open-data service map, HSDS); the integer pk stays internal.
    uuid = models.UUIDField(_("identifiant public"), default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    # Public text, in both languages (the service map and public pages show it).
    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_en = models.CharField(_("nom (anglais)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)
    axis = models.CharField(_("axe"), max_length=30, choices=ProgramAxis.choices)
    operator = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("organisme qui l'offre"),
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("stratégie"),
    )
    funders = models.ManyToManyField(
        "core.Funder", blank=True, related_name="programs", verbose_name=_("bailleurs de fonds")
    )
    age_min = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(age_min__isnull=True) | Q(age_min__lte=120))
                & (Q(age_max__isnull=True) | Q(age_max__lte=120))
                & (Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=models.F("age_min"))),
                name="core_program_age_range_valid",
                violation_error_message=_(
                    "Tranche d'âge invalide : l'âge maximum doit être supérieur ou égal à l'âge minimum "
                    "(0 à 120 ans)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["axis"], name="core_program_axis_idx")]

    def __str__(self) -> str:
        return bilingual(self, "name")  # in the reader's language (choice lists, admin)

    @property
    def name(self) -> str:
        return self.name_fr


class ObjectiveStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    IN_PROGRESS = "in_progress", _("En cours")
    ACHIEVED = "achieved", _("Atteint")
    PARTIALLY_ACHIEVED = "partially_achieved", _("Partiellement atteint")
    NOT_ACHIEVED = "not_achieved", _("Non atteint")


class Objective(TimeStampedModel):
    """A target of intervention: on a strategy, a program or an agreement (exactly one of them)."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("stratégie"),
    )
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("programme"),
    )
    agreement = models.ForeignKey(
        "core.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("entente"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    text = models.TextField(_("énoncé"))
    status = models.CharField(
        _("statut"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.PLANNED
    )

    class Meta:
        verbose_name = _("objectif ou cible d'intervention")
        verbose_name_plural = _("objectifs et cibles d'intervention")
        ordering = ["strategy_id", "program_id", "agreement_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strategy__isnull=False, program__isnull=True, agreement__isnull=True)
                | Q(strategy__isnull=True, program__isnull=False, agreement__isnull=True)
                | Q(strategy__isnull=True, program__isnull=True, agreement__isnull=False),
                name="core_objective_exactly_one_owner",
                violation_error_message=_(
                    "Un objectif appartient à une seule stratégie, un seul programme ou une seule entente."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
