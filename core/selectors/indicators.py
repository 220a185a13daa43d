"""Every indicator of the reports, computed in SQL aggregates from the data, never typed in.

Each takes the same optional filters: `date_from`, `date_to` (inclusive), `programs` (Programs or
ids) and `operator` (the Partner that runs the programs, e.g. CJE Saguenay). None of them reads a
name: they only touch Participant (statistics), never ParticipantIdentity.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.models import (
    Activity,
    ActivityAttendance,
    ActivityKind,
    ActivityReach,
    AgeGroup,
    Deliverable,
    DeliverableStatus,
    Education,
    Enrollment,
    Gender,
    ImmigrationStatus,
    Indicator,
    Intervention,
    InterventionMode,
    JourneyStep,
    OriginKind,
    Outcome,
    Participant,
    Partner,
    PartnerKind,
    Program,
)


def _program_scope(programs: Iterable | None, operator: Partner | int | None) -> QuerySet[Program] | None:
    """The programs an indicator covers, as a subquery (None: every program and no program)."""
    if programs is None and operator is None:
        return None
    queryset = Program.objects.all()
    if programs is not None:
        ids = [getattr(program, "pk", program) for program in programs]
        queryset = queryset.filter(pk__in=ids)
    if operator is not None:
        queryset = queryset.filter(operator=operator)
    return queryset.values("pk")


def _date_range(field: str, date_from: dt.date | None, date_to: dt.date | None) -> Q:
    condition = Q()
    if date_from is not None:
        condition &= Q(**{f"{field}__gte": date_from})
    if date_to is not None:
        condition &= Q(**{f"{field}__lte": date_to})
    return condition


def enrollments_in_period(
    *, date_from=None, date_to=None, programs=None, operator=None
) -> QuerySet[Enrollment]:
    """Enrollments open at some point of the period: applied before its end, not closed before its start."""
    queryset = Enrollment.objects.all()
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(program__in=scope)
    if date_to is not None:
        queryset = queryset.filter(applied_on__lte=date_to)
    if date_from is not None:
        queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=date_from))
    return queryset


def participants_served(
    *, date_from=None, date_to=None, programs=None, operator=None
) -> QuerySet[Participant]:
    """People with an enrollment (in the programs) open during the period: the report's "participants"."""
    enrollments = enrollments_in_period(
        date_from=date_from, date_to=date_to, programs=programs, operator=operator
    )
    return Participant.objects.filter(Exists(enrollments.filter(participant=OuterRef("pk"))))


def participant_count(**filters) -> int:
    return participants_served(**filters).count()


BREAKDOWN_FIELDS = {
    "age_group": AgeGroup,
    "gender": Gender,
    "education": Education,
    "immigration_status": ImmigrationStatus,
    "origin_kind": OriginKind,
    "journey_step": JourneyStep,
    "city": None,
    "mrc": None,
    "destination_mrc": None,
}


def participant_breakdown(*, by: str, **filters) -> list[dict]:
    """Participants served, counted by one statistic: [{"value", "label", "count"}], largest first."""
    if by not in BREAKDOWN_FIELDS:
        raise ValueError(f"Unknown breakdown {by!r}; expected one of {sorted(BREAKDOWN_FIELDS)}")
    choices = BREAKDOWN_FIELDS[by]
    labels = dict(choices.choices) if choices else {}
    rows = participants_served(**filters).values(by).annotate(count=Count("pk")).order_by("-count", by)
    return [
        {"value": row[by], "label": str(labels.get(row[by], row[by] or "—")), "count": row["count"]}
        for row in rows
    ]


def participant_portrait(**filters) -> dict[str, list[dict]]:
    """The annual report's client portrait: by age group, city, education, gender and status (5 queries)."""
    return {
        by: participant_breakdown(by=by, **filters)
        for by in ("age_group", "city", "education", "gender", "immigration_status")
    }


def _interventions(*, date_from=None, date_to=None, programs=None, operator=None) -> QuerySet[Intervention]:
    queryset = Intervention.objects.filter(_date_range("date", date_from, date_to))
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(program__in=scope)
    return queryset


