"""Demo content of a region, loaded from the seeds by `manage.py load_demo` inside its schema.

Everything published in the seeds (organisations, service points, public team lists, programs,
funders, agreements, objectives, dated activities, yearly figures) is loaded as published. The
yearly figures are then reproduced by synthetic participants, enrollments and interventions:
generated, clearly fictitious people (names "Fictif-0001", e-mails @exemple.invalid, files
DEMO-...), so that counting them with core.selectors gives the published numbers back. How the
published totals split (ages, cities, dates...) is invented; the totals are not.

Idempotent: reference rows are upserted by natural key, and each synthetic block is generated
once (its first file number is the marker). Synthetic rows are bulk-created so loading Saguenay
takes a few seconds.
"""

# Seeded, reproducible pseudo-randomness for fictitious demo data; nothing here is a secret.
# ruff: noqa: S311

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal

from django.apps import apps
from django.db import transaction

from accounts.models import User
from core.models import (
    Activity,
    ActivityAttendance,
    ActivityKind,
    ActivityReach,
    AgeGroup,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Audience,
    Committee,
    CommitteeKind,
    CommitteeMeeting,
    Consent,
    Deliverable,
    DeliverableStatus,
    Education,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    Funder,
    FunderKind,
    Gender,
    ImmigrationStatus,
    Indicator,
    IndicatorTarget,
    Intervention,
    InterventionMode,
    JourneyStep,
    Objective,
    ObjectiveStatus,
    OriginKind,
    Outcome,
    Participant,
    ParticipantIdentity,
    Partner,
    PartnerKind,
    PartyRole,
    Program,
    ProgramAxis,
    QuebecRegion,
    RetentionFollowUp,
    RetentionStatus,
    Schedule,
    Service,
    ServicePoint,
    Strategy,
    TeamMember,
    TeamRole,
)
from core.services._common import add_months

# The CJE Saguenay annual report covers April 2023 to March 2024 and is dated 20 June 2024.
FY_START, FY_END = dt.date(2023, 4, 1), dt.date(2024, 3, 31)
REPORT_DATE = dt.date(2024, 6, 20)
SYNTHETIC_NOTE = (
    "Données fictives de démonstration : personnes générées, jamais réelles ; seuls les totaux "
    "reproduisent les chiffres publiés."
)
FIRST_NAMES = ["Alex", "Sam", "Charlie", "Camille", "Dominique", "Jessie", "Maxime", "Andrea", "Noa", "Eden"]


# ---------------------------------------------------------------------------------------------
# Idempotent upserts by natural key


def _partner(name: str, kind: str, **fields) -> Partner:
    partner = Partner.objects.filter(name__iexact=name).first()
    if partner is None:
        return Partner.objects.create(name=name, kind=kind, **fields)
    for key, value in {"kind": kind, **fields}.items():
        setattr(partner, key, value)
    partner.save()
    return partner


def _upsert(model, lookup: dict, fields: dict):
    obj, _created = model.objects.update_or_create(**lookup, defaults=fields)
    return obj


def _service_point(partner: Partner, name: str, **fields) -> ServicePoint:
    return _upsert(ServicePoint, {"partner": partner, "name": name}, fields)


def _funder(name: str, **fields) -> Funder:
    return _upsert(Funder, {"name": name}, fields)


def _program(code: str, *, funders: Iterable[Funder] = (), **fields) -> Program:
    program = _upsert(Program, {"code": code}, fields)
    program.funders.set(funders)
    return program


def _member(full_name: str, team: str, **fields) -> TeamMember:
    return _upsert(TeamMember, {"full_name": full_name, "team": team}, fields)


def _objective(text: str, position: int, **owner_and_fields) -> Objective:
    owner = {
        k: owner_and_fields.pop(k) for k in ("strategy", "program", "agreement") if k in owner_and_fields
    }
    return _upsert(Objective, {**owner, "position": position}, {"text": text, **owner_and_fields})


def _agreement(title: str, *, programs: Iterable[Program] = (), **fields) -> Agreement:
    agreement = _upsert(Agreement, {"title": title}, fields)
    agreement.programs.set(programs)
    return agreement


def _party(agreement: Agreement, *, partner=None, funder=None, **fields) -> AgreementParty:
    key = (
        {"agreement": agreement, "partner": partner}
        if partner
        else {"agreement": agreement, "funder": funder}
    )
    return _upsert(AgreementParty, key, {"partner": partner, "funder": funder, **fields})


def _deliverable(agreement: Agreement, position: int, title: str, **fields) -> Deliverable:
    return _upsert(Deliverable, {"agreement": agreement, "title": title}, {"position": position, **fields})


def _activity(title: str, kind: str, start_date: dt.date, *, reach: dict | None = None, **fields) -> Activity:
    activity = _upsert(Activity, {"title": title, "start_date": start_date}, {"kind": kind, **fields})
    for band, headcount in (reach or {}).items():
        _upsert(ActivityReach, {"activity": activity, "age_band": band}, {"headcount": headcount})
    return activity


def _attend(activity: Activity, participants: Iterable[Participant]) -> None:
    ActivityAttendance.objects.bulk_create(
        [ActivityAttendance(activity=activity, participant=p) for p in participants], ignore_conflicts=True
    )


def _committee(name: str, *, partners: Iterable[Partner] = (), **fields) -> Committee:
    committee = _upsert(Committee, {"name": name}, fields)
    committee.partners.add(*partners)
    return committee


def _service(partner: Partner, name_fr: str, *, points: Iterable[ServicePoint] = (), **fields) -> Service:
    service = _upsert(Service, {"partner": partner, "name_fr": name_fr}, fields)
    service.service_points.set(points)
    return service


