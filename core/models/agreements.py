"""Funders, agreements (ententes) with each party's contribution, deliverables and indicator targets."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models.base import TimeStampedModel


class FunderKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Ministère ou organisme provincial")
    FEDERAL = "federal", _("Gouvernement fédéral")
    MUNICIPAL = "municipal", _("Municipalité ou MRC")
    REGIONAL = "regional", _("Administration régionale")
    PROGRAM = "program", _("Programme de financement")
    FOUNDATION = "foundation", _("Fondation ou organisme privé")
    OTHER = "other", _("Autre")


class Funder(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(
        _("type"), max_length=20, choices=FunderKind.choices, default=FunderKind.PROVINCIAL
    )
    # The organisation behind the funder when it is also a partner (MIFI, ARBJ...).
    partner = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funder_profiles",
        verbose_name=_("organisme"),
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Read-only logins of this funder: they see only its agreements and programs, as aggregates.
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="funders", verbose_name=_("comptes du bailleur")
    )

    class Meta:
        verbose_name = _("bailleur de fonds")
        verbose_name_plural = _("bailleurs de fonds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.acronym or self.name


class AgreementKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Entente administrative")
    SPECIFIC = "specific", _("Entente spécifique")
    FUNDING = "funding", _("Convention de financement")
    PARTNERSHIP = "partnership", _("Entente de partenariat")
    PROJECT = "project", _("Projet financé")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    SIGNED = "signed", _("Signée")
    IN_PROGRESS = "in_progress", _("En cours")
    COMPLETED = "completed", _("Réalisée")
    NOT_FULLY_REALISED = "not_fully_realised", _("Non entièrement réalisée")
    TERMINATED = "terminated", _("Résiliée")


class Agreement(TimeStampedModel):
    title = models.CharField(_("titre"), max_length=300)
    reference = models.CharField(_("numéro de référence"), max_length=60, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=AgreementKind.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    purpose = models.TextField(_("objet"), blank=True)
    reporting_obligations = models.TextField(_("obligations de reddition de comptes"), blank=True)
    status_note = models.TextField(_("commentaire sur l'état"), blank=True)
    responsible = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("responsable"),
    )
    programs = models.ManyToManyField(
        "core.Program", blank=True, related_name="agreements", verbose_name=_("programmes couverts")
    )

    class Meta:
        verbose_name = _("entente")
        verbose_name_plural = _("ententes")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="core_agreement_end_after_start",
                violation_error_message=_("La fin de l'entente ne peut précéder son début."),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~Q(reference=""),
                name="core_agreement_reference_unique",
                violation_error_message=_("Une entente porte déjà ce numéro de référence."),
            ),
        ]
        indexes = [models.Index(fields=["status"], name="core_agreement_status_idx")]

    def __str__(self) -> str:
        return self.title


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signataire")
    FUNDER = "funder", _("Bailleur de fonds")
    MANAGER = "manager", _("Mandataire / porteur")
    PARTNER = "partner", _("Partenaire")


class AgreementParty(TimeStampedModel):
    """One party to an agreement and its contribution; a party is a partner, a funder, or both."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name=_("entente")
    )
    partner = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("organisme"),
    )
    funder = models.ForeignKey(
        Funder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_parties",
        verbose_name=_("bailleur de fonds"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=PartyRole.choices, default=PartyRole.SIGNATORY)
    # In dollars; null when the amount was not published.
    contribution = models.DecimalField(
        _("contribution ($)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    in_kind = models.BooleanField(_("contribution en nature"), default=False)

    class Meta:
        verbose_name = _("partie et contribution")
        verbose_name_plural = _("parties et contributions")
        ordering = ["agreement_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contribution__isnull=True) | Q(contribution__gte=0),
                name="core_agreementparty_contribution_not_negative",
                violation_error_message=_("Une contribution ne peut pas être négative."),
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(funder__isnull=False),
                name="core_agreementparty_has_party",
                violation_error_message=_("Une partie doit être un organisme ou un bailleur de fonds."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                condition=Q(partner__isnull=False),
                name="core_agreementparty_partner_once",
                violation_error_message=_("Cet organisme est déjà partie à l'entente."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "funder"],
                condition=Q(funder__isnull=False),
                name="core_agreementparty_funder_once",
                violation_error_message=_("Ce bailleur de fonds est déjà partie à l'entente."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.partner or self.funder)


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Réalisé")
    NOT_DONE = "not_done", _("Non réalisé")
    CANCELLED = "cancelled", _("Annulé")


class Deliverable(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="deliverables", verbose_name=_("entente")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("début prévu"), null=True, blank=True)
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    completed_on = models.DateField(_("réalisé le"), null=True, blank=True)
    evidence = models.TextField(_("pièce justificative / preuve"), blank=True)
    evidence_url = models.URLField(_("lien vers la preuve"), blank=True)

    class Meta:
        verbose_name = _("livrable")
        verbose_name_plural = _("livrables")
        ordering = ["agreement_id", "position", "due_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="core_deliverable_due_after_start",
                violation_error_message=_("L'échéance d'un livrable ne peut précéder son début."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="core_deliverable_done_has_date",
                violation_error_message=_("Un livrable réalisé doit avoir une date de réalisation."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="core_deliverable_status_idx")]

    def __str__(self) -> str:
        return self.title


class Indicator(models.TextChoices):
    """What reports count; each is computed by core.selectors.indicator_actual, never typed in."""

    PARTICIPANTS = "participants", _("Participant·e·s")
    NEW_CANDIDATES = "new_candidates", _("Nouveaux candidat·e·s inscrit·e·s en suivi")
    INTERVENTION_HOURS = "intervention_hours", _("Heures d'intervention")
    WALK_IN_PARTICIPANTS = "walk_in_participants", _("Personnes reçues sans rendez-vous")
    SUCCESSFUL_MIGRATIONS = "successful_migrations", _("Migrations réussies")
    PARALLEL_MIGRATIONS = "parallel_migrations", _("Migrations parallèles")
    EXPLORATORY_STAY_PARTICIPANTS = (
        "exploratory_stay_participants",
        _("Participant·e·s aux séjours exploratoires"),
    )
    EMPLOYMENT_OUTCOMES = "employment_outcomes", _("Personnes en emploi")
    RETURN_TO_SCHOOL = "return_to_school", _("Retours aux études")
    ACTIVITIES = "activities", _("Activités")
    KIOSKS = "kiosks", _("Kiosques")
    PEOPLE_REACHED = "people_reached", _("Personnes rejointes (sans nom)")
    COMPANIES_ACCOMPANIED = "companies_accompanied", _("Entreprises accompagnées")
    DELIVERABLES_DONE = "deliverables_done", _("Livrables réalisés")


class IndicatorTarget(TimeStampedModel):
    """A target an agreement commits to (e.g. 70 successful migrations), compared with actuals."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="indicator_targets", verbose_name=_("entente")
    )
    indicator = models.CharField(_("indicateur"), max_length=40, choices=Indicator.choices)
    # Restricts the actual to one program (e.g. the migrations of Place aux jeunes Saguenay).
    program = models.ForeignKey(
        "core.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name=_("programme"),
    )
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2)
    period_start = models.DateField(_("début de la période"), null=True, blank=True)
    period_end = models.DateField(_("fin de la période"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cible d'indicateur")
        verbose_name_plural = _("cibles d'indicateurs")
        ordering = ["agreement_id", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="core_indicatortarget_target_not_negative",
                violation_error_message=_("Une cible ne peut pas être négative."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="core_indicatortarget_period_valid",
                violation_error_message=_("La fin de la période ne peut précéder son début."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "indicator", "program"],
                nulls_distinct=False,
                name="core_indicatortarget_once",
                violation_error_message=_("Cette entente a déjà une cible pour cet indicateur."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} : {self.target}"