def hours_from_minutes(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def intervention_hours(**filters) -> Decimal:
    """Hours of intervention (sum of minutes / 60), all modes."""
    return hours_from_minutes(_interventions(**filters).aggregate(total=Sum("minutes"))["total"])


def intervention_minutes_by_program(**filters) -> dict[int | None, int]:
    """Minutes of intervention per program in one pass over the interventions: {program id: minutes},
    None for those without a program; the values add up to intervention_hours' minutes."""
    rows = _interventions(**filters).values("program").annotate(total=Sum("minutes")).order_by()
    return {row["program"]: row["total"] for row in rows}


def walk_in_participant_count(**filters) -> int:
    """Different people received without an appointment."""
    return (
        _interventions(**filters)
        .filter(mode=InterventionMode.WALK_IN, participant__isnull=False)
        .aggregate(n=Count("participant", distinct=True))["n"]
    )


def companies_accompanied_count(**filters) -> int:
    """Companies (partners of kind entreprise) that received at least one intervention."""
    interventions = _interventions(**filters).filter(partner=OuterRef("pk"))
    return Partner.objects.filter(kind=PartnerKind.COMPANY).filter(Exists(interventions)).count()


def outcome_counts(*, date_from=None, date_to=None, programs=None, operator=None) -> dict[str, int]:
    """Outcomes recorded in the period, by outcome (every outcome present, 0 when none)."""
    queryset = Enrollment.objects.exclude(outcome="").filter(_date_range("outcome_on", date_from, date_to))
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(program__in=scope)
    counts = dict(queryset.values_list("outcome").annotate(n=Count("pk")).order_by())
    return {outcome: counts.get(outcome, 0) for outcome in Outcome.values}


def exploratory_stay_participant_count(*, date_from=None, date_to=None, programs=None, operator=None) -> int:
    """People enrolled in the programs whose exploratory stay falls in the period."""
    participants = participants_served(programs=programs, operator=operator).filter(
        _date_range("exploratory_stay_on", date_from, date_to), exploratory_stay_on__isnull=False
    )
    return participants.count()


def exploratory_stay_participant_counts_by_program(
    *, date_from=None, date_to=None, programs=None, operator=None
) -> dict[int, int]:
    """exploratory_stay_participant_count of each program alone, in one query: {program id: people}
    (programs with nobody are left out)."""
    queryset = Enrollment.objects.filter(
        _date_range("participant__exploratory_stay_on", date_from, date_to),
        participant__exploratory_stay_on__isnull=False,
    )
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(program__in=scope)
    rows = queryset.values("program").annotate(people=Count("participant", distinct=True)).order_by()
    return {row["program"]: row["people"] for row in rows}


def participant_counts_by_axis(**filters) -> dict[str, int]:
    """participant_count of each axis's programs, in one query: {axis: different people with an
    enrollment open in the period in one of its programs} (axes with nobody are left out)."""
    rows = (
        enrollments_in_period(**filters)
        .values("program__axis")
        .annotate(people=Count("participant", distinct=True))
        .order_by()
    )
    return {row["program__axis"]: row["people"] for row in rows}


def new_candidate_count(*, date_from=None, date_to=None, programs=None, operator=None) -> int:
    """Enrollments whose application was received in the period ("nouveaux candidats inscrits")."""
    queryset = Enrollment.objects.filter(_date_range("applied_on", date_from, date_to))
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(program__in=scope)
    return queryset.count()


def program_summary(
    *, date_from=None, date_to=None, programs=None, operator=None, minutes_by_program=None
) -> list[dict]:
    """Per program, in two queries: participants served, new candidates, open enrollments and
    outcomes from the enrollments, hours from intervention_minutes_by_program (the caller's, when it
    already has them for the same filters)."""
    open_in_period = Q()
    if date_to is not None:
        open_in_period &= Q(enrollments__applied_on__lte=date_to)
    if date_from is not None:
        open_in_period &= Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=date_from)
    applied = Q(enrollments__isnull=False) & _date_range("enrollments__applied_on", date_from, date_to)
    outcome_period = _date_range("enrollments__outcome_on", date_from, date_to)
    if minutes_by_program is None:
        minutes_by_program = intervention_minutes_by_program(
            date_from=date_from, date_to=date_to, programs=programs, operator=operator
        )
    outcome_annotations = {
        f"outcome_{outcome}": Count("enrollments", filter=outcome_period & Q(enrollments__outcome=outcome))
        for outcome in Outcome.values
    }
    queryset = Program.objects.all()
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(pk__in=scope)
    rows = queryset.annotate(
        participants=Count(
            "enrollments__participant", filter=open_in_period & Q(enrollments__isnull=False), distinct=True
        ),
        new_candidates=Count("enrollments", filter=applied),
        open_enrollments=Count(
            "enrollments", filter=Q(enrollments__status__in=["applied", "waitlisted", "enrolled", "active"])
        ),
        **outcome_annotations,
    ).order_by("name_fr")
    return [
        {
            "program_id": row.pk,
            "code": row.code,
            "name": row.name_fr,
            "axis": row.axis,
            "participants": row.participants,
            "new_candidates": row.new_candidates,
            "open_enrollments": row.open_enrollments,
            "intervention_hours": hours_from_minutes(minutes_by_program.get(row.pk)),
            "outcomes": {outcome: getattr(row, f"outcome_{outcome}") for outcome in Outcome.values},
        }
        for row in rows
    ]


