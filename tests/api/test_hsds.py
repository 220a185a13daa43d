"""/api/hsds/: Estrie's service map as Open Referral HSDS 3.0 open data.

Every item of every response is validated against the compiled HSDS 3.0 schemas of
../shared/hsds/compiled/ (jsonschema, Draft 2020-12, formats checked).
"""

import datetime as dt
import json
import os
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator

from core import hsds, services
from core.models import Audience, Partner, PartnerKind, Service, ServiceStatus
from demo.loader import load_region_content
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

ESTRIE_SERVICES = 9  # Vision attractivité's 3, 5 at the example partners, MIFI's Accompagnement Québec
ESTRIE_ORGANIZATIONS = 6
ESTRIE_SERVICE_AT_LOCATIONS = 5  # only the example partners' services name a place


def _schema_dir() -> Path:
    candidates = [
        os.environ.get("HSDS_SCHEMA_DIR", ""),
        settings.BASE_DIR.parent / "shared" / "hsds" / "compiled",
        "/work/shared/hsds/compiled",
    ]
    for candidate in candidates:
        if candidate and Path(candidate, "service.json").exists():
            return Path(candidate)
    raise AssertionError(f"HSDS compiled schemas not found in {candidates} (set HSDS_SCHEMA_DIR)")


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((_schema_dir() / name).read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(item: dict, schema: str) -> None:
    errors = sorted(validator(schema).iter_errors(item), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(scope="module")
def _estrie_once(django_db_setup, django_db_blocker):
    """Estrie's demo content in region A for the module, rolled back at its end."""
    from tenants.models import Region

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            region = Region.objects.get(slug="alpha")
            connection.set_tenant(region)
            load_region_content("estrie")
            connection.set_schema_to_public()
            yield region
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def estrie_region(_estrie_once, db):
    return _estrie_once


@pytest.fixture
def estrie(estrie_region):
    return Client(HTTP_HOST=host_of(estrie_region))


def get(client: Client, path: str, **headers):
    response = client.get(path, **headers)
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response.status_code, response.json()


def all_pages(client: Client, path: str) -> list[dict]:
    items, page = [], 1
    while True:
        status, body = get(client, f"{path}{'&' if '?' in path else '?'}per_page=4&page={page}")
        assert status == 200, body
        items += body["contents"]
        if body["last_page"]:
            return items
        page += 1


def test_metadata(estrie):
    status, body = get(estrie, "/api/hsds/")
    assert status == 200
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/v1/schema/?format=json")


@pytest.mark.parametrize("full", ["false", "true"])
def test_every_service_validates_in_lists_and_alone(estrie, full):
    items = all_pages(estrie, f"/api/hsds/services?full={full}")
    assert len(items) == ESTRIE_SERVICES
    assert len({item["id"] for item in items}) == ESTRIE_SERVICES
    for item in items:
        assert_valid(item, "service.json")
        status, detail = get(estrie, f"/api/hsds/services/{item['id']}")
        assert status == 200
        assert_valid(detail, "service.json")


def test_a_service_carries_its_terms_territory_languages_phones_and_hours(estrie):
    items = all_pages(estrie, "/api/hsds/services?full=true")
    welcome = next(i for i in items if i["name"] == "Accueil et aide à l'installation")
    assert welcome["service_areas"][0]["name"] == "Estrie"
    assert [lang["code"] for lang in welcome["languages"]] == ["fr", "en"]
    assert welcome["attributes"][0]["taxonomy_term"]["code"] == Audience.IMMIGRANTS
    location = welcome["service_at_locations"][0]["location"]
    assert location["name"] == "Bureau de Sherbrooke"
    assert location["schedules"][0] | {"id": None} == {
        "id": None,
        "location_id": location["id"],
        "freq": "WEEKLY",
        "byday": "MO,TU,WE,TH,FR",
        "opens_at": "08:30",
        "closes_at": "16:30",
    }
    mapping = next(i for i in items if i["name"].startswith("Cartographie"))
    assert mapping["assured_date"] == "2024-09-30"
    assert mapping["phones"][0]["number"] == "819 570-2102"
    assert mapping["email"] == "mobilisation@visionattractivite.com"
    assert mapping["program"]["name"].startswith("Continuum de services")


def test_every_organization_validates(estrie):
    items = all_pages(estrie, "/api/hsds/organizations")
    assert len(items) == ESTRIE_ORGANIZATIONS
    for item in items:
        assert_valid(item, "organization.json")
        status, detail = get(estrie, f"/api/hsds/organizations/{item['id']}")
        assert status == 200
        assert_valid(detail, "organization.json")
    vision = next(i for i in items if i["name"] == "Vision attractivité")
    _, detail = get(estrie, f"/api/hsds/organizations/{vision['id']}")
    assert len(detail["services"]) == 3
    assert detail["phones"][0]["number"] == "819 570-2102"


def test_every_service_at_location_validates(estrie):
    items = all_pages(estrie, "/api/hsds/service_at_locations")
    assert len(items) == ESTRIE_SERVICE_AT_LOCATIONS
    for item in items:
        assert_valid(item, "service_at_location.json")
        assert item["service"]["id"] == item["service_id"]
    for item in all_pages(estrie, "/api/hsds/service_at_locations?full=true"):
        assert_valid(item, "service_at_location.json")


def test_paging_object(estrie):
    status, body = get(estrie, "/api/hsds/services?per_page=4&page=3")
    assert status == 200
    assert {k: v for k, v in body.items() if k != "contents"} == {
        "total_items": ESTRIE_SERVICES,
        "total_pages": 3,
        "page_number": 3,
        "size": 1,
        "first_page": False,
        "last_page": True,
        "empty": False,
    }
    status, body = get(estrie, "/api/hsds/services?search=introuvable-nulle-part")
    assert (body["total_items"], body["total_pages"], body["empty"], body["contents"]) == (0, 1, True, [])


def test_query_parameters_filter(estrie):
    immigrants = hsds.audience_term(Audience.IMMIGRANTS).id
    _, body = get(estrie, f"/api/hsds/services?taxonomy_term_id={immigrants}")
    assert sorted(i["name"] for i in body["contents"]) == [
        "Accompagnement Québec",
        "Accueil et aide à l'installation",
        "Francisation et jumelage interculturel",
    ]
    _, orgs = get(estrie, "/api/hsds/organizations?search=Vision")
    vision_id = orgs["contents"][0]["id"]
    _, body = get(estrie, f"/api/hsds/services?organization_id={vision_id}")
    assert body["total_items"] == 3
    assert {i["organization_id"] for i in body["contents"]} == {vision_id}
    _, body = get(estrie, "/api/hsds/services?search=JUMELAGE")
    assert [i["name"] for i in body["contents"]] == ["Francisation et jumelage interculturel"]
    _, body = get(estrie, "/api/hsds/services?modified_after=2999-01-01")
    assert body["total_items"] == 0
    _, body = get(estrie, "/api/hsds/services?modified_after=2000-01-01T00:00:00Z")
    assert body["total_items"] == ESTRIE_SERVICES
    # a well-formed id of no term matches nothing
    _, body = get(estrie, "/api/hsds/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000")
    assert body["total_items"] == 0
    _, body = get(estrie, f"/api/hsds/service_at_locations?organization_id={vision_id}")
    assert body["total_items"] == 0


def test_taxonomy_terms_validate_inside_a_service(estrie):
    _, body = get(estrie, "/api/hsds/taxonomy_terms")
    assert body["total_items"] == len(Audience.choices)
    assert {t["code"] for t in body["contents"]} == set(Audience.values)


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("page=0", {"page"}),
        ("page=abc", {"page"}),
        ("per_page=0&page=-1", {"page", "per_page"}),
        ("per_page=5000", {"per_page"}),
        ("modified_after=hier", {"modified_after"}),
        ("modified_after=2024-13-45", {"modified_after"}),
        ("taxonomy_term_id=immigrants&organization_id=42", {"taxonomy_term_id", "organization_id"}),
        ("full=peut-etre", {"full"}),
        ("page=99", {"page"}),
    ],
)
def test_bad_parameters_are_400_naming_them(estrie, query, fields):
    status, body = get(estrie, f"/api/hsds/services?{query}")
    assert status == 400
    assert body["code"] == "invalid"
    assert set(body["fields"]) == fields


