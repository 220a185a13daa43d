"""/api/v1/indicators/: SQL aggregates, funder scoping, small-cell and complementary suppression."""

import datetime as dt

import pytest
from django.db import connection

from accounts.models import Role
from core.suppression import suppress_breakdown

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/"


# --- the suppression rule itself ----------------------------------------------------------------


def test_no_small_cell_nothing_hidden():
    assert suppress_breakdown([10, 7, 0], 17, 5) == ([False, False, False], False)


def test_one_small_cell_hides_the_next_smallest_too():
    # 3 alone could be recovered as 20 - 10 - 7: the 7 is hidden with it
    hidden, total = suppress_breakdown([10, 7, 3], 20, 5)
    assert hidden == [False, True, True]
    assert not total


def test_two_small_cells_adding_below_threshold_hide_a_third():
    # 1 and 1 hidden: their sum (2) would say each is 1
    hidden, total = suppress_breakdown([1, 1, 9, 30], 41, 5)
    assert hidden == [True, True, True, False]
    assert not total


def test_small_total_hides_everything():
    assert suppress_breakdown([2, 1, 0], 3, 5) == ([True, True, False], True)


def test_nothing_left_to_hide_hides_the_total():
    hidden, total = suppress_breakdown([3], 3 + 0, 2)  # 3 >= 2: nothing small
    assert (hidden, total) == ([False], False)
    hidden, total = suppress_breakdown([4, 0], 4, 5)
    assert total  # small total
    hidden, total = suppress_breakdown([2, 0, 0], 7, 5)  # the only non-zero cell is small
    assert hidden == [True, False, False]
    assert total


def test_without_published_total_only_small_cells_hidden():
    assert suppress_breakdown([2, 9], None, 5) == ([True, False], False)


@pytest.mark.parametrize("cells", [[1, 2, 3, 4, 50], [4, 40, 41], [1, 1, 1, 100], [0, 3, 0, 12, 6]])
def test_no_hidden_cell_is_recoverable_by_subtraction(cells):
    total = sum(cells)
    hidden, total_hidden = suppress_breakdown(cells, total, 5)
    hidden_values = [value for value, hide in zip(cells, hidden, strict=True) if hide]
    if hidden_values and not total_hidden:
        assert len(hidden_values) >= 2
        assert sum(hidden_values) >= 5


# --- the endpoint -------------------------------------------------------------------------------


def _people(region, world, count: int, *, program, city: str, outcome: str | None = None):
    from core import services

    connection.set_tenant(region)
    day = dt.date(2024, 3, 1)
    for n in range(count):
        participant = services.participant_intake(
            intake_date=day,
            age_group="25_29",
            gender="man",
            identity={"first_name": f"Fictif{city}{n}", "last_name": "Test"},
            consent={"given_on": day},
            agent=world.agent_member,
            city=city,
        )
        enrollment = services.participant_enroll(
            participant=participant, program=program, applied_on=day, status="active"
        )
        if outcome:
            services.enrollment_outcome_record(enrollment=enrollment, outcome=outcome, on=dt.date(2024, 5, 1))
    connection.set_schema_to_public()


def test_staff_see_exact_counts_of_the_region(api, world, region_a):
    _people(region_a, world, 12, program=world.program, city="Alma", outcome="successful_migration")
    body = api(Role.COORDINATOR).get(URL).json()
    assert body["participants"] == 14  # the world's two + 12
    assert body["successful_migrations"] == 12
    assert body["suppression"] == {"applied": False, "threshold": None}
    cities = {row["value"]: row["count"] for row in body["portrait"]["city"]}
    assert cities["Alma"] == 13
    # each agreement's targets beside their actuals
    agreement = next(row for row in body["agreements"] if row["id"] == world.agreement.pk)
    target = agreement["indicators"][0]
    assert target["indicator"] == "successful_migrations"
    assert float(target["target"]) == 70
    assert target["actual"] == 12


def test_funder_sees_only_its_programs_with_small_cells_suppressed(api, world, region_a):
    # 12 people in the funded program settled from Alma, 3 from Roberval; 6 in an unfunded program
    _people(region_a, world, 12, program=world.program, city="Alma", outcome="successful_migration")
    _people(region_a, world, 3, program=world.program, city="Roberval", outcome="parallel_migration")
    _people(region_a, world, 6, program=world.other_program, city="Jonquière")
    body = api(Role.FUNDER).get(URL).json()
    assert body["suppression"] == {"applied": True, "threshold": 5}
    assert body["program_ids"] == [world.program.pk]
    assert [row["program_id"] for row in body["programs"]] == [world.program.pk]
    assert [row["id"] for row in body["agreements"]] == [world.agreement.pk]
    # 17 participants in the funded program; Jonquière (unfunded program) never shows
    assert body["participants"] == 17
    cities = {row["value"]: row["count"] for row in body["portrait"]["city"]}
    assert "Jonquière" not in cities
    # Roberval (3) is suppressed, and so is the next smallest cell, so 17 - Alma gives nothing away
    assert cities["Roberval"] == "<5"
    hidden = [city for city, count in cities.items() if count == "<5"]
    assert len(hidden) >= 2
    assert body["parallel_migrations"] == "<5"
    assert body["outcomes"]["parallel_migration"] == "<5"
    # the world's single 90-minute intervention is hours, not people: shown
    assert body["intervention_hours"] is not None
    # no name anywhere in the answer
    text = str(body)
    assert "Fictif" not in text


def test_funder_with_few_people_sees_nothing_countable(api, world, region_a):
    body = api(Role.FUNDER).get(URL).json()
    assert body["participants"] == "<5"  # the world's two people
    assert all(row["count"] in ("<5", 0) for rows in body["portrait"].values() for row in rows)


def test_funder_threshold_is_a_setting(api, world, region_a, settings):
    settings.INDICATORS_SUPPRESSION_THRESHOLD = 2
    body = api(Role.FUNDER).get(URL).json()
    assert body["participants"] == 2
    assert body["suppression"]["threshold"] == 2


def test_funder_cannot_ask_for_a_program_it_does_not_fund(api, world):
    funder = api(Role.FUNDER)
    not_funded = funder.get(f"{URL}?program={world.other_program.pk}")
    absent = funder.get(f"{URL}?program=987654321")
    assert not_funded.status_code == absent.status_code == 400
    assert not_funded.json()["fields"]["program"][0].startswith("Programme inconnu")


def test_agent_has_no_access_to_region_statistics(api, world):
    assert api(Role.AGENT).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2024-13-01", "from"),
        ("to=hier", "to"),
        ("from=2024-06-01&to=2024-01-01", "to"),
        ("program=a,b", "program"),
    ],
)
def test_bad_query_is_400(api, world, query, field):
    response = api(Role.REGION_ADMIN).get(f"{URL}?{query}")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_period_and_program_filters(api, world, region_a):
    _people(region_a, world, 6, program=world.other_program, city="Jonquière", outcome="employed")
    client = api(Role.REGION_ADMIN)
    body = client.get(f"{URL}?program={world.other_program.pk}&from=2024-01-01&to=2024-12-31").json()
    assert body["participants"] == 6
    assert body["outcomes"]["employed"] == 6
    assert client.get(f"{URL}?from=2030-01-01").json()["outcomes"]["employed"] == 0