def _activities(*, date_from=None, date_to=None, programs=None, operator=None) -> QuerySet[Activity]:
    queryset = Activity.objects.filter(_date_range("start_date", date_from, date_to))
    scope = _program_scope(programs, operator)
    if scope is not None:
        queryset = queryset.filter(program__in=scope)
    return queryset


def _per_activity(rows: QuerySet, total) -> QuerySet:
    """A subquery: `total` over the rows of the activity of the outer query."""
    return (
        rows.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=total)
        .values("total")
    )


def activity_summary(**filters) -> list[dict]:
    """Per kind of activity: how many, people reached without names, and named attendance (apart)."""
    reached = _per_activity(ActivityReach.objects.all(), Sum("headcount"))
    attended = _per_activity(ActivityAttendance.objects.all(), Count("pk"))
    rows = (
        _activities(**filters)
        .annotate(
            reached_each=Coalesce(Subquery(reached, output_field=IntegerField()), Value(0)),
            attended_each=Coalesce(Subquery(attended, output_field=IntegerField()), Value(0)),
        )
        .values("kind")
        .annotate(
            activities=Count("pk"), people_reached=Sum("reached_each"), named_attendance=Sum("attended_each")
        )
        .order_by("kind")
    )
    labels = dict(ActivityKind.choices)
    return [
        {
            "kind": row["kind"],
            "label": str(labels[row["kind"]]),
            "activities": row["activities"],
            "people_reached": row["people_reached"] or 0,
            "named_attendance": row["named_attendance"] or 0,
        }
        for row in rows
    ]


def activity_totals_by_program(**filters) -> dict[int, dict]:
    """activity_summary of each program alone, summed over the kinds, in one query:
    {program id: {"activities", "people_reached"}} (programs without activities are left out)."""
    reached = _per_activity(ActivityReach.objects.all(), Sum("headcount"))
    rows = (
        _activities(**filters)
        .filter(program__isnull=False)
        .annotate(reached_each=Coalesce(Subquery(reached, output_field=IntegerField()), Value(0)))
        .values("program")
        .annotate(activities=Count("pk"), people_reached=Sum("reached_each"))
        .order_by()
    )
    return {
        row["program"]: {"activities": row["activities"], "people_reached": row["people_reached"] or 0}
        for row in rows
    }


def people_reached(*, kinds: Iterable[str] | None = None, **filters) -> int:
    """Unnamed people reached (sum of headcounts), optionally for some kinds of activity only."""
    activities = _activities(**filters)
    if kinds is not None:
        activities = activities.filter(kind__in=list(kinds))
    return ActivityReach.objects.filter(activity__in=activities.values("pk")).aggregate(
        n=Coalesce(Sum("headcount"), 0)
    )["n"]


def indicator_actual(
    indicator: str, *, date_from=None, date_to=None, programs=None, operator=None, agreement=None
) -> Decimal | int:
    """The value of one indicator, computed from the data."""
    filters = {"date_from": date_from, "date_to": date_to, "programs": programs, "operator": operator}
    if indicator == Indicator.PARTICIPANTS:
        return participant_count(**filters)
    if indicator == Indicator.NEW_CANDIDATES:
        return new_candidate_count(**filters)
    if indicator == Indicator.INTERVENTION_HOURS:
        return intervention_hours(**filters)
    if indicator == Indicator.WALK_IN_PARTICIPANTS:
        return walk_in_participant_count(**filters)
    if indicator == Indicator.SUCCESSFUL_MIGRATIONS:
        return outcome_counts(**filters)[Outcome.SUCCESSFUL_MIGRATION]
    if indicator == Indicator.PARALLEL_MIGRATIONS:
        return outcome_counts(**filters)[Outcome.PARALLEL_MIGRATION]
    if indicator == Indicator.EMPLOYMENT_OUTCOMES:
        return outcome_counts(**filters)[Outcome.EMPLOYED]
    if indicator == Indicator.RETURN_TO_SCHOOL:
        return outcome_counts(**filters)[Outcome.BACK_TO_SCHOOL]
    if indicator == Indicator.EXPLORATORY_STAY_PARTICIPANTS:
        return exploratory_stay_participant_count(**filters)
    if indicator == Indicator.ACTIVITIES:
        return _activities(**filters).count()
    if indicator == Indicator.KIOSKS:
        return _activities(**filters).filter(kind=ActivityKind.KIOSK).count()
    if indicator == Indicator.PEOPLE_REACHED:
        return people_reached(**filters)
    if indicator == Indicator.COMPANIES_ACCOMPANIED:
        return companies_accompanied_count(**filters)
    if indicator == Indicator.DELIVERABLES_DONE:
        deliverables = Deliverable.objects.filter(status=DeliverableStatus.DONE)
        if agreement is not None:
            deliverables = deliverables.filter(agreement=agreement)
        return deliverables.filter(_date_range("completed_on", date_from, date_to)).count()
    raise ValueError(f"Unknown indicator {indicator!r}")