def _target(agreement: Agreement, indicator: str, target, program=None, **fields) -> IndicatorTarget:
    return _upsert(
        IndicatorTarget,
        {"agreement": agreement, "indicator": indicator, "program": program},
        {"target": Decimal(target), **fields},
    )


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` positive, uneven integers that add up exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [max(1, int(total * w / sum(weights))) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _reach_by_band(
    total: int,
    rng: random.Random,
    bands=(AgeGroup.AGE_15_19, AgeGroup.AGE_20_24, AgeGroup.AGE_25_29, AgeGroup.AGE_30_35, AgeGroup.OVER_35),
) -> dict:
    return (
        dict(zip(bands, _split(total, len(bands), rng), strict=True))
        if total >= len(bands)
        else {bands[0]: total}
    )


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


BIRTH_YEAR_FOR = {
    AgeGroup.AGE_15_19: (2004, 2008),
    AgeGroup.AGE_20_24: (1999, 2003),
    AgeGroup.AGE_25_29: (1994, 1998),
    AgeGroup.AGE_30_35: (1988, 1993),
    AgeGroup.OVER_35: (1970, 1987),
}


class SyntheticPeople:
    """Builds fictitious participants with their identity and consent, in memory, for bulk_create."""

    def __init__(self, rng: random.Random, prefix: str, email_domain: str = "exemple.invalid"):
        self.rng = rng
        self.prefix = prefix
        self.email_domain = email_domain
        self.participants: list[Participant] = []
        self.identities: list[tuple[Participant, dict]] = []

    def add(self, *, intake_date: dt.date, age_group: str, **stats) -> Participant:
        n = len(self.participants) + 1
        code = f"{self.prefix}-{n:04d}"
        participant = Participant(
            code=code,
            intake_date=intake_date,
            age_group=age_group,
            has_consent=True,
            is_synthetic=True,
            **stats,
        )
        low, high = BIRTH_YEAR_FOR.get(age_group, (1990, 2000))
        birth = dt.date(self.rng.randint(low, high), self.rng.randint(1, 12), self.rng.randint(1, 28))
        self.participants.append(participant)
        self.identities.append(
            (
                participant,
                {
                    "first_name": self.rng.choice(FIRST_NAMES),
                    "last_name": f"Fictif-{code[-4:]}-{self.prefix.split('-')[-1]}",
                    "birth_date": birth,
                    "email": f"{code.lower()}@{self.email_domain}",
                },
            )
        )
        return participant

    def save(self) -> list[Participant]:
        Participant.objects.bulk_create(self.participants, batch_size=1000)
        ParticipantIdentity.objects.bulk_create(
            [ParticipantIdentity(participant=p, **data) for p, data in self.identities], batch_size=1000
        )
        Consent.objects.bulk_create(
            [
                Consent(
                    participant=p, given_on=p.intake_date, purpose_follow_up=True, purpose_statistics=True
                )
                for p in self.participants
            ],
            batch_size=1000,
        )
        return self.participants


def _save_enrollments(enrollments: list[Enrollment]) -> None:
    Enrollment.objects.bulk_create(enrollments, batch_size=1000)
    EnrollmentStatusChange.objects.bulk_create(
        [
            EnrollmentStatusChange(
                enrollment=e, to_status=e.status, changed_on=e.end_date or e.start_date or e.applied_on
            )
            for e in enrollments
        ],
        batch_size=1000,
    )


def _fit_minutes(interventions: list[Intervention], total_minutes: int) -> None:
    """Rescale the generated durations so they add up exactly to the published total."""
    current = sum(i.minutes for i in interventions)
    for intervention in interventions:
        intervention.minutes = max(15, round(intervention.minutes * total_minutes / current))
    gap = total_minutes - sum(i.minutes for i in interventions)
    step = 1 if gap > 0 else -1
    index = 0
    while gap:
        intervention = interventions[index % len(interventions)]
        if 15 < intervention.minutes + step <= 24 * 60:
            intervention.minutes += step
            gap -= step
        index += 1


# ---------------------------------------------------------------------------------------------
# Demo accounts (created by tenants.demo before this runs) linked to the content


def _link_demo_accounts(
    slug: str, *, main_funder: Funder, agent: TeamMember, team: str, employer: Partner
) -> None:
    users = {u.email: u for u in User.objects.filter(email__endswith=f"@{slug}.demo")}
    agent_user = users.get(f"agent@{slug}.demo")
    if agent_user is not None:
        TeamMember.objects.filter(user=agent_user).exclude(pk=agent.pk).update(user=None)
        agent.user = agent_user
        agent.email = agent_user.email
        agent.save(update_fields=["user", "email", "updated_at"])
    for prefix, full_name, role in (
        ("coordination", "Coordination (démo)", TeamRole.COORDINATION),
        ("admin", "Direction (démo)", TeamRole.DIRECTION),
    ):
        user = users.get(f"{prefix}@{slug}.demo")
        member = _member(full_name, team, role=role, title=str(role.label), employer=employer)
        if user is not None:
            TeamMember.objects.filter(user=user).exclude(pk=member.pk).update(user=None)
            member.user = user
            member.email = user.email
            member.save(update_fields=["user", "email", "updated_at"])
    funder_user = users.get(f"funder@{slug}.demo")
    if funder_user is not None:
        main_funder.accounts.add(funder_user)


# ---------------------------------------------------------------------------------------------
# Saguenay–Lac-Saint-Jean: MigrAction, CJE Saguenay (2023-2024 report), MIFI regional office

CJE_PROGRAMS = [
    # code, name fr, name en, axis, age range, funders (keys), published participants
    (
        "cje-accueil-universel",
        "Accueil universel",
        "Universal welcome",
        ProgramAxis.UNIVERSAL_WELCOME,
        (15, 35),
        ["pscje"],
        1010,
    ),
    (
        "cje-orientation",
        "Orientation (B)",
        "Career guidance (B)",
        ProgramAxis.SOCIOPROFESSIONAL,
        (15, 35),
        ["sq"],
        55,
    ),
    (
        "cje-mre",
        "Méthode de recherche d'emploi (C)",
        "Job search method (C)",
        ProgramAxis.SOCIOPROFESSIONAL,
        (15, 35),
        ["sq"],
        104,
    ),
    (
        "cje-services-specialises",
        "Services spécialisés (D)",
        "Specialised services (D)",
        ProgramAxis.SOCIOPROFESSIONAL,
        (16, 35),
        ["sq"],
        175,
    ),
    (
        "cje-employabilite",
        "Employabilité",
        "Employability",
        ProgramAxis.SOCIOPROFESSIONAL,
        (15, 35),
        ["pscje"],
        149,
    ),
    (
        "cje-perseverance-scolaire",
        "Persévérance scolaire",
        "School perseverance",
        ProgramAxis.EDUCATION,
        (15, 19),
        ["creneau"],
        27,
    ),
    (
        "cje-reussite-educative",
        "Réussite éducative",
        "Educational success",
        ProgramAxis.EDUCATION,
        (15, 35),
        ["pscje"],
        16,
    ),
    (
        "cje-d-mfor",
        "Accompagnement dans le cadre d'une mesure de formation (groupe D-MFOR)",
        "Support during a training measure (D-MFOR group)",
        ProgramAxis.EDUCATION,
        (15, 35),
        ["sq"],
        25,
    ),
    (
        "cje-autonomie",
        "Développer l'autonomie",
        "Developing autonomy",
        ProgramAxis.AUTONOMY,
        (15, 35),
        ["creneau", "pscje"],
        34,
    ),
    (
        "cje-ecocitoyennete",
        "Écocitoyenneté",
        "Eco-citizenship",
        ProgramAxis.ECOCITIZENSHIP,
        (15, 35),
        ["pscje"],
        31,
    ),
    (
        "cje-evb",
        "Entrepreneuriat, volontariat et bénévolat (EVB)",
        "Entrepreneurship, volunteering and community involvement (EVB)",
        ProgramAxis.ECOCITIZENSHIP,
        (15, 29),
        ["creneau"],
        75,
    ),
    (
        "paj-saguenay",
        "Place aux jeunes Saguenay",
        "Place aux jeunes Saguenay",
        ProgramAxis.SETTLEMENT,
        (18, 35),
        ["saj"],
        None,
    ),
    (
        "paj-fjord",
        "Place aux jeunes Fjord-du-Saguenay",
        "Place aux jeunes Fjord-du-Saguenay",
        ProgramAxis.SETTLEMENT,
        (18, 35),
        ["saj"],
        None,
    ),
    (
        "cje-pasi",
        "Programme d'accompagnement et de soutien à l'intégration (PASI)",
        "Integration support program (PASI)",
        ProgramAxis.IMMIGRANT_INTEGRATION,
        (None, None),
        ["mifi"],
        None,
    ),
]
PAJ_FIGURES = {
    # successful, parallel, exploratory stays, new candidates, attendees of the group stays
    "paj-saguenay": (69, 11, 24, 271, 11),
    "paj-fjord": (7, 7, 13, 57, 7),
}
CJE_TEAM = [
    # name, title, role, service point (None: head office)
    ("Bernard Belley", "Direction générale", TeamRole.DIRECTION, None),
    ("Marc-Antoine Guérin", "Coordonnateur", TeamRole.COORDINATION, "La Baie"),
    ("Willy Achille", "Agent Place aux jeunes Ville de Saguenay", TeamRole.MIGRATION_AGENT, "La Baie"),
    ("Catherine Bélanger", "Agente Place aux jeunes Ville de Saguenay", TeamRole.MIGRATION_AGENT, "La Baie"),
    ("Noémie Grenier", "Agente Place aux jeunes Fjord", TeamRole.MIGRATION_AGENT, "La Baie"),
    (
        "Serge Tremblay",
        "Intervenant en intégration pour la clientèle immigrante",
        TeamRole.INTEGRATION_WORKER,
        "La Baie",
    ),
    ("Line Harvey", "Intervenante en persévérance scolaire", TeamRole.SCHOOL_WORKER, "La Baie"),
    ("Emma Belmonte-Armenaoud", "Intervenante projet jeunesse", TeamRole.OTHER, "La Baie"),
    (
        "Manon Gagné",
        "Coordonnatrice des services administratifs et au recrutement",
        TeamRole.COORDINATION,
        "Chicoutimi",
    ),
    ("Patsy Bergeron", "Coordonnatrice", TeamRole.COORDINATION, "Chicoutimi"),
    ("Johanne Morissette", "Intervenante en persévérance scolaire", TeamRole.SCHOOL_WORKER, "Chicoutimi"),
    (
        "Judith Simard",
        "Intervenante en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Chicoutimi",
    ),
    (
        "Marie-Joëlle Lalancette",
        "Intervenante en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Chicoutimi",
    ),
    (
        "Vincent Boudreault",
        "Intervenant en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Chicoutimi",
    ),
    (
        "Roxanne Corrin",
        "Intervenante en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Chicoutimi",
    ),
    (
        "Mélodie Boudreau",
        "Agente de développement projets jeunesse",
        TeamRole.DEVELOPMENT_AGENT,
        "Chicoutimi",
    ),
    ("Sarah Duchesne", "Coordonnatrice", TeamRole.COORDINATION, "Jonquière"),
    ("Sabrina Dionne", "Agente à l'accueil et aux communications", TeamRole.RECEPTION, "Jonquière"),
    (
        "Steve Morin",
        "Intervenant en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Jonquière",
    ),
    (
        "Tricia Nadeau",
        "Intervenante en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Jonquière",
    ),
    (
        "Julianne Bouchard",
        "Intervenante en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Jonquière",
    ),
    (
        "Sara Bédard",
        "Intervenante en intégration socioprofessionnelle",
        TeamRole.INTEGRATION_WORKER,
        "Jonquière",
    ),
    ("Anne-Sophie Gilbert", "Intervenante en persévérance scolaire", TeamRole.SCHOOL_WORKER, "Jonquière"),
    ("Véronique Fradet", "Conseillère en orientation", TeamRole.GUIDANCE_COUNSELLOR, "Jonquière"),
]
MIGRACTION_TARGETS = [
    "Développer et diffuser une image positive de la région",
    "Développer et soutenir localement des politiques, des mesures et projets favorisant l'établissement des jeunes",
    "Favoriser l'insertion sociale et professionnelle des jeunes dans la région",
    "Développer l'entrepreneuriat individuel et collectif chez les jeunes",
    "Accroître le sentiment d'appartenance par la participation citoyenne des jeunes",
]
MIGRACTION_TEAM = [
    (5, "Agent·e de migration « Place aux jeunes »", TeamRole.MIGRATION_AGENT),
    (3, "Agente de développement", TeamRole.DEVELOPMENT_AGENT),
    (4, "Agent·e de sensibilisation à l'entrepreneuriat jeunesse", TeamRole.ENTREPRENEURSHIP_AGENT),
    (1, "Agente de participation citoyenne", TeamRole.CITIZENSHIP_AGENT),
    (1, "Agente de communication", TeamRole.COMMUNICATION),
    (1, "Coordonnateur de la Table régionale en entrepreneuriat", TeamRole.COORDINATION),
]
MIFI_POINTS = [
    ("Services Québec — Chicoutimi (rue des Oblats Ouest)", "210, rue des Oblats Ouest", "Chicoutimi", False),
    ("Services Québec — Chicoutimi (rue Riverin)", "237, rue Riverin", "Chicoutimi", False),
    ("Services Québec — Jonquière", "3885, boulevard Harvey", "Jonquière", False),
    ("Services Québec — Alma", "725, rue Harvey Ouest, 2e étage", "Alma", False),
    ("Services Québec — Roberval", "755, boulevard Saint-Joseph, 2.13-A", "Roberval", False),
    ("Services Québec — Dolbeau-Mistassini", "1500, rue des Érables", "Dolbeau-Mistassini", True),
]
CJE_COMMITTEES = [
    "Table de concertation sur la violence faite aux femmes et aux adolescentes de Jonquière",
    "Table TEVA",
    "Table de lutte à la pauvreté et à l'exclusion sociale de Jonquière",
    "Table de lutte à l'exploitation sexuelle",
    "Table santé mentale et dépendance de Jonquière",
    "Table SARCA de Jonquière",
    "Comité de service de proximité l'AGIR",
    "Conseil d'établissement du CFGA de Chicoutimi",
    "Conseil d'établissement du CFGA de Jonquière",
    "Pôle sur les transitions en enseignement supérieur",
    "Conseil d'administration de la Maison d'hébergement l'Issue",
    "Table jeunesse du Fjord",
    "Grand Saguenay Lac-St-Jean",
    "Conseil régional de prévention de l'abandon scolaire du Saguenay-Lac-Saint-Jean (CRÉPAS)",
    "Table locale MSSS-MEES, Secteurs Chicoutimi et La Baie",
    "Conseil des Partenaires du RLS de Jonquière",
    "Regroupement des organismes communautaires La Baie – Bas-Saguenay",
    "Table régionale de concertation en immigration",
]
SAGUENAY_CITIES = {
    "Chicoutimi": 45,
    "Jonquière": 30,
    "La Baie": 13,
    "Laterrière": 4,
    "Shipshaw": 3,
    "Saint-Fulgence": 3,
    "Saint-Honoré": 2,
}
STATUS_MIX = {
    ImmigrationStatus.CITIZEN: 72,
    ImmigrationStatus.PERMANENT_RESIDENT: 7,
    ImmigrationStatus.TEMPORARY_WORKER: 6,
    ImmigrationStatus.INTERNATIONAL_STUDENT: 8,
    ImmigrationStatus.ASYLUM_SEEKER: 3,
    ImmigrationStatus.PENDING: 2,
    ImmigrationStatus.PROTECTED_PERSON: 2,
}
COUNTRIES = [
    "France",
    "Cameroun",
    "Côte d'Ivoire",
    "Maroc",
    "Colombie",
    "Tunisie",
    "Sénégal",
    "Mexique",
    "Algérie",
    "Belgique",
]
GENDER_MIX = {Gender.WOMAN: 50, Gender.MAN: 47, Gender.NON_BINARY: 2, Gender.UNDISCLOSED: 1}
EDUCATION_BY_AGE = {
    AgeGroup.AGE_15_19: {
        Education.SECONDARY_INCOMPLETE: 70,
        Education.SECONDARY: 25,
        Education.VOCATIONAL: 5,
    },
    AgeGroup.AGE_20_24: {
        Education.SECONDARY_INCOMPLETE: 25,
        Education.SECONDARY: 35,
        Education.VOCATIONAL: 20,
        Education.COLLEGE: 15,
        Education.UNIVERSITY: 5,
    },
    AgeGroup.AGE_25_29: {
        Education.SECONDARY_INCOMPLETE: 15,
        Education.SECONDARY: 25,
        Education.VOCATIONAL: 20,
        Education.COLLEGE: 20,
        Education.UNIVERSITY: 20,
    },
    AgeGroup.AGE_30_35: {
        Education.SECONDARY_INCOMPLETE: 15,
        Education.SECONDARY: 20,
        Education.VOCATIONAL: 20,
        Education.COLLEGE: 20,
        Education.UNIVERSITY: 25,
    },
}
AGE_MIX = {AgeGroup.AGE_15_19: 22, AgeGroup.AGE_20_24: 33, AgeGroup.AGE_25_29: 25, AgeGroup.AGE_30_35: 20}
CJE_HOURS = 11_944
CJE_WALK_INS = 354
CJE_KIOSKS, CJE_KIOSK_REACH = 21, 2_200
PAJ_ATTRACTION_REACH = 1_295


def _stats(
    rng: random.Random, age_group: str, *, cities=SAGUENAY_CITIES, mrc="Saguenay", immigrant=None
) -> dict:
    status = _weighted(rng, STATUS_MIX) if immigrant is None else immigrant
    abroad = status != ImmigrationStatus.CITIZEN
    return {
        "gender": _weighted(rng, GENDER_MIX),
        "education": _weighted(rng, EDUCATION_BY_AGE.get(age_group, {Education.UNKNOWN: 1})),
        "immigration_status": status,
        "city": _weighted(rng, cities),
        "mrc": mrc,
        "origin_kind": OriginKind.ABROAD if abroad else OriginKind.SAME_REGION,
        "origin_country": rng.choice(COUNTRIES) if abroad else "",
    }


def _load_saguenay() -> None:
    rng = random.Random("saguenay")
    # Organisations named in the seeds
    cje = _partner(
        "Carrefour jeunesse-emploi Saguenay",
        PartnerKind.COMMUNITY,
        acronym="CJE Saguenay",
        territory="Saguenay",
        city="Saguenay",
        description="Accompagner toute personne de 15 à 35 ans au Saguenay dans leurs démarches scolaires, "
        "professionnelles et de développement personnel.",
    )
    mifi = _partner(
        "Ministère de l'Immigration, de la Francisation et de l'Intégration — Direction régionale du "
        "Saguenay–Lac-Saint-Jean et de la Côte-Nord",
        PartnerKind.PUBLIC,
        acronym="MIFI",
        territory="Saguenay–Lac-Saint-Jean",
        phone="1 877 662-4667",
    )
    services_quebec = _partner("Services Québec", PartnerKind.PUBLIC, territory="Saguenay–Lac-Saint-Jean")
    saj = _partner("Secrétariat à la jeunesse", PartnerKind.PUBLIC, territory="Québec")
    portes_ouvertes = _partner(
        "Portes ouvertes sur le Lac", PartnerKind.COMMUNITY, territory="Lac-Saint-Jean"
    )
    inclusia = _partner("Groupe Inclusia", PartnerKind.COMMUNITY, territory="Saguenay–Lac-Saint-Jean")
    _partner("Université du Québec à Chicoutimi", PartnerKind.EDUCATION, acronym="UQAC", city="Chicoutimi")
    _partner(
        "Conseil régional de prévention de l'abandon scolaire du Saguenay–Lac-Saint-Jean",
        PartnerKind.SOCIOECONOMIC,
        acronym="CRÉPAS",
    )
    _partner("Ville de Saguenay", PartnerKind.MUNICIPALITY, territory="Saguenay", city="Saguenay")
    _partner("MRC du Fjord-du-Saguenay", PartnerKind.MRC, territory="Le Fjord-du-Saguenay")

    # Service points
    cje_points = {
        city: _service_point(cje, f"Point de service de {city}", city=city, address="")
        for city in ("La Baie", "Chicoutimi", "Jonquière")
    }
    mifi_points = [
        _service_point(
            mifi, name, address=address, city=city, phone="1 877 662-4667", by_appointment_only=appointment
        )
        for name, address, city, appointment in MIFI_POINTS
    ]

    # Funders
    funders = {
        "pscje": _funder(
            "Programme de soutien financier des Carrefours jeunesse-emploi",
            acronym="PSCJE",
            kind=FunderKind.PROGRAM,
        ),
        "creneau": _funder("Créneau carrefour jeunesse", kind=FunderKind.PROGRAM),
        "saj": _funder("Secrétariat à la jeunesse", acronym="SAJ", kind=FunderKind.PROVINCIAL, partner=saj),
        "sq": _funder("Services Québec", kind=FunderKind.PROVINCIAL, partner=services_quebec),
        "mifi": _funder(
            "Ministère de l'Immigration, de la Francisation et de l'Intégration",
            acronym="MIFI",
            kind=FunderKind.PROVINCIAL,
            partner=mifi,
        ),
    }

    # MigrAction: the strategy, its five targets, its 15-agent team (positions, no names published)
    migraction = _upsert(
        Strategy,
        {"name": "Stratégie MigrAction"},
        {
            "mission": "Créer les conditions favorables à l'établissement des jeunes au Saguenay–Lac-Saint-Jean "
            "et atteindre un bilan migratoire positif des jeunes.",
            "announced_partner_count": 35,
            "announced_team_size": 15,
        },
    )
    for position, text in enumerate(MIGRACTION_TARGETS, 1):
        _objective(text, position, strategy=migraction, status=ObjectiveStatus.IN_PROGRESS)
    for count, title, role in MIGRACTION_TEAM:
        for n in range(1, count + 1):
            _member(f"{title} — poste {n}", "MigrAction", title=title, role=role, is_vacant_position=True)

    # Programs by axis
    programs: dict[str, Program] = {}
    for code, name_fr, name_en, axis, (age_min, age_max), funder_keys, _count in CJE_PROGRAMS:
        programs[code] = _program(
            code,
            name_fr=name_fr,
            name_en=name_en,
            axis=axis,
            operator=cje,
            age_min=age_min,
            age_max=age_max,
            strategy=migraction if axis == ProgramAxis.SETTLEMENT else None,
            funders=[funders[key] for key in funder_keys],
        )
    programs["mifi-accompagnement-quebec"] = _program(
        "mifi-accompagnement-quebec",
        name_fr="Accompagnement Québec",
        name_en="Accompagnement Québec (integration support)",
        description_fr="Le service d'intégration des personnes immigrantes du MIFI : des agentes et agents "
        "d'aide à l'intégration rencontrent les personnes immigrantes.",
        description_en="MIFI's integration service: integration support officers meet immigrants.",
        axis=ProgramAxis.IMMIGRANT_INTEGRATION,
        operator=mifi,
        funders=[funders["mifi"]],
    )
    programs["mifi-entreprises"] = _program(
        "mifi-entreprises",
        name_fr="Service aux entreprises des conseillers en immigration régionale",
        name_en="Regional immigration advisers' service to businesses",
        description_fr="Un service clé en main aux entreprises désireuses d'embaucher des personnes "
        "immigrantes d'ici ou d'ailleurs.",
        description_en="A turnkey service for businesses wishing to hire immigrants from here or abroad.",
        axis=ProgramAxis.EMPLOYERS,
        operator=mifi,
        funders=[funders["mifi"]],
    )

    # CJE Saguenay's team as published, and the MIFI positions
    for name, title, role, city in CJE_TEAM:
        _member(
            name,
            "CJE Saguenay",
            title=title,
            role=role,
            employer=cje,
            service_point=cje_points.get(city) if city else None,
        )
    mifi_staff = [
        _member(
            f"Conseiller·ère en immigration régionale — {city}",
            "MIFI — Direction régionale",
            title="Conseiller·ère en immigration régionale",
            role=TeamRole.IMMIGRATION_COUNSELLOR,
            employer=mifi,
            service_point=next(p for p in mifi_points if p.city == city),
            is_vacant_position=True,
        )
        for city in ("Chicoutimi", "Roberval")
    ] + [
        _member(
            f"Agente d'aide à l'intégration — {city}",
            "MIFI — Direction régionale",
            title="Agente d'aide à l'intégration",
            role=TeamRole.INTEGRATION_AGENT,
            employer=mifi,
            service_point=next(p for p in mifi_points if p.city == city),
            is_vacant_position=True,
        )
        for city in ("Chicoutimi", "Alma", "Jonquière")
    ]
    # Fictitious intervenants who log the synthetic interventions (never the real staff above).
    demo_workers = [
        _member(
            f"Intervenant·e fictif·ve {letter} (démo)",
            "CJE Saguenay",
            role=TeamRole.INTEGRATION_WORKER,
            employer=cje,
        )
        for letter in "ABCDEF"
    ]
    demo_agent = _member(
        "Agent·e (démo)",
        "CJE Saguenay",
        title="Agent·e Place aux jeunes (compte de démonstration)",
        role=TeamRole.MIGRATION_AGENT,
        employer=cje,
        service_point=cje_points["La Baie"],
    )
    demo_agent.programs.set([programs["paj-saguenay"], programs["paj-fjord"]])

    # Agreements: Place aux jeunes (with a target to compare), MIFI's nine agreements
    paj_agreement = _agreement(
        "Place aux jeunes en région — Saguenay-Le Fjord 2023-2024",
        kind=AgreementKind.FUNDING,
        status=AgreementStatus.COMPLETED,
        start_date=FY_START,
        end_date=FY_END,
        purpose="Services de Place aux jeunes en région, possibles grâce au soutien financier du Secrétariat à la jeunesse.",
        reporting_obligations="Rapport annuel : migrations réussies et parallèles, séjours exploratoires, nouveaux candidats.",
        programs=[programs["paj-saguenay"], programs["paj-fjord"]],
    )
    _party(paj_agreement, funder=funders["saj"], partner=saj, role=PartyRole.FUNDER)
    _party(paj_agreement, partner=cje, role=PartyRole.MANAGER)
    _target(
        paj_agreement,
        Indicator.SUCCESSFUL_MIGRATIONS,
        70,
        program=programs["paj-saguenay"],
        note="Cible de démonstration (la cible réelle n'est pas publiée).",
    )
    pasi = _agreement(
        "Entente MIFI — CJE Saguenay : Programme d'accompagnement et de soutien à l'intégration (PASI)",
        kind=AgreementKind.FUNDING,
        status=AgreementStatus.IN_PROGRESS,
        purpose="Soutien personnalisé aux personnes immigrantes qui s'établissent dans la région.",
        programs=[programs["cje-pasi"]],
    )
    _party(pasi, funder=funders["mifi"], partner=mifi, role=PartyRole.FUNDER)
    _party(pasi, partner=cje, role=PartyRole.MANAGER)
    for n in range(2, 10):
        other = _agreement(
            f"Entente MIFI n° {n} avec un partenaire du milieu (détails non publiés)",
            kind=AgreementKind.FUNDING,
            status=AgreementStatus.IN_PROGRESS,
            purpose="Entente conclue dans le cadre des programmes d'aide financière du MIFI : concertation autour "
            "d'actions durables et activités de mobilisation (bilan 2019-2020).",
        )
        _party(other, funder=funders["mifi"], partner=mifi, role=PartyRole.FUNDER)

    # Committees
    for name in CJE_COMMITTEES:
        _committee(name, partners=[cje], territory="Saguenay–Lac-Saint-Jean")

    # The service map
    _service(
        mifi,
        "Accompagnement Québec",
        name_en="Accompagnement Québec",
        description_fr="Service d'intégration des personnes immigrantes du MIFI : des agentes et agents d'aide à "
        "l'intégration accompagnent les personnes immigrantes.",
        description_en="MIFI's integration service for immigrants.",
        audience=Audience.IMMIGRANTS,
        languages=["fr", "en"],
        fees_fr="Gratuit",
        fees_en="Free",
        application_process_fr="Par téléphone au 1 877 662-4667 ; rendez-vous à Chicoutimi, Roberval et Dolbeau-Mistassini.",
        application_process_en="By phone at 1 877 662-4667; appointments in Chicoutimi, Roberval and Dolbeau-Mistassini.",
        territory="Saguenay–Lac-Saint-Jean",
        phone="1 877 662-4667",
        program=programs["mifi-accompagnement-quebec"],
        points=mifi_points,
    )
    _service(
        mifi,
        "Service clé en main aux entreprises",
        name_en="Turnkey service for businesses",
        description_fr="Les conseillers en immigration régionale aident les entreprises à recruter parmi les "
        "personnes immigrantes d'ici ou d'ailleurs.",
        description_en="Regional immigration advisers help businesses recruit immigrants from here or abroad.",
        audience=Audience.EMPLOYERS,
        languages=["fr"],
        territory="Saguenay–Lac-Saint-Jean",
        phone="1 877 662-4667",
        program=programs["mifi-entreprises"],
        points=[p for p in mifi_points if p.city in ("Chicoutimi", "Roberval")],
    )
    for partner, territory in ((portes_ouvertes, "Lac-Saint-Jean"), (inclusia, "Saguenay–Lac-Saint-Jean")):
        _service(
            partner,
            "Intégration et accompagnement des personnes immigrantes",
            name_en="Integration and support for immigrants",
            description_fr="Services d'intégration et d'accompagnement aux personnes immigrantes qui souhaitent "
            "s'établir dans la région.",
            description_en="Integration and support services for immigrants who wish to settle in the region.",
            audience=Audience.IMMIGRANTS,
            languages=["fr"],
            territory=territory,
        )
    for code, audience in (
        ("cje-accueil-universel", Audience.YOUTH),
        ("cje-employabilite", Audience.YOUTH),
        ("paj-saguenay", Audience.NEWCOMERS),
        ("cje-pasi", Audience.IMMIGRANTS),
    ):
        program = programs[code]
        _service(
            cje,
            program.name_fr,
            name_en=program.name_en,
            description_fr=program.description_fr,
            audience=audience,
            languages=["fr"],
            fees_fr="Gratuit",
            fees_en="Free",
            territory="Saguenay",
            program=program,
            points=list(cje_points.values()),
        )

    _saguenay_cje_synthetic(rng, programs, demo_workers, demo_agent)
    _saguenay_activities(random.Random("saguenay-activities"), programs, cje)
    _saguenay_mifi_synthetic(random.Random("saguenay-mifi"), programs, mifi_staff)
    _link_demo_accounts(
        "saguenay", main_funder=funders["mifi"], agent=demo_agent, team="CJE Saguenay", employer=cje
    )


def _saguenay_cje_synthetic(rng, programs, workers, demo_agent) -> None:
    """1 010 people at the CJE's welcome desks, its programs' counts, the PAJ candidates, 11 944 h."""
    if Participant.objects.filter(code="DEMO-SAG-CJE-0001").exists():
        return
    fy_late = FY_END - dt.timedelta(days=45)
    # Which specialised program each of the 1 010 people also joined (None: welcome desk only).
    assignments: list[str | None] = []
    for code, *_rest, count in CJE_PROGRAMS[1:11]:
        assignments += [code] * count
    assignments += [None] * (1010 - len(assignments))
    rng.shuffle(assignments)
    people = SyntheticPeople(rng, "DEMO-SAG-CJE")
    for program_code in assignments:
        if program_code == "cje-perseverance-scolaire":
            age = AgeGroup.AGE_15_19
        elif program_code == "cje-evb":
            age = rng.choice([AgeGroup.AGE_15_19, AgeGroup.AGE_20_24, AgeGroup.AGE_25_29])
        elif program_code == "cje-services-specialises":
            age = rng.choice([AgeGroup.AGE_20_24, AgeGroup.AGE_25_29, AgeGroup.AGE_30_35])
        else:
            age = _weighted(rng, AGE_MIX)
        people.add(
            intake_date=_day(rng, FY_START, fy_late),
            age_group=age,
            agent=rng.choice(workers),
            **_stats(rng, age),
        )
    cje_people = people.save()

    enrollments: list[Enrollment] = []
    interventions: list[Intervention] = []
    walk_ins = set(rng.sample(range(len(cje_people)), CJE_WALK_INS))
    for index, (person, program_code) in enumerate(zip(cje_people, assignments, strict=True)):
        welcome = Enrollment(
            participant=person,
            program=programs["cje-accueil-universel"],
            agent=person.agent,
            status=EnrollmentStatus.COMPLETED,
            applied_on=person.intake_date,
            start_date=person.intake_date,
            end_date=person.intake_date,
        )
        enrollments.append(welcome)
        interventions.append(
            Intervention(
                participant=person,
                enrollment=welcome,
                program=welcome.program,
                agent=person.agent,
                date=person.intake_date,
                minutes=rng.randint(30, 90),
                mode=InterventionMode.WALK_IN if index in walk_ins else InterventionMode.INDIVIDUAL,
                subject="Accueil et évaluation des besoins",
            )
        )
        if program_code is None:
            continue
        applied = min(person.intake_date + dt.timedelta(days=rng.randint(0, 14)), FY_END)
        closes = rng.random() < 0.6
        end = min(applied + dt.timedelta(days=rng.randint(30, 200)), FY_END) if closes else None
        outcome = ""
        if closes and program_code in ("cje-mre", "cje-services-specialises", "cje-employabilite"):
            outcome = _weighted(
                rng, {Outcome.EMPLOYED: 70, Outcome.BACK_TO_SCHOOL: 10, Outcome.NO_RESULT: 20}
            )
        elif closes and program_code in (
            "cje-orientation",
            "cje-reussite-educative",
            "cje-perseverance-scolaire",
        ):
            outcome = _weighted(rng, {Outcome.BACK_TO_SCHOOL: 75, Outcome.NO_RESULT: 25})
        enrollment = Enrollment(
            participant=person,
            program=programs[program_code],
            agent=person.agent,
            status=EnrollmentStatus.COMPLETED if closes else EnrollmentStatus.ACTIVE,
            applied_on=applied,
            start_date=applied,
            end_date=end,
            outcome=outcome,
            outcome_on=end if outcome else None,
        )
        enrollments.append(enrollment)
        last = end or FY_END
        for _ in range(rng.randint(4, 14)):
            interventions.append(
                Intervention(
                    participant=person,
                    enrollment=enrollment,
                    program=enrollment.program,
                    agent=person.agent,
                    date=_day(rng, applied, last),
                    minutes=rng.choice([45, 60, 60, 75, 90, 120]),
                    mode=rng.choice([InterventionMode.INDIVIDUAL] * 4 + [InterventionMode.REMOTE]),
                )
            )

    # Place aux jeunes candidates (not in the 1 010: the portrait leaves out settlement services)
    settled: list[Participant] = []
    stay_attendees: dict[str, list[Participant]] = {}
    for code, (successful, parallel, stays, candidates, in_group_stay) in PAJ_FIGURES.items():
        program = programs[code]
        destination = (
            ("Saguenay", "Saguenay") if code == "paj-saguenay" else ("Le Fjord-du-Saguenay", "Saint-Fulgence")
        )
        paj = SyntheticPeople(rng, f"DEMO-SAG-{'PAJ' if code == 'paj-saguenay' else 'PAJF'}")
        plans = []
        for n in range(candidates):
            age = rng.choice([AgeGroup.AGE_20_24, AgeGroup.AGE_25_29, AgeGroup.AGE_25_29, AgeGroup.AGE_30_35])
            applied = _day(rng, FY_START, FY_END - dt.timedelta(days=90))
            outcome = (
                Outcome.SUCCESSFUL_MIGRATION
                if n < successful
                else Outcome.PARALLEL_MIGRATION
                if n < successful + parallel
                else ""
            )
            has_stay = n < stays // 2 or successful + parallel <= n < successful + parallel + (
                stays - stays // 2
            )
            abroad = rng.random() < 0.15
            stats = {
                "gender": _weighted(rng, GENDER_MIX),
                "education": _weighted(rng, EDUCATION_BY_AGE[age]),
                "immigration_status": ImmigrationStatus.PERMANENT_RESIDENT
                if abroad
                else ImmigrationStatus.CITIZEN,
                "origin_kind": OriginKind.ABROAD if abroad else OriginKind.OTHER_QUEBEC_REGION,
                "origin_country": rng.choice(COUNTRIES) if abroad else "",
                "origin_region": ""
                if abroad
                else _weighted(
                    rng,
                    {
                        QuebecRegion.MONTREAL: 35,
                        QuebecRegion.CAPITALE_NATIONALE: 30,
                        QuebecRegion.MONTEREGIE: 15,
                        QuebecRegion.LAVAL: 10,
                        QuebecRegion.ESTRIE: 10,
                    },
                ),
                "destination_mrc": destination[0],
            }
            outcome_on = (
                applied + dt.timedelta(days=rng.randint(45, (FY_END - applied).days)) if outcome else None
            )
            stay_on = applied + dt.timedelta(days=rng.randint(5, 30)) if has_stay else None
            if outcome:
                found_on = max(applied, outcome_on - dt.timedelta(days=rng.randint(5, 30)))
                if stay_on and stay_on > found_on:
                    stay_on = applied
                stats.update(
                    journey_step=JourneyStep.SETTLED,
                    exploratory_stay_on=stay_on,
                    job_or_studies_found_on=found_on,
                    settled_on=outcome_on,
                    destination_municipality=destination[1],
                    city=destination[1],
                    mrc=destination[0],
                )
            elif has_stay:
                stats.update(journey_step=JourneyStep.EXPLORATORY_STAY, exploratory_stay_on=stay_on)
            agent = demo_agent if code == "paj-saguenay" and n % 6 == 0 else rng.choice(workers)
            person = paj.add(intake_date=applied, age_group=age, agent=agent, **stats)
            plans.append((person, applied, outcome, outcome_on, has_stay))
        paj.save()
        stay_attendees[code] = [person for person, *_r, has_stay in plans if has_stay][:in_group_stay]
        for person, applied, outcome, outcome_on, _has_stay in plans:
            if outcome:
                status, end = EnrollmentStatus.COMPLETED, outcome_on
                settled.append(person)
            else:
                status = _weighted(
                    rng,
                    {
                        EnrollmentStatus.ACTIVE: 40,
                        EnrollmentStatus.ENROLLED: 15,
                        EnrollmentStatus.WAITLISTED: 10,
                        EnrollmentStatus.APPLIED: 15,
                        EnrollmentStatus.WITHDRAWN: 20,
                    },
                )
                end = (
                    min(applied + dt.timedelta(days=rng.randint(20, 120)), FY_END)
                    if status == EnrollmentStatus.WITHDRAWN
                    else None
                )
            started = status not in (EnrollmentStatus.APPLIED, EnrollmentStatus.WAITLISTED)
            enrollment = Enrollment(
                participant=person,
                program=program,
                agent=person.agent,
                status=status,
                applied_on=applied,
                start_date=applied if started else None,
                end_date=end,
                outcome=outcome,
                outcome_on=outcome_on,
                outcome_recorded_by=person.agent if outcome else None,
            )
            enrollments.append(enrollment)
            for _ in range(rng.randint(2, 8) if started else 1):
                interventions.append(
                    Intervention(
                        participant=person,
                        enrollment=enrollment,
                        program=program,
                        agent=person.agent,
                        date=_day(rng, applied, end or FY_END),
                        minutes=rng.choice([30, 45, 60, 60, 90]),
                        mode=rng.choice([InterventionMode.INDIVIDUAL, InterventionMode.REMOTE]),
                        subject="Accompagnement individualisé Place aux jeunes",
                    )
                )
    _save_enrollments(enrollments)
    _fit_minutes(interventions, CJE_HOURS * 60)
    Intervention.objects.bulk_create(interventions, batch_size=2000)

    # Retention follow-ups at 3, 6, 12 and 24 months after settling; those due by the report recorded.
    followups = []
    for person in settled:
        for months in (3, 6, 12, 24):
            due = add_months(person.settled_on, months)
            recorded = due <= REPORT_DATE
            followups.append(
                RetentionFollowUp(
                    participant=person,
                    months_after=months,
                    due_on=due,
                    status=_weighted(
                        rng,
                        {RetentionStatus.STILL_HERE: 86, RetentionStatus.LEFT: 7, RetentionStatus.UNKNOWN: 7},
                    )
                    if recorded
                    else RetentionStatus.SCHEDULED,
                    recorded_on=due if recorded else None,
                    recorded_by=person.agent if recorded else None,
                )
            )
    RetentionFollowUp.objects.bulk_create(followups)

    # The two group exploratory stays (18 people in all), the second one for families.
    for code, title, start in (
        ("paj-saguenay", "Séjour exploratoire de groupe Place aux jeunes Saguenay", dt.date(2023, 10, 19)),
        ("paj-fjord", "Séjour exploratoire de groupe — volet familial", dt.date(2024, 2, 15)),
    ):
        stay = _activity(
            title,
            ActivityKind.EXPLORATORY_STAY,
            start,
            end_date=start + dt.timedelta(days=2),
            program=programs[code],
            city="Saguenay",
            description="Découvrir la région et envisager une vie sur le territoire. " + SYNTHETIC_NOTE,
        )
        _attend(stay, stay_attendees[code])


def _saguenay_activities(rng, programs, cje) -> None:
    """Kiosks, school visits and the other activities of the 2023-2024 report."""
    kiosk_reach = _split(CJE_KIOSK_REACH, CJE_KIOSKS, rng)
    places = [
        "Cégep de Chicoutimi",
        "Cégep de Jonquière",
        "UQAC",
        "Place du Royaume",
        "Centre de services scolaire",
        "Zone portuaire",
    ]
    for n, headcount in enumerate(kiosk_reach, 1):
        _activity(
            f"Kiosque d'information n° {n:02d}",
            ActivityKind.KIOSK,
            _day(random.Random(f"kiosk-{n}"), FY_START, FY_END),
            program=programs["cje-accueil-universel"],
            organizer=cje,
            place=places[n % len(places)],
            city="Saguenay",
            reach=_reach_by_band(headcount, random.Random(f"kiosk-reach-{n}")),
            description="Tenue de kiosque pour informer la population. " + SYNTHETIC_NOTE,
        )
    for n, headcount in enumerate(_split(600, 10, random.Random("perseverance")), 1):
        _activity(
            f"Journées de la persévérance scolaire 2024 — école n° {n:02d}",
            ActivityKind.SCHOOL_VISIT,
            dt.date(2024, 2, 12) + dt.timedelta(days=(n - 1) % 5),
            program=programs["cje-perseverance-scolaire"],
            organizer=cje,
            city="Saguenay",
            reach={AgeGroup.AGE_15_19: headcount},
            description="Arbres de la persévérance scolaire présentés dans 10 écoles, plus de 600 jeunes touchés.",
        )
    for n, headcount in enumerate(_split(PAJ_ATTRACTION_REACH, 12, random.Random("attraction")), 1):
        kind = [ActivityKind.FAIR, ActivityKind.NETWORKING, ActivityKind.PRESENTATION, ActivityKind.EVENT][
            n % 4
        ]
        _activity(
            f"Activité d'attraction, d'accueil et de rétention n° {n:02d}",
            kind,
            _day(random.Random(f"attraction-{n}"), FY_START, FY_END),
            program=programs["paj-saguenay" if n % 3 else "paj-fjord"],
            organizer=cje,
            reach=_reach_by_band(headcount, random.Random(f"attraction-reach-{n}")),
            description="1 295 personnes rencontrées en activités d'attraction, d'accueil et de rétention. "
            + SYNTHETIC_NOTE,
        )
    _activity(
        "Liens migratoires (Semaine québécoise des rencontres interculturelles)",
        ActivityKind.COMMUNITY_PROJECT,
        dt.date(2023, 11, 6),
        program=programs["cje-ecocitoyennete"],
        organizer=cje,
        city="Saguenay",
        reach={AgeGroup.AGE_20_24: 11, AgeGroup.AGE_25_29: 9},
        description="Des jeunes de différentes origines marquent leur pays natal sur une carte du monde.",
    )

    # Activities with named attendance: people drawn from the synthetic participants of each program.
    def enrolled(code: str, count: int) -> list[Participant]:
        return list(
            Participant.objects.filter(enrollments__program=programs[code], is_synthetic=True).order_by(
                "code"
            )[:count]
        )

    autonomy = enrolled("cje-autonomie", 12)
    for n in range(1, 10):
        cooking = _activity(
            f"Cuisine collective n° {n}",
            ActivityKind.WORKSHOP,
            dt.date(2023, 9, 1) + dt.timedelta(weeks=3 * n),
            program=programs["cje-autonomie"],
            organizer=cje,
            description="12 jeunes ont pu bénéficier de 9 cuisines collectives.",
        )
        _attend(cooking, autonomy[(n % 3) * 4 : (n % 3) * 4 + 8])
    _attend(
        _activity(
            "Journée mieux-être",
            ActivityKind.EVENT,
            dt.date(2024, 3, 21),
            program=programs["cje-autonomie"],
            organizer=cje,
        ),
        autonomy,
    )
    _attend(
        _activity(
            "Découvre ta persévérance (14 visites d'entreprises, plus de 30 métiers)",
            ActivityKind.COMPANY_VISIT,
            dt.date(2023, 7, 3),
            end_date=dt.date(2023, 7, 21),
            program=programs["cje-perseverance-scolaire"],
            organizer=cje,
        ),
        enrolled("cje-perseverance-scolaire", 7),
    )
    ecocitizens = enrolled("cje-ecocitoyennete", 10)
    _attend(
        _activity(
            "Le dernier hiver (photographie et changements climatiques)",
            ActivityKind.COMMUNITY_PROJECT,
            dt.date(2024, 1, 20),
            program=programs["cje-ecocitoyennete"],
            organizer=cje,
            place="La Théière à l'envers",
            city="Chicoutimi",
        ),
        ecocitizens[:5],
    )
    _attend(
        _activity(
            "Comité La Parole est à vous",
            ActivityKind.MEETING,
            dt.date(2023, 10, 4),
            program=programs["cje-ecocitoyennete"],
            organizer=cje,
        ),
        ecocitizens[5:10],
    )
    volunteers = enrolled("cje-evb", 15)
    _attend(
        _activity(
            "Horizon volontaire — stage au Sénégal",
            ActivityKind.OTHER,
            dt.date(2023, 10, 15),
            end_date=dt.date(2023, 11, 5),
            program=programs["cje-evb"],
            organizer=cje,
            place="Sénégal",
        ),
        volunteers[:6],
    )
    _attend(
        _activity(
            "Je suis un humain et ...",
            ActivityKind.COMMUNITY_PROJECT,
            dt.date(2024, 2, 1),
            program=programs["cje-evb"],
            organizer=cje,
        ),
        volunteers[6:15],
    )


def _saguenay_mifi_synthetic(rng, programs, mifi_staff) -> None:
    """130 immigrants accompanied through Accompagnement Québec and 54 companies (bilan 2019-2020)."""
    start, end = dt.date(2020, 4, 1), dt.date(2021, 3, 31)
    counsellors = [m for m in mifi_staff if m.role == TeamRole.IMMIGRATION_COUNSELLOR]
    agents = [m for m in mifi_staff if m.role == TeamRole.INTEGRATION_AGENT]
    companies = [
        _partner(
            f"Entreprise fictive n° {n:02d} (démo)",
            PartnerKind.COMPANY,
            territory=rng.choice(
                ["Saguenay", "Lac-Saint-Jean-Est", "Le Domaine-du-Roy", "Maria-Chapdelaine"]
            ),
            description=SYNTHETIC_NOTE,
        )
        for n in range(1, 55)
    ]
    if not Intervention.objects.filter(program=programs["mifi-entreprises"]).exists():
        Intervention.objects.bulk_create(
            [
                Intervention(
                    partner=company,
                    program=programs["mifi-entreprises"],
                    agent=rng.choice(counsellors),
                    date=_day(rng, start, end),
                    minutes=rng.choice([60, 90, 120]),
                    subject="Recrutement de personnes immigrantes",
                )
                for company in companies
                for _ in range(rng.randint(1, 3))
            ]
        )
    if Participant.objects.filter(code="DEMO-SAG-MIFI-0001").exists():
        return
    people = SyntheticPeople(rng, "DEMO-SAG-MIFI")
    mifi_cities = {"Chicoutimi": 40, "Jonquière": 20, "Alma": 20, "Roberval": 10, "Dolbeau-Mistassini": 10}
    for _ in range(130):
        age = _weighted(
            rng,
            {AgeGroup.AGE_20_24: 20, AgeGroup.AGE_25_29: 30, AgeGroup.AGE_30_35: 30, AgeGroup.OVER_35: 20},
        )
        status = _weighted(
            rng,
            {
                ImmigrationStatus.PERMANENT_RESIDENT: 45,
                ImmigrationStatus.TEMPORARY_WORKER: 30,
                ImmigrationStatus.INTERNATIONAL_STUDENT: 15,
                ImmigrationStatus.ASYLUM_SEEKER: 5,
                ImmigrationStatus.PROTECTED_PERSON: 5,
            },
        )
        people.add(
            intake_date=_day(rng, start, end - dt.timedelta(days=30)),
            age_group=age,
            agent=rng.choice(agents),
            **_stats(rng, age, cities=mifi_cities, mrc="", immigrant=status),
        )
    accompanied = people.save()
    enrollments = [
        Enrollment(
            participant=person,
            program=programs["mifi-accompagnement-quebec"],
            agent=person.agent,
            status=EnrollmentStatus.ACTIVE,
            applied_on=person.intake_date,
            start_date=person.intake_date,
        )
        for person in accompanied
    ]
    _save_enrollments(enrollments)
    Intervention.objects.bulk_create(
        [
            Intervention(
                participant=e.participant,
                enrollment=e,
                program=e.program,
                agent=e.agent,
                date=_day(rng, e.applied_on, end),
                minutes=rng.choice([45, 60, 90]),
                subject="Accompagnement Québec",
            )
            for e in enrollments
            for _ in range(rng.randint(2, 5))
        ]
    )


# ---------------------------------------------------------------------------------------------
# A few fictitious files for the demo agent of a region whose seeds publish no individual follow-up


def _demo_followups(
    prefix: str, program: Program, agent: TeamMember, *, cities: dict, mrc: str, count: int = 12
) -> None:
    if Participant.objects.filter(code=f"{prefix}-0001").exists():
        return
    rng = random.Random(prefix)
    people = SyntheticPeople(rng, prefix)
    for _ in range(count):
        age = _weighted(rng, AGE_MIX)
        people.add(
            intake_date=_day(rng, dt.date(2024, 9, 1), dt.date(2025, 2, 28)),
            age_group=age,
            agent=agent,
            **_stats(rng, age, cities=cities, mrc=mrc, immigrant=rng.choice(list(STATUS_MIX)[1:])),
        )
    enrollments = [
        Enrollment(
            participant=p,
            program=program,
            agent=agent,
            status=EnrollmentStatus.ACTIVE,
            applied_on=p.intake_date,
            start_date=p.intake_date,
        )
        for p in people.save()
    ]
    _save_enrollments(enrollments)
    Intervention.objects.bulk_create(
        [
            Intervention(
                participant=e.participant,
                enrollment=e,
                program=program,
                agent=agent,
                date=e.applied_on + dt.timedelta(days=7 * k),
                minutes=60,
            )
            for e in enrollments
            for k in range(3)
        ]
    )


# ---------------------------------------------------------------------------------------------
# Baie-James: the ARBJ–MIDI administrative agreement (Programme Mobilisation-Diversité)

BJ_OBJECTIVES = [
    (
        "acquérir les connaissances sur l'état de situation régional de l'immigration",
        ObjectiveStatus.ACHIEVED,
    ),
    ("assurer la concertation des acteurs locaux et régionaux", ObjectiveStatus.ACHIEVED),
    (
        "informer les partenaires locaux et régionaux sur le parcours de la personne immigrante et la politique "
        "d'immigration québécoise",
        ObjectiveStatus.ACHIEVED,
    ),
    ("élaborer un plan d'action préliminaire", ObjectiveStatus.PLANNED),
    ("conclure une entente spécifique en immigration", ObjectiveStatus.NOT_ACHIEVED),
]


def _load_baie_james() -> None:
    arbj = _partner(
        "Administration régionale Baie-James",
        PartnerKind.PUBLIC,
        acronym="ARBJ",
        territory="Baie-James (Nord-du-Québec)",
    )
    midi = _partner(
        "Ministère de l'Immigration, de la Diversité et de l'Inclusion",
        PartnerKind.PUBLIC,
        acronym="MIDI",
        description="Devenu le ministère de l'Immigration, de la Francisation et de l'Intégration (MIFI).",
    )
    _partner("Bibliothèque et Archives nationales du Québec", PartnerKind.PUBLIC, acronym="BAnQ")
    midi_funder = _funder(
        "Ministère de l'Immigration, de la Diversité et de l'Inclusion (aujourd'hui MIFI)",
        acronym="MIDI / MIFI",
        kind=FunderKind.PROVINCIAL,
        partner=midi,
    )
    arbj_funder = _funder(
        "Administration régionale Baie-James", acronym="ARBJ", kind=FunderKind.REGIONAL, partner=arbj
    )
    responsible = _member(
        "Catherine Lagacé",
        "ARBJ",
        title="Responsable de l'entente",
        role=TeamRole.COORDINATION,
        employer=arbj,
    )
    program = _program(
        "mobilisation-diversite",
        name_fr="Programme Mobilisation-Diversité",
        name_en="Mobilisation-Diversity Program",
        description_fr="Cerner les enjeux et les objectifs en matière d'immigration, d'ouverture à la diversité, de "
        "relations interculturelles et de pleine participation des personnes issues de l'immigration.",
        description_en="Identify issues and goals regarding immigration, openness to diversity, intercultural "
        "relations and the full participation of immigrants.",
        axis=ProgramAxis.ATTRACTIVENESS,
        operator=arbj,
        funders=[midi_funder, arbj_funder],
    )
    agreement = _agreement(
        "Programme Mobilisation-Diversité — Entente administrative ARBJ–MIDI",
        kind=AgreementKind.ADMINISTRATIVE,
        status=AgreementStatus.NOT_FULLY_REALISED,
        signed_on=dt.date(2013, 10, 1),
        start_date=dt.date(2013, 10, 1),
        responsible=responsible,
        purpose="Permettre à l'ARBJ de réunir les conditions propices à la signature éventuelle d'une entente "
        "spécifique en immigration sur son territoire.",
        status_note="L'ARBJ demeure consciente que le mandat prévu dans le cadre de l'entente administrative avec le "
        "MIDI n'a pas été entièrement réalisé. Elle entend reprendre les travaux avec la Table de concertation "
        "jamésienne en immigration ; aucune entente spécifique n'a encore été signée.",
        programs=[program],
    )
    _party(
        agreement,
        partner=arbj,
        funder=arbj_funder,
        contribution=Decimal("50000.00"),
        role=PartyRole.SIGNATORY,
    )
    _party(
        agreement,
        partner=midi,
        funder=midi_funder,
        contribution=Decimal("50000.00"),
        role=PartyRole.SIGNATORY,
    )
    for position, (text, status) in enumerate(BJ_OBJECTIVES, 1):
        _objective(text, position, agreement=agreement, status=status)
    table = _committee(
        "Table de concertation jamésienne en immigration",
        kind=CommitteeKind.CONCERTATION,
        convener=arbj,
        partners=[arbj],
        territory="Baie-James",
        started_on=dt.date(2014, 1, 1),
        description="Table régionale de concertation en immigration mise sur pied de janvier à mars 2014.",
    )
    _upsert(
        CommitteeMeeting, {"committee": table, "date": dt.date(2014, 5, 29)}, {"notes": "Première rencontre"}
    )
    deliverables = {
        "table": _deliverable(
            agreement,
            1,
            "Mise sur pied d'une table régionale de concertation en immigration",
            start_date=dt.date(2014, 1, 1),
            due_date=dt.date(2014, 3, 31),
            status=DeliverableStatus.DONE,
            completed_on=dt.date(2014, 3, 31),
        ),
        "training": _deliverable(
            agreement,
            2,
            "Formation « Immigration 101 »",
            due_date=dt.date(2014, 4, 23),
            status=DeliverableStatus.DONE,
            completed_on=dt.date(2014, 4, 23),
        ),
        "meeting": _deliverable(
            agreement,
            3,
            "Première rencontre de la table régionale de concertation en immigration",
            due_date=dt.date(2014, 5, 29),
            status=DeliverableStatus.DONE,
            completed_on=dt.date(2014, 5, 29),
        ),
        "banq": _deliverable(
            agreement,
            4,
            "Présentations sur le Nord-du-Québec à la Bibliothèque et Archives nationales du Québec (BAnQ)",
            start_date=dt.date(2014, 5, 22),
            due_date=dt.date(2014, 10, 9),
            status=DeliverableStatus.DONE,
            completed_on=dt.date(2014, 10, 9),
        ),
        "diagnostic": _deliverable(
            agreement,
            5,
            "Diagnostic territorial en immigration",
            start_date=dt.date(2014, 7, 1),
            due_date=dt.date(2015, 3, 31),
            status=DeliverableStatus.DONE,
            completed_on=dt.date(2015, 3, 31),
        ),
        "specific": _deliverable(
            agreement,
            6,
            "Conclusion d'une entente spécifique en immigration",
            status=DeliverableStatus.NOT_DONE,
            description="Aucune entente spécifique n'a encore été signée avec le ministère.",
        ),
    }
    common = {"program": program, "agreement": agreement, "organizer": arbj}
    _activity(
        "Mise sur pied d'une table régionale de concertation en immigration",
        ActivityKind.MEETING,
        dt.date(2014, 1, 1),
        end_date=dt.date(2014, 3, 31),
        deliverable=deliverables["table"],
        **common,
    )
    _activity(
        "Formation « Immigration 101 »",
        ActivityKind.TRAINING,
        dt.date(2014, 4, 23),
        deliverable=deliverables["training"],
        **common,
    )
    _activity(
        "Première rencontre de la table régionale de concertation en immigration",
        ActivityKind.MEETING,
        dt.date(2014, 5, 29),
        deliverable=deliverables["meeting"],
        **common,
    )
    for day in (dt.date(2014, 5, 22), dt.date(2014, 10, 9)):
        _activity(
            "Présentation sur le Nord-du-Québec à BAnQ",
            ActivityKind.PRESENTATION,
            day,
            deliverable=deliverables["banq"],
            place="Bibliothèque et Archives nationales du Québec",
            **common,
        )
    _activity(
        "Réalisation du Diagnostic territorial en immigration",
        ActivityKind.STUDY,
        dt.date(2014, 7, 1),
        end_date=dt.date(2015, 3, 31),
        deliverable=deliverables["diagnostic"],
        **common,
    )
    _target(agreement, Indicator.DELIVERABLES_DONE, 6, note="Livrables prévus à l'entente (démonstration).")
    agent = _member(
        "Agent·e (démo)",
        "ARBJ",
        title="Agent·e d'accueil (compte de démonstration)",
        role=TeamRole.INTEGRATION_AGENT,
        employer=arbj,
    )
    followup = _program(
        "accueil-demo",
        name_fr="Accueil et établissement (démonstration)",
        name_en="Welcome and settlement (demo)",
        description_fr=SYNTHETIC_NOTE,
        axis=ProgramAxis.IMMIGRANT_INTEGRATION,
        operator=arbj,
        funders=[midi_funder],
    )
    _demo_followups(
        "DEMO-BJ",
        followup,
        agent,
        cities={"Chibougamau": 50, "Chapais": 20, "Matagami": 15, "Lebel-sur-Quévillon": 15},
        mrc="Eeyou Istchee Baie-James",
    )
    _link_demo_accounts("baie-james", main_funder=midi_funder, agent=agent, team="ARBJ", employer=arbj)


# ---------------------------------------------------------------------------------------------
# Estrie: Vision attractivité's continuum project, funded by MIFI, and its service map

ESTRIE_STAGES = [
    (
        "Recensement",
        "Inventorier les services offerts pour les personnes immigrantes (recension documentaire, sondage, "
        "entrevues) afin d'avoir un portrait clair et actuel des organisations, des initiatives, des projets et "
        "des services dédiés aux personnes immigrantes en Estrie.",
    ),
    (
        "Tournée des partenaires",
        "Aller à la rencontre des partenaires œuvrant auprès des personnes immigrantes afin de bonifier le "
        "portrait des services qui leur sont offerts.",
    ),
    (
        "Développement d'une cartographie",
        "Établir un portrait clair des organisations, initiatives et projets destinés aux personnes immigrantes "
        "en Estrie et de l'offre de services qui s'y rattache.",
    ),
    (
        "Animation d'ateliers de formation",
        "Sensibiliser les organisations et les communautés d'accueil à l'importance d'agir et de collaborer ; "
        "développer et diffuser une trousse d'accompagnement pour les organisations.",
    ),
    (
        "Création et animation d'une communauté de pratique",
        "Favoriser la participation des organisations qui souhaitent améliorer leurs pratiques en matière "
        "d'accueil et d'intégration des personnes immigrantes.",
    ),
]


def _load_estrie() -> None:
    vision = _partner(
        "Vision attractivité",
        PartnerKind.SOCIOECONOMIC,
        territory="Estrie / Cantons-de-l'Est",
        email="mobilisation@visionattractivite.com",
        phone="819 570-2102",
        description="Organisation à but non lucratif qui concerte et mobilise ses partenaires pour l'attraction, la "
        "rétention et l'accueil de travailleurs, résidents, entrepreneurs, étudiants et visiteurs.",
    )
    mifi = _partner(
        "Ministère de l'Immigration, de la Francisation et de l'Intégration",
        PartnerKind.PUBLIC,
        acronym="MIFI",
        territory="Québec",
    )
    mifi_funder = _funder(
        "Ministère de l'Immigration, de la Francisation et de l'Intégration",
        acronym="MIFI",
        kind=FunderKind.PROVINCIAL,
        partner=mifi,
    )
    contact = _member(
        "Élise Chamberland",
        "Vision attractivité",
        title="Agente de mobilisation et de recherche",
        role=TeamRole.MOBILISATION_AGENT,
        employer=vision,
        email="mobilisation@visionattractivite.com",
        phone="819 570-2102",
    )
    program = _program(
        "continuum-estrie",
        name_fr="Continuum de services et de formations pour l'établissement durable des personnes immigrantes",
        name_en="Continuum of services and training for the lasting settlement of immigrants",
        description_fr="Un projet collectif, structurant et fédérateur pour adapter les pratiques aux besoins des "
        "personnes immigrantes en Estrie.",
        description_en="A collective, structuring project to adapt practices to the needs of immigrants in Estrie.",
        axis=ProgramAxis.ATTRACTIVENESS,
        operator=vision,
        funders=[mifi_funder],
    )
    project = _agreement(
        "Développement d'un continuum de services et de formations pour favoriser l'établissement durable des "
        "personnes immigrantes en Estrie",
        kind=AgreementKind.PROJECT,
        status=AgreementStatus.IN_PROGRESS,
        responsible=contact,
        purpose="Donner aux acteurs un portrait clair de l'offre de services afin de renforcer la complémentarité "
        "dans l'action et un accueil optimal pour les personnes immigrantes.",
        programs=[program],
    )
    _party(project, funder=mifi_funder, partner=mifi, role=PartyRole.FUNDER)
    _party(project, partner=vision, role=PartyRole.MANAGER)
    deliverables = [
        _deliverable(project, position, title, description=text, status=DeliverableStatus.PLANNED)
        for position, (title, text) in enumerate(ESTRIE_STAGES, 1)
    ]
    _target(project, Indicator.DELIVERABLES_DONE, 5, note="Les cinq étapes du projet.")
    common = {"program": program, "agreement": project, "organizer": vision, "description": SYNTHETIC_NOTE}
    _activity(
        "Tournée des partenaires — rencontre (démonstration)",
        ActivityKind.MEETING,
        dt.date(2024, 10, 8),
        deliverable=deliverables[1],
        city="Sherbrooke",
        **common,
    )
    _activity(
        "Atelier de formation — accueil et intégration (démonstration)",
        ActivityKind.WORKSHOP,
        dt.date(2025, 2, 12),
        deliverable=deliverables[3],
        city="Magog",
        reach={AgeGroup.AGE_25_29: 6, AgeGroup.AGE_30_35: 9, AgeGroup.OVER_35: 15},
        **common,
    )
    _committee(
        "Communauté de pratique en accueil et intégration des personnes immigrantes",
        kind=CommitteeKind.COMMUNITY_OF_PRACTICE,
        convener=vision,
        partners=[vision],
        territory="Estrie",
    )
    # The service map: Vision attractivité's own offer (from the seed) and example partners (fictitious).
    for name_fr, name_en, text in (
        (
            "Cartographie de l'offre de services aux personnes immigrantes",
            "Map of services for immigrants",
            ESTRIE_STAGES[2][1],
        ),
        (
            "Ateliers de formation pour les organisations et communautés d'accueil",
            "Training workshops for host organisations and communities",
            ESTRIE_STAGES[3][1],
        ),
        (
            "Communauté de pratique en accueil et intégration",
            "Community of practice on welcome and integration",
            ESTRIE_STAGES[4][1],
        ),
    ):
        _service(
            vision,
            name_fr,
            name_en=name_en,
            description_fr=text,
            audience=Audience.ORGANISATIONS,
            languages=["fr"],
            territory="Estrie",
            email="mobilisation@visionattractivite.com",
            phone="819 570-2102",
            program=program,
            # When Vision attractivité last confirmed its offer (older than a year: due for a check).
            assured_date=dt.date(2024, 9, 30),
        )
    examples = [
        (
            "Organisme d'accueil des personnes immigrantes (exemple fictif)",
            PartnerKind.COMMUNITY,
            "Sherbrooke",
            [
                ("Accueil et aide à l'installation", "Welcome and settlement help", Audience.IMMIGRANTS),
                (
                    "Francisation et jumelage interculturel",
                    "French courses and intercultural pairing",
                    Audience.IMMIGRANTS,
                ),
            ],
        ),
        (
            "Municipalité de l'Estrie (exemple fictif)",
            PartnerKind.MUNICIPALITY,
            "Magog",
            [
                ("Accueil des nouveaux résidents", "Welcome for new residents", Audience.NEWCOMERS),
            ],
        ),
        (
            "MRC de l'Estrie (exemple fictif)",
            PartnerKind.MRC,
            "Coaticook",
            [
                (
                    "Agent·e d'attraction et d'accueil en milieu rural",
                    "Rural attraction and welcome officer",
                    Audience.NEWCOMERS,
                ),
            ],
        ),
        (
            "Organisation socioéconomique de l'Estrie (exemple fictif)",
            PartnerKind.SOCIOECONOMIC,
            "Granby",
            [
                (
                    "Soutien aux employeurs qui recrutent à l'international",
                    "Support for employers recruiting abroad",
                    Audience.EMPLOYERS,
                ),
            ],
        ),
    ]
    for name, kind, city, services in examples:
        partner = _partner(name, kind, city=city, territory="Estrie", description=SYNTHETIC_NOTE)
        point = _service_point(partner, f"Bureau de {city}", city=city, address="")
        # Office hours, as the service map shows them (HSDS schedules).
        _upsert(
            Schedule,
            {"service_point": point, "opens_at": dt.time(8, 30)},
            {"weekdays": ["MO", "TU", "WE", "TH", "FR"], "closes_at": dt.time(16, 30)},
        )
        for name_fr, name_en, audience in services:
            _service(
                partner,
                name_fr,
                name_en=name_en,
                description_fr=SYNTHETIC_NOTE,
                description_en="Fictitious demo data.",
                audience=audience,
                languages=["fr", "en"],
                fees_fr="Gratuit",
                fees_en="Free",
                territory="Estrie",
                points=[point],
            )
    _service(
        mifi,
        "Accompagnement Québec",
        name_en="Accompagnement Québec",
        description_fr="Le service d'intégration des personnes immigrantes du MIFI.",
        description_en="MIFI's integration service for immigrants.",
        audience=Audience.IMMIGRANTS,
        languages=["fr", "en"],
        fees_fr="Gratuit",
        fees_en="Free",
        territory="Estrie",
    )
    agent = _member(
        "Agent·e (démo)",
        "Vision attractivité",
        title="Agent·e d'accueil (compte de démonstration)",
        role=TeamRole.INTEGRATION_AGENT,
        employer=vision,
    )
    followup = _program(
        "accueil-demo",
        name_fr="Accueil et établissement (démonstration)",
        name_en="Welcome and settlement (demo)",
        description_fr=SYNTHETIC_NOTE,
        axis=ProgramAxis.IMMIGRANT_INTEGRATION,
        operator=vision,
        funders=[mifi_funder],
    )
    _demo_followups(
        "DEMO-EST",
        followup,
        agent,
        cities={"Sherbrooke": 60, "Magog": 20, "Granby": 10, "Coaticook": 10},
        mrc="",
    )
    _link_demo_accounts(
        "estrie", main_funder=mifi_funder, agent=agent, team="Vision attractivité", employer=vision
    )


LOADERS = {"saguenay": _load_saguenay, "baie-james": _load_baie_james, "estrie": _load_estrie}


def content_counts() -> dict[str, int]:
    """Rows per model of the core app in the current schema."""
    return {model.__name__: model.objects.count() for model in apps.get_app_config("core").get_models()}


def load_region_content(slug: str) -> dict:
    """Load the seeds' content for the region `slug` (idempotent); returns counts by model."""
    loader = LOADERS.get(slug)
    if loader is not None:
        with transaction.atomic():
            loader()
    return content_counts()