def test_english_text_on_request(estrie):
    _, body = get(estrie, "/api/hsds/services?search=jumelage", HTTP_ACCEPT_LANGUAGE="en")
    assert body["contents"][0]["name"] == "French courses and intercultural pairing"
    assert body["contents"][0]["alternate_name"] == "Francisation et jumelage interculturel"


def test_unpublished_and_inactive_services_are_absent(estrie, estrie_region):
    connection.set_tenant(estrie_region)
    hidden = Service.objects.get(name_fr="Accueil des nouveaux résidents")
    services.service_update(service=hidden, is_published=False)
    closed = Service.objects.get(name_fr="Francisation et jumelage interculturel")
    services.service_update(service=closed, status=ServiceStatus.DEFUNCT)
    connection.set_schema_to_public()
    names = {i["name"] for i in all_pages(estrie, "/api/hsds/services")}
    assert len(names) == ESTRIE_SERVICES - 2
    assert not names & {"Accueil des nouveaux résidents", "Francisation et jumelage interculturel"}
    for service in (hidden, closed):
        status, body = get(estrie, f"/api/hsds/services/{service.uuid}")
        assert (status, body["code"]) == (404, "not_found")
    # the municipality offers nothing public any more: not an organisation of the map
    orgs = {i["name"] for i in all_pages(estrie, "/api/hsds/organizations")}
    assert "Municipalité de l'Estrie (exemple fictif)" not in orgs
    status, _ = get(estrie, f"/api/hsds/organizations/{hidden.partner.uuid}")
    assert status == 404


