"""Indicators are computed in SQL from the data, in a fixed number of queries, with filters."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import access, selectors
from tests.factories import core as f

pytestmark = pytest.mark.django_db


def _world(n: int):
    """n people in a program with interventions and outcomes, plus a kiosk and a company."""
    operator = f.PartnerFactory()
    program = f.ProgramFactory(operator=operator)
    other = f.ProgramFactory()
    for i in range(n):
        person = f.ParticipantFactory(
            age_group="20_24" if i % 2 else "25_29", city="Alma" if i % 3 else "Roberval"
        )
        enrollment = f.EnrollmentFactory(
            participant=person,
            program=program,
            applied_on=dt.date(2024, 5, 1),
            status="completed",
            end_date=dt.date(2024, 8, 1),
            outcome="successful_migration" if i % 2 else "parallel_migration",
            outcome_on=dt.date(2024, 8, 1),
        )
        f.InterventionFactory(
            participant=person, enrollment=enrollment, program=program, minutes=90, mode="walk_in"
        )
        f.InterventionFactory(participant=person, enrollment=enrollment, program=program, minutes=30)
    # noise: another program, another period
    f.EnrollmentFactory(
        program=other, applied_on=dt.date(2022, 1, 1), status="completed", end_date=dt.date(2022, 2, 1)
    )
    f.InterventionFactory(program=other, date=dt.date(2022, 1, 5), minutes=600)
    kiosk = f.ActivityFactory(kind="kiosk", program=program, start_date=dt.date(2024, 6, 1))
    f.ActivityReachFactory(activity=kiosk, age_band="15_19", headcount=40)
    f.ActivityReachFactory(activity=kiosk, age_band="20_24", headcount=60)
    f.ActivityAttendanceFactory(activity=kiosk)
    f.InterventionFactory(participant=None, partner=f.CompanyFactory(), program=program, minutes=60)
    return operator, program


def _real(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]


PERIOD = {"date_from": dt.date(2024, 4, 1), "date_to": dt.date(2025, 3, 31)}


def test_indicators_count_the_data(in_a):
    operator, program = _world(4)
    assert selectors.participant_count(programs=[program], **PERIOD) == 4
    assert selectors.intervention_hours(programs=[program], **PERIOD) == Decimal(
        "9.00"
    )  # 4 × 2 h + 1 h company
    assert selectors.intervention_hours(operator=operator) == Decimal("9.00")
    assert selectors.intervention_hours() == Decimal("19.00")  # no filter: the 10 h of 2022 too
    assert selectors.walk_in_participant_count(**PERIOD) == 4
    outcomes = selectors.outcome_counts(programs=[program], **PERIOD)
    assert (outcomes["successful_migration"], outcomes["parallel_migration"], outcomes["employed"]) == (
        2,
        2,
        0,
    )
    assert selectors.companies_accompanied_count(**PERIOD) == 1
    assert selectors.people_reached(**PERIOD) == 100
    by_age = {
        row["value"]: row["count"]
        for row in selectors.participant_breakdown(by="age_group", programs=[program])
    }
    assert by_age == {"20_24": 2, "25_29": 2}
    [kiosks] = selectors.activity_summary(**PERIOD)
    assert (kiosks["activities"], kiosks["people_reached"], kiosks["named_attendance"]) == (1, 100, 1)
    # a period before anything happened counts nothing
    assert selectors.participant_count(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31)) == 0


def test_program_summary_counts_per_program(in_a):
    _operator, program = _world(3)
    rows = {row["program_id"]: row for row in selectors.program_summary(**PERIOD)}
    row = rows[program.pk]
    assert (row["participants"], row["new_candidates"], row["intervention_hours"]) == (3, 3, Decimal("7.00"))
    assert row["outcomes"]["successful_migration"] == 1


@pytest.mark.parametrize("people", [2, 12])
def test_region_indicators_run_a_fixed_number_of_queries(in_a, people):
    _world(people)
    with CaptureQueriesContext(connection) as queries:
        report = selectors.region_indicators(**PERIOD)
    assert report["participants"] == people
    # the same count whatever the volume (no query per row); django-tenants' SET search_path aside
    assert len(_real(queries)) == 14


def test_agreement_indicators_compare_target_and_actual(in_a):
    _operator, program = _world(4)
    agreement = f.AgreementFactory(
        start_date=dt.date(2024, 4, 1), end_date=dt.date(2025, 3, 31), programs=[program]
    )
    f.IndicatorTargetFactory(agreement=agreement, indicator="successful_migrations", target=Decimal("70"))
    f.IndicatorTargetFactory(agreement=agreement, indicator="intervention_hours", target=Decimal("10"))
    rows = {row["indicator"]: row for row in selectors.agreement_indicators(agreement=agreement)}
    assert (rows["successful_migrations"]["actual"], rows["successful_migrations"]["ratio"]) == (
        2,
        Decimal("0.029"),
    )
    assert rows["intervention_hours"]["actual"] == Decimal("9.00")


def test_funder_accounts_see_only_what_their_funders_fund(in_a):
    funder, other_funder = f.FunderFactory(), f.FunderFactory()
    user = f.UserFactory(role="funder")
    funder.accounts.add(user)
    funded = f.ProgramFactory(funders=[funder])
    f.ProgramFactory(funders=[other_funder])
    through_party = f.AgreementFactory()
    f.AgreementPartyFactory(agreement=through_party, partner=None, funder=funder)
    covering = f.AgreementFactory(programs=[funded])
    f.AgreementPartyFactory(agreement=f.AgreementFactory(), partner=None, funder=other_funder)
    # The one funder rule (core.access): the agreements it is party to, not others' covering its programs.
    assert set(access.agreement_for_actor(actor=user)) == {through_party}
    assert covering not in access.agreement_for_actor(actor=user)
    assert set(access.program_for_actor(actor=user)) == {funded}


def test_duplicate_lookup(in_a):
    identity = f.ParticipantIdentityFactory(
        first_name="Sam", last_name="Fictif-9", birth_date=dt.date(2000, 1, 2)
    )
    found = selectors.participant_find_possible_duplicate(
        first_name="sam", last_name="FICTIF-9", birth_date=dt.date(2000, 1, 2)
    )
    assert found == identity.participant
