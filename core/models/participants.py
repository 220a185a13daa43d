"""Participants and their follow-up.

Personal information (names, birth date, contact) lives in ParticipantIdentity, apart from the
statistics in Participant, so every count and report runs without reading a name (Law 25).
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models.base import AgeGroup, TimeStampedModel


class Gender(models.TextChoices):
    WOMAN = "woman", _("Femme")
    MAN = "man", _("Homme")
    NON_BINARY = "non_binary", _("Non binaire")
    UNDISCLOSED = "undisclosed", _("Préfère ne pas répondre")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primaire")
    SECONDARY_INCOMPLETE = "secondary_incomplete", _("Secondaire non complété")
    SECONDARY = "secondary", _("Diplôme d'études secondaires")
    VOCATIONAL = "vocational", _("Formation professionnelle (DEP)")
    COLLEGE = "college", _("Collégial")
    UNIVERSITY = "university", _("Universitaire")
    OTHER = "other", _("Autre")
    UNKNOWN = "unknown", _("Inconnu")


class ImmigrationStatus(models.TextChoices):
    CITIZEN = "citizen", _("Citoyen·ne canadien·ne")
    PERMANENT_RESIDENT = "permanent_resident", _("Résident·e permanent·e")
    TEMPORARY_WORKER = "temporary_worker", _("Travailleur·euse temporaire")
    INTERNATIONAL_STUDENT = "international_student", _("Étudiant·e international·e")
    ASYLUM_SEEKER = "asylum_seeker", _("Demandeur·euse d'asile")
    PROTECTED_PERSON = "protected_person", _("Personne protégée / réfugiée")
    PENDING = "pending", _("En attente de statut")
    OTHER = "other", _("Autre")
    UNKNOWN = "unknown", _("Inconnu")


class OriginKind(models.TextChoices):
    SAME_REGION = "same_region", _("De la région")
    OTHER_QUEBEC_REGION = "other_quebec_region", _("D'une autre région du Québec")
    OTHER_PROVINCE = "other_province", _("D'une autre province")
    ABROAD = "abroad", _("De l'étranger")
    UNKNOWN = "unknown", _("Inconnu")


class QuebecRegion(models.TextChoices):
    BAS_SAINT_LAURENT = "01", _("Bas-Saint-Laurent")
    SAGUENAY_LSJ = "02", _("Saguenay–Lac-Saint-Jean")
    CAPITALE_NATIONALE = "03", _("Capitale-Nationale")
    MAURICIE = "04", _("Mauricie")
    ESTRIE = "05", _("Estrie")
    MONTREAL = "06", _("Montréal")
    OUTAOUAIS = "07", _("Outaouais")
    ABITIBI = "08", _("Abitibi-Témiscamingue")
    COTE_NORD = "09", _("Côte-Nord")
    NORD_DU_QUEBEC = "10", _("Nord-du-Québec")
    GASPESIE = "11", _("Gaspésie–Îles-de-la-Madeleine")
    CHAUDIERE_APPALACHES = "12", _("Chaudière-Appalaches")
    LAVAL = "13", _("Laval")
    LANAUDIERE = "14", _("Lanaudière")
    LAURENTIDES = "15", _("Laurentides")
    MONTEREGIE = "16", _("Montérégie")
    CENTRE_DU_QUEBEC = "17", _("Centre-du-Québec")


class JourneyStep(models.TextChoices):
    """Steps of the migration journey, in order."""

    EXPLORING = "exploring", _("En réflexion")
    EXPLORATORY_STAY = "exploratory_stay", _("Séjour exploratoire")
    JOB_OR_STUDIES_FOUND = "job_or_studies_found", _("Emploi ou études trouvés")
    SETTLED = "settled", _("Établi·e en région")


JOURNEY_ORDER = [step.value for step in JourneyStep]


class Participant(TimeStampedModel):
    """Statistics about a person followed by the team; no name, no contact (see ParticipantIdentity)."""

    # Pseudonymous file number shown in lists instead of a name.
    code = models.CharField(_("numéro de dossier"), max_length=30, unique=True)
    agent = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("agent·e responsable"),
    )
    intake_date = models.DateField(_("date d'accueil"))
    age_group = models.CharField(_("groupe d'âge"), max_length=10, choices=AgeGroup.choices)
    gender = models.CharField(_("sexe / genre"), max_length=12, choices=Gender.choices)
    education = models.CharField(
        _("niveau d'études"), max_length=24, choices=Education.choices, default=Education.UNKNOWN
    )
    immigration_status = models.CharField(
        _("statut"), max_length=24, choices=ImmigrationStatus.choices, default=ImmigrationStatus.UNKNOWN
    )
    city = models.CharField(_("ville de résidence"), max_length=100, blank=True)
    mrc = models.CharField(_("MRC de résidence"), max_length=100, blank=True)
    # Where the person comes from: a country, or a Québec region and MRC.
    origin_kind = models.CharField(
        _("provenance"), max_length=24, choices=OriginKind.choices, default=OriginKind.UNKNOWN
    )
    origin_country = models.CharField(_("pays d'origine"), max_length=100, blank=True)
    origin_region = models.CharField(
        _("région d'origine (Québec)"), max_length=2, choices=QuebecRegion.choices, blank=True
    )
    origin_mrc = models.CharField(_("MRC d'origine"), max_length=100, blank=True)
    # Where the person settles (or plans to).
    destination_mrc = models.CharField(_("MRC d'établissement"), max_length=100, blank=True)
    destination_municipality = models.CharField(_("municipalité d'établissement"), max_length=100, blank=True)
    journey_step = models.CharField(
        _("étape du parcours migratoire"),
        max_length=24,
        choices=JourneyStep.choices,
        default=JourneyStep.EXPLORING,
    )
    exploratory_stay_on = models.DateField(_("séjour exploratoire le"), null=True, blank=True)
    job_or_studies_found_on = models.DateField(_("emploi ou études trouvés le"), null=True, blank=True)
    settled_on = models.DateField(_("établi·e le"), null=True, blank=True)
    # Kept in step with the Consent rows by the services: lists filter on it without a join.
    has_consent = models.BooleanField(_("consentement en vigueur"), default=False)
    # Set at intake when another file has the same name and birth date or the same e-mail.
    possible_duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="possible_duplicates",
        verbose_name=_("doublon possible de"),
    )
    # Law 25 erasure on request: the personal information is gone, the anonymous statistics stay.
    erased_on = models.DateField(_("renseignements personnels effacés le"), null=True, blank=True)
    # Generated demo data (clearly fictitious people), never a real person.
    is_synthetic = models.BooleanField(_("donnée fictive de démonstration"), default=False)

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·e·s")
        ordering = ["-intake_date", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(journey_step="settled") | Q(settled_on__isnull=False),
                name="core_participant_settled_has_date",
                violation_error_message=_(
                    "Une personne établie en région doit avoir une date d'établissement."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(journey_step="job_or_studies_found") | Q(job_or_studies_found_on__isnull=False),
                name="core_participant_job_found_has_date",
                violation_error_message=_("L'étape « emploi ou études trouvés » exige une date."),
            ),
            models.CheckConstraint(
                condition=~Q(origin_kind="abroad") | ~Q(origin_country=""),
                name="core_participant_abroad_has_country",
                violation_error_message=_("Indiquez le pays d'origine d'une personne venant de l'étranger."),
            ),
        ]
        indexes = [
            models.Index(fields=["age_group"], name="core_participant_age_idx"),
            models.Index(fields=["city"], name="core_participant_city_idx"),
            models.Index(fields=["immigration_status"], name="core_participant_status_idx"),
            models.Index(fields=["intake_date"], name="core_participant_intake_idx"),
        ]

    def __str__(self) -> str:
        return self.code


class ParticipantIdentity(TimeStampedModel):
    """Personal information of a participant; only agents and coordinators ever read it."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="identity",
        verbose_name=_("participant·e"),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("renseignements personnels")
        verbose_name_plural = _("renseignements personnels")
        ordering = ["last_name", "first_name"]
        indexes = [
            # The two duplicate checks run at every intake.
            models.Index(Lower("email"), name="core_identity_email_idx"),
            models.Index(
                Lower("last_name"), Lower("first_name"), "birth_date", name="core_identity_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Écrit (signé)")
    ELECTRONIC = "electronic", _("Électronique")
    VERBAL = "verbal", _("Verbal (noté par l'agent·e)")


class Consent(TimeStampedModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("participant·e")
    )
    given_on = models.DateField(_("donné le"))
    method = models.CharField(
        _("forme"), max_length=12, choices=ConsentMethod.choices, default=ConsentMethod.WRITTEN
    )
    # Purposes the person agreed to (Law 25 asks for specific purposes).
    purpose_follow_up = models.BooleanField(_("suivi et accompagnement"), default=True)
    purpose_statistics = models.BooleanField(_("statistiques anonymes"), default=True)
    purpose_referral = models.BooleanField(_("référence vers des partenaires"), default=False)
    purpose_communications = models.BooleanField(_("communications et invitations"), default=False)
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)
    # Under 14, a parent or tutor consents (Law 25 art. 4.1): who, and in what capacity.
    guardian_name = models.CharField(_("parent ou tuteur·rice ayant consenti"), max_length=200, blank=True)
    guardian_relationship = models.CharField(_("lien avec la personne"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consigné par"),
    )

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="core_consent_withdrawn_after_given",
                violation_error_message=_("Un consentement ne peut être retiré avant d'avoir été donné."),
            ),
            models.CheckConstraint(
                condition=Q(purpose_follow_up=True)
                | Q(purpose_statistics=True)
                | Q(purpose_referral=True)
                | Q(purpose_communications=True),
                name="core_consent_has_purpose",
                violation_error_message=_("Un consentement doit viser au moins une fin."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.given_on:%Y-%m-%d}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from core.models.privacy_register import needs_parental_consent

        if self.participant_id is None or self.guardian_name.strip():
            return
        birth_date = (
            ParticipantIdentity.objects.filter(participant_id=self.participant_id)
            .values_list("birth_date", flat=True)
            .first()
        )
        if needs_parental_consent(
            birth_date=birth_date, age_group=self.participant.age_group, on=self.given_on
        ):
            raise ValidationError(
                {
                    "guardian_name": ValidationError(
                        _(
                            "Avant 14 ans, le consentement est donné par un parent ou un·e tuteur·rice : indiquez qui."
                        ),
                        code="parental_consent_required",
                    )
                }
            )


class EnrollmentStatus(models.TextChoices):
    APPLIED = "applied", _("Candidature reçue")
    WAITLISTED = "waitlisted", _("En liste d'attente")
    ENROLLED = "enrolled", _("Inscrit·e")
    ACTIVE = "active", _("En suivi actif")
    COMPLETED = "completed", _("Terminé")
    WITHDRAWN = "withdrawn", _("Abandon / retrait")


OPEN_ENROLLMENT_STATUSES = [
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.WAITLISTED,
    EnrollmentStatus.ENROLLED,
    EnrollmentStatus.ACTIVE,
]
CLOSED_ENROLLMENT_STATUSES = [EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN]


class Outcome(models.TextChoices):
    SUCCESSFUL_MIGRATION = "successful_migration", _("Migration réussie")
    PARALLEL_MIGRATION = "parallel_migration", _("Migration parallèle")
    EMPLOYED = "employed", _("En emploi")
    BACK_TO_SCHOOL = "back_to_school", _("Retour aux études")
    JOB_RETAINED = "job_retained", _("Maintien en emploi")
    REFERRED = "referred", _("Référé·e vers une autre ressource")
    NO_RESULT = "no_result", _("Sans résultat")


MIGRATION_OUTCOMES = [Outcome.SUCCESSFUL_MIGRATION, Outcome.PARALLEL_MIGRATION]


class Enrollment(TimeStampedModel):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("participant·e")
    )
    program = models.ForeignKey(
        "core.Program", on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("programme")
    )
    agent = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("agent·e"),
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=EnrollmentStatus.choices, default=EnrollmentStatus.APPLIED
    )
    applied_on = models.DateField(_("demande reçue le"))
    start_date = models.DateField(_("début du suivi"), null=True, blank=True)
    end_date = models.DateField(_("fin du suivi"), null=True, blank=True)
    outcome = models.CharField(_("résultat"), max_length=24, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("résultat constaté le"), null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("résultat consigné par"),
    )

    class Meta:
        verbose_name = _("inscription / suivi")
        verbose_name_plural = _("inscriptions / suivis")
        ordering = ["-applied_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "program"],
                condition=Q(status__in=OPEN_ENROLLMENT_STATUSES),
                name="core_enrollment_one_open_per_program",
                violation_error_message=_("Cette personne a déjà une inscription ouverte à ce programme."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__gte=F("applied_on")),
                name="core_enrollment_start_after_application",
                violation_error_message=_("Le suivi ne peut commencer avant la demande."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("applied_on")),
                name="core_enrollment_end_after_application",
                violation_error_message=_("Le suivi ne peut finir avant la demande."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="core_enrollment_end_after_start",
                violation_error_message=_("La fin du suivi ne peut précéder son début."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=CLOSED_ENROLLMENT_STATUSES) | Q(end_date__isnull=False),
                name="core_enrollment_closed_has_end",
                violation_error_message=_(
                    "Une inscription terminée ou abandonnée doit avoir une date de fin."
                ),
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False),
                name="core_enrollment_outcome_has_date",
                violation_error_message=_("Un résultat doit être daté."),
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"], name="core_enrollment_program_idx"),
            models.Index(fields=["outcome", "outcome_on"], name="core_enrollment_outcome_idx"),
            models.Index(fields=["applied_on"], name="core_enrollment_applied_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} × {self.program}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ENROLLMENT_STATUSES


class EnrollmentStatusChange(models.Model):
    """The lifecycle of an enrollment, one row per transition (written by enrollment_transition)."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("inscription")
    )
    from_status = models.CharField(_("de"), max_length=12, choices=EnrollmentStatus.choices, blank=True)
    to_status = models.CharField(_("à"), max_length=12, choices=EnrollmentStatus.choices)
    changed_on = models.DateField(_("le"))
    changed_by = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    created_at = models.DateTimeField(_("consigné le"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["enrollment_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"


class InterventionMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuel")
    GROUP = "group", _("Groupe")
    WALK_IN = "walk_in", _("Sans rendez-vous")
    REMOTE = "remote", _("À distance")


class Intervention(TimeStampedModel):
    """Time an agent spent with a participant, a group, or a company; the source of the hours."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("participant·e"),
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("inscription"),
    )
    program = models.ForeignKey(
        "core.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("programme"),
    )
    agent = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("agent·e"),
    )
    # A company accompanied (MIFI's conseillers en immigration régionale), or a partner met.
    partner = models.ForeignKey(
        "core.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("entreprise ou organisme"),
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("durée (minutes)"))
    mode = models.CharField(
        _("mode"), max_length=12, choices=InterventionMode.choices, default=InterventionMode.INDIVIDUAL
    )
    group_size = models.PositiveSmallIntegerField(_("taille du groupe"), null=True, blank=True)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=24 * 60),
                name="core_intervention_minutes_valid",
                violation_error_message=_("La durée doit être de 1 à 1 440 minutes."),
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(partner__isnull=False) | Q(mode="group"),
                name="core_intervention_has_subject",
                violation_error_message=_(
                    "Une intervention vise une personne, un groupe ou une entreprise : indiquez lequel."
                ),
            ),
            models.CheckConstraint(
                condition=Q(group_size__isnull=True) | Q(group_size__gte=2),
                name="core_intervention_group_size_valid",
                violation_error_message=_("Un groupe compte au moins deux personnes."),
            ),
        ]
        indexes = [
            # Covering: the annual report's hours per program over a period read the index alone.
            models.Index(fields=["date"], include=["program", "minutes"], name="core_intervention_date_idx"),
            models.Index(fields=["program", "date"], name="core_intervention_program_idx"),
            models.Index(fields=["mode", "date"], name="core_intervention_mode_idx"),
            # Different people received without an appointment, counted in index order (no sort).
            models.Index(
                fields=["participant", "date"],
                condition=Q(mode=InterventionMode.WALK_IN),
                name="core_intervention_walk_in_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} — {self.minutes} min"


class RetentionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("À faire")
    STILL_HERE = "still_here", _("Toujours en région")
    LEFT = "left", _("A quitté la région")
    UNKNOWN = "unknown", _("Inconnu (injoignable)")


RETENTION_MONTHS = (3, 6, 12, 24)


class RetentionFollowUp(TimeStampedModel):
    """A check, 3, 6, 12 or 24 months after settling, that the person still lives in the region."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="retention_followups",
        verbose_name=_("participant·e"),
    )
    months_after = models.PositiveSmallIntegerField(_("mois après l'établissement"))
    due_on = models.DateField(_("prévu le"))
    status = models.CharField(
        _("résultat"), max_length=12, choices=RetentionStatus.choices, default=RetentionStatus.SCHEDULED
    )
    recorded_on = models.DateField(_("consigné le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "core.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consigné par"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("suivi de rétention")
        verbose_name_plural = _("suivis de rétention")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "months_after"],
                name="core_retention_once_per_milestone",
                violation_error_message=_("Ce suivi de rétention existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(months_after__in=RETENTION_MONTHS),
                name="core_retention_months_valid",
                violation_error_message=_("Les suivis de rétention ont lieu à 3, 6, 12 ou 24 mois."),
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled") | Q(recorded_on__isnull=False),
                name="core_retention_recorded_has_date",
                violation_error_message=_("Un suivi consigné doit être daté."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="core_retention_due_idx")]

    def __str__(self) -> str:
        return f"{self.participant} — {self.months_after} mois"