def test_another_regions_ids_are_404(estrie, region_b, estrie_region):
    connection.set_tenant(estrie_region)
    service = Service.objects.select_related("partner").filter(is_published=True).first()
    connection.set_tenant(region_b)
    partner_b = services.partner_create(name="Organisme Bêta", kind=PartnerKind.COMMUNITY)
    own = services.service_create(partner=partner_b, name_fr="Service de Bêta")
    connection.set_schema_to_public()
    client_b = Client(HTTP_HOST=host_of(region_b))
    status, body = get(client_b, f"/api/hsds/services/{service.uuid}")
    assert (status, body["code"]) == (404, "not_found")
    status, _ = get(client_b, f"/api/hsds/organizations/{service.partner.uuid}")
    assert status == 404
    _, body = get(client_b, "/api/hsds/services")
    assert [i["id"] for i in body["contents"]] == [str(own.uuid)]
    status, _ = get(estrie, f"/api/hsds/services/{own.uuid}")
    assert status == 404


def test_malformed_ids_are_404(estrie):
    for path in ("/api/hsds/services/42", "/api/hsds/organizations/not-a-uuid"):
        status, body = get(estrie, path)
        assert (status, body["code"]) == (404, "not_found")


def test_writes_are_refused(estrie):
    response = estrie.post("/api/hsds/services", {"name": "x"}, content_type="application/json")
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path",
    ["/api/hsds/services?full=true", "/api/hsds/organizations?full=true", "/api/hsds/service_at_locations"],
)
def test_list_queries_do_not_grow_with_rows(estrie, estrie_region, path):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert estrie.get(path).status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm: the host's route and billing account are read once, then from memory
    before = queries()
    connection.set_tenant(estrie_region)
    for n in range(3):
        partner = services.partner_create(name=f"Organisme ajouté {n}", kind=PartnerKind.COMMUNITY)
        point = services.service_point_create(partner=partner, name="Bureau", address="1 rue", city="Magog")
        service = services.service_create(
            partner=partner, name_fr=f"Service ajouté {n}", languages=["fr"], service_points=[point]
        )
        services.schedule_add(service=service, weekdays=["MO"], opens_at=dt.time(9), closes_at=dt.time(12))
        services.schedule_add(
            service_point=point, weekdays=["TU"], opens_at=dt.time(9), closes_at=dt.time(12)
        )
    connection.set_schema_to_public()
    assert queries() == before


def test_services_to_verify_again(estrie, estrie_region, capsys):
    connection.set_tenant(estrie_region)
    stale = hsds.services_needing_verification(today=dt.date(2025, 10, 1))
    # Vision attractivité's three (confirmed 2024-09-30) and the six never confirmed
    assert stale.count() == ESTRIE_SERVICES
    mapping = Service.objects.get(name_fr__startswith="Cartographie")
    assert hsds.service_needs_verification(mapping, today=dt.date(2025, 9, 29)) is False
    services.service_assure(service=mapping, on=dt.date(2025, 9, 1))
    assert not hsds.services_needing_verification(today=dt.date(2025, 10, 1)).filter(pk=mapping.pk).exists()
    partner_names = set(Partner.objects.values_list("name", flat=True))
    assert "Vision attractivité" in partner_names
    connection.set_schema_to_public()
    call_command("services_to_verify", "--region", "alpha", "--today", "2025-10-01")
    out = capsys.readouterr().out
    assert f"{ESTRIE_SERVICES - 1} " in out
    assert "Cartographie" not in out
    assert "Accueil et aide à l'installation" in out


def test_the_services_api_flags_those_to_verify_again(estrie):
    body = estrie.get("/api/v1/services/?search=Cartographie").json()
    assert [(s["name_fr"][:12], s["assured_date"], s["needs_verification"]) for s in body["results"]] == [
        ("Cartographie", "2024-09-30", True)
    ]
