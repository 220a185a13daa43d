"""List behaviour shared by every endpoint: bounded queries, pagination, ordering, search, filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from tests.api.test_permissions import WORLD_ROW

pytestmark = pytest.mark.django_db

LISTS = sorted(WORLD_ROW)
# People, and the region's own team: never for funders.
FUNDER_FORBIDDEN = ("participants", "enrollments", "interventions", "team-members", "committees")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.REGION_ADMIN, Role.AGENT, Role.FUNDER])
def test_list_query_count_does_not_grow_with_page_size(api, world, region_a, role):
    _more_rows(region_a, world)
    client = api(role)
    client.get("/api/v1/")  # warm: the host's route and billing account are read once, then from memory
    failures = []
    for resource in LISTS:
        if role == Role.FUNDER and resource in FUNDER_FORBIDDEN:
            continue  # funders get 403 there
        small = _count(client, f"/api/v1/{resource}/?page_size=1")
        large_url = f"/api/v1/{resource}/?page_size=100"
        rows = client.get(large_url).json()["count"]
        large = _count(client, large_url)
        assert rows >= 2 or (role == Role.FUNDER and resource == "funders"), (resource, rows)
        if small != large:
            failures.append(f"{resource}: {small} queries for 1 row, {large} for {rows} rows")
    assert not failures, failures


def _more_rows(region, world):
    """More rows of every resource, each with its relations, so N+1 queries would show."""
    import datetime as dt

    from core import services

    connection.set_tenant(region)
    day = dt.date(2024, 7, 1)
    for n in range(3):
        partner = services.partner_create(name=f"Partenaire {n}", kind="community")
        point = services.service_point_create(
            partner=partner, name=f"Point {n}", address="1 rue", city="Alma"
        )
        program = services.program_create(
            code=f"prog-{n}", name_fr=f"Programme {n}", axis="other", funders=[world.funder]
        )
        member = services.team_member_create(
            full_name=f"Membre {n}", role="other", programs=[program, world.program], service_point=point
        )
        agreement = services.agreement_create(
            title=f"Entente {n}",
            kind="funding",
            parties=[{"funder": world.funder, "contribution": 10}, {"partner": partner}],
            programs=[program],
        )
        services.indicator_target_set(agreement=agreement, indicator="participants", target=10)
        services.deliverable_create(agreement=agreement, title=f"Livrable {n}")
        services.activity_create(
            title=f"Activité {n}",
            kind="fair",
            start_date=day,
            program=program,
            reach={"15_19": 3, "20_24": 4},
            team_members=[member, world.agent_member],
        )
        services.committee_create(name=f"Comité {n}", kind="committee", partners=[partner], members=[member])
        services.service_create(partner=partner, name_fr=f"Service {n}", service_points=[point])
        participant = services.participant_intake(
            intake_date=day,
            age_group="25_29",
            gender="woman",
            identity={"first_name": f"Fictif{n}", "last_name": "Test"},
            consent={"given_on": day},
            agent=world.agent_member,
        )
        enrollment = services.participant_enroll(
            participant=participant, program=world.program, applied_on=day
        )
        services.intervention_log(date=day, minutes=15, agent=world.agent_member, enrollment=enrollment)
    connection.set_schema_to_public()


def test_page_size_is_capped_at_200(api, world, region_a):
    from core.models import Partner

    connection.set_tenant(region_a)
    Partner.objects.bulk_create([Partner(name=f"Organisme n° {n:03d}", kind="community") for n in range(201)])
    total = Partner.objects.count()
    connection.set_schema_to_public()
    client = api(Role.REGION_ADMIN)
    response = client.get("/api/v1/partners/?page_size=5000")
    assert response.status_code == 200
    body = response.json()
    # more than 200 rows exist: the page holds 200, and the next page the rest
    assert (body["count"], len(body["results"])) == (total, 200)
    assert body["next"] == "http://alpha.localhost/api/v1/partners/?page=2&page_size=5000"
    rest = client.get("/api/v1/partners/?page=2&page_size=5000").json()
    assert (len(rest["results"]), rest["next"]) == (total - 200, None)


def test_pages_are_stable_and_complete(api, world, region_a):
    _more_rows(region_a, world)
    client = api(Role.REGION_ADMIN)
    ids, url = [], "/api/v1/partners/?page_size=2&ordering=kind"
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(ids) == len(set(ids)) == client.get("/api/v1/partners/").json()["count"]


def test_page_out_of_range_is_json_404(api, world):
    response = api(Role.REGION_ADMIN).get("/api/v1/partners/?page=999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(("language", "word"), [("fr", "Tri impossible"), ("en", "Cannot order by")])
def test_unknown_ordering_field_is_400(api, world, language, word):
    response = api(Role.REGION_ADMIN, language=language).get(
        "/api/v1/participants/?ordering=identity__last_name"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["ordering"][0].startswith(word)


def test_ordering_on_allowed_fields(api, world, region_a):
    _more_rows(region_a, world)
    client = api(Role.REGION_ADMIN)
    names = [row["name"] for row in client.get("/api/v1/partners/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)


def test_search_and_filters(api, world):
    client = api(Role.REGION_ADMIN)
    found = client.get("/api/v1/partners/?search=usine").json()["results"]
    assert [row["id"] for row in found] == [world.company.pk]
    companies = client.get("/api/v1/partners/?kind=company").json()["results"]
    assert [row["id"] for row in companies] == [world.company.pk]
    # participants are searchable by name for staff, filterable by program and dates
    assert client.get("/api/v1/participants/?search=Fictive").json()["count"] == 1
    assert client.get(f"/api/v1/participants/?enrollments__program={world.program.pk}").json()["count"] == 2
    assert client.get("/api/v1/interventions/?date__gte=2030-01-01").json()["count"] == 0
    # a bad filter value is a 400, not a 500
    response = client.get("/api/v1/interventions/?date__gte=not-a-date")
    assert response.status_code == 400
    assert "date__gte" in response.json()["fields"]
