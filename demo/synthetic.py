"""The generators of synthetic participants: fictitious people whose counts give the seeds' figures back.

Clearly fictitious (names "Fictif-0001", e-mails @exemple.invalid, files DEMO-...). What is published
(totals per program, outcomes, hours, walk-ins) comes from the region's data file; how the totals
split (ages, cities, dates, genders...) is invented here, from seeded pseudo-randomness so that a
load is reproducible. Each generator runs once per region: its first file number is the marker.
Rows are bulk-created so loading Saguenay takes a few seconds.
"""

# Seeded, reproducible pseudo-randomness for fictitious demo data; nothing here is a secret.
# ruff: noqa: S311

import datetime as dt
import random
from collections.abc import Callable

from core.models import (
    Activity,
    ActivityAttendance,
    ActivityKind,
    AgeGroup,
    Consent,
    Education,
    Enrollment,
    EnrollmentStatus,
    EnrollmentStatusChange,
    Gender,
    ImmigrationStatus,
    Intervention,
    InterventionMode,
    JourneyStep,
    OriginKind,
    Outcome,
    Participant,
    ParticipantIdentity,
    Partner,
    PartnerKind,
    QuebecRegion,
    RetentionFollowUp,
    RetentionStatus,
)
from core.services._common import add_months

SYNTHETIC_NOTE = (
    "Données fictives de démonstration : personnes générées, jamais réelles ; seuls les totaux "
    "reproduisent les chiffres publiés."
)
FIRST_NAMES = ["Alex", "Sam", "Charlie", "Camille", "Dominique", "Jessie", "Maxime", "Andrea", "Noa", "Eden"]

