"""The annual report at volume: its number of statements does not grow with the interventions or
the programs, its sections grouped by axis and program give what the selectors give for each one
alone, and it counts one region's data only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import selectors
from core.models import ProgramAxis
from core.reports.annual import annual_report_for_actor
from tests.factories import core as f

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": dt.date(2024, 4, 1), "date_to": dt.date(2025, 3, 31)}
AXES = [ProgramAxis.UNIVERSAL_WELCOME, ProgramAxis.SETTLEMENT, ProgramAxis.EDUCATION]


@pytest.fixture
def in_a(region_a):
    connection.set_tenant(region_a)
    return region_a


def _add(programs: int, people: int, funder=None) -> list:
    """`programs` programs over three axes, each with `people` people enrolled, one intervention
    each (every other one without appointment, every other person back from an exploratory stay)
    and an activity reaching a few people."""
    made = []
    for index in range(programs):
        program = f.ProgramFactory(axis=AXES[index % len(AXES)], funders=[funder] if funder else None)
        for person_index in range(people):
            person = f.ParticipantFactory(
                exploratory_stay_on=dt.date(2024, 7, 1) if person_index % 2 else None,
                age_group="20_24" if person_index % 3 else "25_29",
            )
            enrollment = f.EnrollmentFactory(participant=person, program=program)
            f.InterventionFactory(
                participant=person,
                enrollment=enrollment,
                program=program,
                minutes=30 + 15 * person_index,
                mode="walk_in" if person_index % 2 else "individual",
            )
        f.ActivityReachFactory(activity=f.ActivityFactory(program=program), headcount=10 + index)
        made.append(program)
    return made


def _statements(actor, region) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        report = annual_report_for_actor(actor=actor, region=region, **PERIOD)
    # django-tenants' SET search_path aside: what the report itself asks.
    statements = [q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]
    return len(statements), report


@pytest.mark.parametrize("role", ["coordinator", "funder"])
def test_statement_count_does_not_grow_with_interventions_or_programs(in_a, role):
    funder = f.FunderFactory() if role == "funder" else None
    actor = f.UserFactory(role=role)
    if funder:
        funder.accounts.add(actor)
    _add(programs=2, people=5, funder=funder)
    small, report = _statements(actor, in_a)
    assert report["summary"]["participants"] == 10
    assert sum(len(axis["programs"]) for axis in report["axes"]) == 2

    _add(programs=4, people=23, funder=funder)  # 10 interventions and 2 programs -> 102 and 6
    large, report = _statements(actor, in_a)
    assert sum(len(axis["programs"]) for axis in report["axes"]) == 6
    assert report["summary"]["participants"] == 102
    assert large == small, f"{small} statements for 10 interventions, {large} for 102"


def test_grouped_sections_equal_each_program_alone(in_a):
    programs = _add(programs=4, people=6)
    f.InterventionFactory(program=None, minutes=45)  # hours without a program count in the total only
    actor = f.UserFactory(role="coordinator")
    report = annual_report_for_actor(actor=actor, region=in_a, **PERIOD)

    rows = {row["program_id"]: row for axis in report["axes"] for row in axis["programs"]}
    for program in programs:
        activities = selectors.activity_summary(**PERIOD, programs=[program.pk])
        assert rows[program.pk]["activities"] == sum(row["activities"] for row in activities) == 1
        assert rows[program.pk]["people_reached"] == sum(row["people_reached"] for row in activities)
        assert (
            rows[program.pk]["exploratory_stay_participants"]
            == selectors.exploratory_stay_participant_count(**PERIOD, programs=[program.pk])
            == 3
        )
        assert rows[program.pk]["intervention_hours"] == selectors.intervention_hours(
            **PERIOD, programs=[program.pk]
        )
    for axis in report["axes"]:
        members = [p.pk for p in programs if p.axis == axis["axis"]]
        assert (
            axis["participants"]
            == selectors.participant_count(**PERIOD, programs=members)
            == 6 * len(members)
        )
    welcome = [p.pk for p in programs if p.axis == ProgramAxis.UNIVERSAL_WELCOME]
    assert report["welcome"]["people_welcomed"] == selectors.participant_count(**PERIOD, programs=welcome)
    assert report["summary"]["intervention_hours"] == selectors.intervention_hours(**PERIOD)


def test_funder_report_keeps_to_funded_programs_and_hides_small_counts(in_a):
    funder = f.FunderFactory()
    actor = f.UserFactory(role="funder")
    funder.accounts.add(actor)
    [funded] = _add(programs=1, people=3, funder=funder)
    _add(programs=2, people=8)  # not funded: out of its report
    report = annual_report_for_actor(actor=actor, region=in_a, **PERIOD)
    [axis] = report["axes"]
    [row] = axis["programs"]
    assert row["program_id"] == funded.pk
    # 3 people, 1 back from a stay: below the threshold, masked.
    assert axis["participants"] == "<5"
    assert row["exploratory_stay_participants"] == "<5"
    assert report["welcome"]["people_welcomed"] == "<5"


def test_report_counts_its_own_region_only(in_a, region_b):
    _add(programs=3, people=4)
    connection.set_tenant(region_b)
    actor = f.UserFactory(role="coordinator")
    report = annual_report_for_actor(actor=actor, region=region_b, **PERIOD)
    assert report["axes"] == []
    assert report["welcome"]["people_welcomed"] == 0
    assert report["summary"]["participants"] == 0
    assert report["summary"]["intervention_hours"] == 0