# Invented splits (the seeds publish totals, never these).
BIRTH_YEAR_FOR = {
    AgeGroup.AGE_15_19: (2004, 2008),
    AgeGroup.AGE_20_24: (1999, 2003),
    AgeGroup.AGE_25_29: (1994, 1998),
    AgeGroup.AGE_30_35: (1988, 1993),
    AgeGroup.OVER_35: (1970, 1987),
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
# Outcomes of a closed enrollment, by the kind of program (the data file names which is which).
OUTCOME_MIX = {
    "employment": {Outcome.EMPLOYED: 70, Outcome.BACK_TO_SCHOOL: 10, Outcome.NO_RESULT: 20},
    "school": {Outcome.BACK_TO_SCHOOL: 75, Outcome.NO_RESULT: 25},
}
ORIGIN_REGION_MIX = {
    QuebecRegion.MONTREAL: 35,
    QuebecRegion.CAPITALE_NATIONALE: 30,
    QuebecRegion.MONTEREGIE: 15,
    QuebecRegion.LAVAL: 10,
    QuebecRegion.ESTRIE: 10,
}
OPEN_CANDIDACY_MIX = {
    EnrollmentStatus.ACTIVE: 40,
    EnrollmentStatus.ENROLLED: 15,
    EnrollmentStatus.WAITLISTED: 10,
    EnrollmentStatus.APPLIED: 15,
    EnrollmentStatus.WITHDRAWN: 20,
}
RETENTION_MIX = {RetentionStatus.STILL_HERE: 86, RetentionStatus.LEFT: 7, RetentionStatus.UNKNOWN: 7}
RETENTION_MONTHS = (3, 6, 12, 24)


# ---------------------------------------------------------------------------------------------
# Building blocks


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` positive, uneven integers that add up exactly."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [max(1, int(total * w / sum(weights))) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def reach_by_band(
    total: int,
    rng: random.Random,
    bands=(AgeGroup.AGE_15_19, AgeGroup.AGE_20_24, AgeGroup.AGE_25_29, AgeGroup.AGE_30_35, AgeGroup.OVER_35),
) -> dict:
    return (
        dict(zip(bands, split(total, len(bands), rng), strict=True))
        if total >= len(bands)
        else {bands[0]: total}
    )


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


def _pick(rng: random.Random, choices: list):
    # One choice needs no draw (keeps the sequence of draws, hence the demo, unchanged).
    return choices[0] if len(choices) == 1 else rng.choice(choices)


def _stats(rng: random.Random, age_group: str, *, cities: dict, mrc: str, immigrant=None) -> dict:
    status = weighted(rng, STATUS_MIX) if immigrant is None else immigrant
    abroad = status != ImmigrationStatus.CITIZEN
    return {
        "gender": weighted(rng, GENDER_MIX),
        "education": weighted(rng, EDUCATION_BY_AGE.get(age_group, {Education.UNKNOWN: 1})),
        "immigration_status": status,
        "city": weighted(rng, cities),
        "mrc": mrc,
        "origin_kind": OriginKind.ABROAD if abroad else OriginKind.SAME_REGION,
        "origin_country": rng.choice(COUNTRIES) if abroad else "",
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


def _already_generated(prefix: str) -> bool:
    return Participant.objects.filter(code=f"{prefix}-0001").exists()


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


def _active_enrollments(people: list[Participant], program, agent=None) -> list[Enrollment]:
    enrollments = [
        Enrollment(
            participant=p,
            program=program,
            agent=agent or p.agent,
            status=EnrollmentStatus.ACTIVE,
            applied_on=p.intake_date,
            start_date=p.intake_date,
        )
        for p in people
    ]
    _save_enrollments(enrollments)
    return enrollments


# ---------------------------------------------------------------------------------------------
# The generators, named by the data files' `synthetic: - generator: <name>`


def annual_report(
    refs, *, seed, period, report_date, workers, demo_agent, intervention_hours, welcome, settlement
):
    """A year of a youth employment centre: people at its welcome desks (each in at most one
    specialised program), settlement candidates with their migrations, exploratory stays and
    retention follow-ups, and the year's hours of interventions, all as published."""
    if _already_generated(welcome["prefix"]):
        return
    rng = random.Random(seed)
    fy_start, fy_end = period
    programs = refs["programs"]
    workers = [refs["team"][key] for key in workers]
    demo_agent = refs["team"][demo_agent]
    fy_late = fy_end - dt.timedelta(days=45)
    outcome_kind = {code: kind for kind, codes in welcome["outcomes"].items() for code in codes}
    # Which specialised program each person at the welcome desk also joined (None: the desk only).
    assignments: list[str | None] = []
    for code, count in welcome["programs"].items():
        assignments += [code] * count
    assignments += [None] * (welcome["people"] - len(assignments))
    rng.shuffle(assignments)
    people = SyntheticPeople(rng, welcome["prefix"])
    for program_code in assignments:
        ages = welcome["ages"].get(program_code)
        age = _pick(rng, ages) if ages else weighted(rng, AGE_MIX)
        people.add(
            intake_date=day(rng, fy_start, fy_late),
            age_group=age,
            agent=rng.choice(workers),
            **_stats(rng, age, cities=welcome["cities"], mrc=welcome["mrc"]),
        )
    desk_people = people.save()

    enrollments: list[Enrollment] = []
    interventions: list[Intervention] = []
    walk_ins = set(rng.sample(range(len(desk_people)), welcome["walk_ins"]))
    for index, (person, program_code) in enumerate(zip(desk_people, assignments, strict=True)):
        desk = Enrollment(
            participant=person,
            program=programs[welcome["program"]],
            agent=person.agent,
            status=EnrollmentStatus.COMPLETED,
            applied_on=person.intake_date,
            start_date=person.intake_date,
            end_date=person.intake_date,
        )
        enrollments.append(desk)
        interventions.append(
            Intervention(
                participant=person,
                enrollment=desk,
                program=desk.program,
                agent=person.agent,
                date=person.intake_date,
                minutes=rng.randint(30, 90),
                mode=InterventionMode.WALK_IN if index in walk_ins else InterventionMode.INDIVIDUAL,
                subject="Accueil et évaluation des besoins",
            )
        )
        if program_code is None:
            continue
        applied = min(person.intake_date + dt.timedelta(days=rng.randint(0, 14)), fy_end)
        closes = rng.random() < 0.6
        end = min(applied + dt.timedelta(days=rng.randint(30, 200)), fy_end) if closes else None
        outcome = ""
        if closes and program_code in outcome_kind:
            outcome = weighted(rng, OUTCOME_MIX[outcome_kind[program_code]])
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
        last = end or fy_end
        for _ in range(rng.randint(4, 14)):
            interventions.append(
                Intervention(
                    participant=person,
                    enrollment=enrollment,
                    program=enrollment.program,
                    agent=person.agent,
                    date=day(rng, applied, last),
                    minutes=rng.choice([45, 60, 60, 75, 90, 120]),
                    mode=rng.choice([InterventionMode.INDIVIDUAL] * 4 + [InterventionMode.REMOTE]),
                )
            )

    # Settlement candidates (not among the welcome desk's people: its portrait leaves them out).
    settled: list[Participant] = []
    stay_attendees: dict[str, list[Participant]] = {}
    for spec in settlement:
        program = programs[spec["program"]]
        successful, parallel, stays = spec["successful"], spec["parallel"], spec["exploratory_stays"]
        candidates = SyntheticPeople(rng, spec["prefix"])
        plans = []
        for n in range(spec["new_candidates"]):
            age = rng.choice([AgeGroup.AGE_20_24, AgeGroup.AGE_25_29, AgeGroup.AGE_25_29, AgeGroup.AGE_30_35])
            applied = day(rng, fy_start, fy_end - dt.timedelta(days=90))
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
                "gender": weighted(rng, GENDER_MIX),
                "education": weighted(rng, EDUCATION_BY_AGE[age]),
                "immigration_status": ImmigrationStatus.PERMANENT_RESIDENT
                if abroad
                else ImmigrationStatus.CITIZEN,
                "origin_kind": OriginKind.ABROAD if abroad else OriginKind.OTHER_QUEBEC_REGION,
                "origin_country": rng.choice(COUNTRIES) if abroad else "",
                "origin_region": "" if abroad else weighted(rng, ORIGIN_REGION_MIX),
                "destination_mrc": spec["destination_mrc"],
            }
            outcome_on = (
                applied + dt.timedelta(days=rng.randint(45, (fy_end - applied).days)) if outcome else None
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
                    destination_municipality=spec["destination_municipality"],
                    city=spec["destination_municipality"],
                    mrc=spec["destination_mrc"],
                )
            elif has_stay:
                stats.update(journey_step=JourneyStep.EXPLORATORY_STAY, exploratory_stay_on=stay_on)
            every = spec.get("demo_agent_every")
            agent = demo_agent if every and n % every == 0 else rng.choice(workers)
            person = candidates.add(intake_date=applied, age_group=age, agent=agent, **stats)
            plans.append((person, applied, outcome, outcome_on, has_stay))
        candidates.save()
        stay_attendees[spec["program"]] = [p for p, *_r, has_stay in plans if has_stay][
            : spec["group_stay"]["attendees"]
        ]
        for person, applied, outcome, outcome_on, _has_stay in plans:
            if outcome:
                status, end = EnrollmentStatus.COMPLETED, outcome_on
                settled.append(person)
            else:
                status = weighted(rng, OPEN_CANDIDACY_MIX)
                end = (
                    min(applied + dt.timedelta(days=rng.randint(20, 120)), fy_end)
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
                        date=day(rng, applied, end or fy_end),
                        minutes=rng.choice([30, 45, 60, 60, 90]),
                        mode=rng.choice([InterventionMode.INDIVIDUAL, InterventionMode.REMOTE]),
                        subject="Accompagnement individualisé Place aux jeunes",
                    )
                )
    _save_enrollments(enrollments)
    _fit_minutes(interventions, intervention_hours * 60)
    Intervention.objects.bulk_create(interventions, batch_size=2000)

    # Retention follow-ups after settling; those due by the report's date are recorded.
    followups = []
    for person in settled:
        for months in RETENTION_MONTHS:
            due = add_months(person.settled_on, months)
            recorded = due <= report_date
            followups.append(
                RetentionFollowUp(
                    participant=person,
                    months_after=months,
                    due_on=due,
                    status=weighted(rng, RETENTION_MIX) if recorded else RetentionStatus.SCHEDULED,
                    recorded_on=due if recorded else None,
                    recorded_by=person.agent if recorded else None,
                )
            )
    RetentionFollowUp.objects.bulk_create(followups)

    # The group exploratory stays, attended by candidates who made a stay.
    for spec in settlement:
        stay = spec["group_stay"]
        activity, _created = Activity.objects.update_or_create(
            title=stay["title"],
            start_date=stay["start_date"],
            defaults={
                "kind": ActivityKind.EXPLORATORY_STAY,
                "end_date": stay["start_date"] + dt.timedelta(days=2),
                "program": programs[spec["program"]],
                "city": stay["city"],
                "description": "Découvrir la région et envisager une vie sur le territoire. "
                + SYNTHETIC_NOTE,
            },
        )
        ActivityAttendance.objects.bulk_create(
            [ActivityAttendance(activity=activity, participant=p) for p in stay_attendees[spec["program"]]],
            ignore_conflicts=True,
        )


def accompaniment(
    refs, *, seed, prefix, period, program, people, agents, cities, mrc, ages, statuses, companies
):
    """An integration service's year: companies accompanied (fictitious) and immigrants accompanied."""
    rng = random.Random(seed)
    start, end = period
    programs = refs["programs"]
    counsellors = [refs["team"][key] for key in companies["counsellors"]]
    agents = [refs["team"][key] for key in agents]
    firms = [
        Partner.objects.update_or_create(
            name=f"Entreprise fictive n° {n:02d} (démo)",
            defaults={
                "kind": PartnerKind.COMPANY,
                "territory": rng.choice(companies["territories"]),
                "description": SYNTHETIC_NOTE,
            },
        )[0]
        for n in range(1, companies["count"] + 1)
    ]
    if not Intervention.objects.filter(program=programs[companies["program"]]).exists():
        Intervention.objects.bulk_create(
            [
                Intervention(
                    partner=firm,
                    program=programs[companies["program"]],
                    agent=rng.choice(counsellors),
                    date=day(rng, start, end),
                    minutes=rng.choice([60, 90, 120]),
                    subject="Recrutement de personnes immigrantes",
                )
                for firm in firms
                for _ in range(rng.randint(1, 3))
            ]
        )
    if _already_generated(prefix):
        return
    accompanied = SyntheticPeople(rng, prefix)
    for _ in range(people):
        age = weighted(rng, ages)
        status = weighted(rng, statuses)
        accompanied.add(
            intake_date=day(rng, start, end - dt.timedelta(days=30)),
            age_group=age,
            agent=rng.choice(agents),
            **_stats(rng, age, cities=cities, mrc=mrc, immigrant=status),
        )
    enrollments = _active_enrollments(accompanied.save(), programs[program])
    Intervention.objects.bulk_create(
        [
            Intervention(
                participant=e.participant,
                enrollment=e,
                program=e.program,
                agent=e.agent,
                date=day(rng, e.applied_on, end),
                minutes=rng.choice([45, 60, 90]),
                subject="Accompagnement Québec",
            )
            for e in enrollments
            for _ in range(rng.randint(2, 5))
        ]
    )


def followups(refs, *, prefix, program, agent, cities, mrc, count):
    """A few fictitious files for the demo agent of a region whose seeds publish no individual
    follow-up, so the agent's screens are not empty."""
    if _already_generated(prefix):
        return
    rng = random.Random(prefix)
    agent = refs["team"][agent]
    people = SyntheticPeople(rng, prefix)
    for _ in range(count):
        age = weighted(rng, AGE_MIX)
        people.add(
            intake_date=day(rng, dt.date(2024, 9, 1), dt.date(2025, 2, 28)),
            age_group=age,
            agent=agent,
            **_stats(rng, age, cities=cities, mrc=mrc, immigrant=rng.choice(list(STATUS_MIX)[1:])),
        )
    enrollments = _active_enrollments(people.save(), refs["programs"][program], agent)
    Intervention.objects.bulk_create(
        [
            Intervention(
                participant=e.participant,
                enrollment=e,
                program=e.program,
                agent=agent,
                date=e.applied_on + dt.timedelta(days=7 * k),
                minutes=60,
            )
            for e in enrollments
            for k in range(3)
        ]
    )


GENERATORS: dict[str, Callable[..., None]] = {
    "annual_report": annual_report,
    "accompaniment": accompaniment,
    "followups": followups,
}
