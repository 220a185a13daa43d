"""One test per class of `make fuzz` finding, so each stays fixed under `make test`.

- a write missing an argument its service requires was a 500 (TypeError): now a 400 naming it,
  and the schema says it is required (both read the service's signature);
- a blank choice ("") in a response was outside the schema's enum;
- `?page=` / `?page_size=` were not checked on a list exported as a file;
- an empty `?format=` was silently JSON;
- the fuzzer must not revoke its own token.
"""

import pytest
from django.db import connection
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Role
from api.v1.common import service_required_fields
from core import services

pytestmark = pytest.mark.django_db


def fields_of(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"detail", "code", "fields"}
    return body["fields"]


@pytest.mark.parametrize(
    ("path", "payload", "missing"),
    [
        ("/api/v1/committees/", {"name": "Table jeunesse"}, {"kind"}),
        ("/api/v1/agreements/", {"kind": "funding", "title": "Entente"}, {"parties"}),
        ("/api/v1/team-members/", {"full_name": "Nouvelle personne"}, {"role"}),
    ],
)
def test_a_write_without_what_its_service_requires_is_a_400_naming_it(api, world, path, payload, missing):
    response = api(Role.REGION_ADMIN).post(path, payload, format="json")
    assert set(fields_of(response)) == missing


def test_a_service_point_needs_no_address(api, world):
    response = api(Role.REGION_ADMIN).post(
        "/api/v1/service-points/",
        {"partner": world.partner.pk, "name": "Point sans adresse", "city": "Alma"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["address"] == ""


def test_required_fields_come_from_the_service_signature():
    assert service_required_fields(services.committee_create) == {"name", "kind"}
    assert service_required_fields(services.service_point_create) == {"partner", "name", "city"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_requires_what_the_services_require(schema):
    components = schema["components"]["schemas"]
    assert {"name", "kind"} <= set(components["CommitteeRequest"]["required"])
    assert "parties" in components["AgreementRequest"]["required"]
    assert "address" not in components["ServicePointRequest"].get("required", [])


def test_a_blank_outcome_is_in_the_response_schema(schema):
    outcome = schema["components"]["schemas"]["Enrollment"]["properties"]["outcome"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in outcome["oneOf"]


@pytest.mark.parametrize("query", ["page_size=null", "page=", "page_size=-3", "page=0"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_bad_paging_is_a_400_naming_it_even_for_a_file(api, world, query, fmt):
    response = api(Role.REGION_ADMIN).get(f"/api/v1/partners/?format={fmt}&{query}")
    assert set(fields_of(response)) == {query.split("=")[0]}


def test_bad_paging_on_the_platform_export_is_a_400(api):
    response = api("platform_admin").get("/api/v1/platform/regions/?format=csv&page_size=-2")
    assert set(fields_of(response)) == {"page_size"}


def test_an_empty_format_is_a_400_naming_it(api, world):
    response = api(Role.REGION_ADMIN).get("/api/v1/partners/?format=")
    assert set(fields_of(response)) == {"format"}


def test_the_fuzzer_never_revokes_its_own_token():
    from tools.fuzz import fuzz_command

    command = fuzz_command(8000, "saguenay.localhost", "key", seconds=1, seed=1, report=None)
    assert command[command.index("--exclude-operation-id") + 1] == "auth_token_revoke"


def test_an_agreement_is_replaced_whole_without_its_parties(api, world, schema):
    """PUT asked for `parties` (creation needs them) while the update service refuses them: every PUT
    was a 400. Updates show the parties without asking for them, in the schema as in the answer."""
    client = api(Role.REGION_ADMIN)
    before = client.get(f"/api/v1/agreements/{world.agreement.pk}/").json()
    body = {
        name: before[name]
        for name in ("kind", "title", "reference", "purpose", "start_date", "end_date", "status", "programs")
        if name in before
    }
    response = client.put(
        f"/api/v1/agreements/{world.agreement.pk}/", {**body, "title": "Entente renouvelée"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Entente renouvelée"
    assert response.json()["parties"] == before["parties"] != []
    update_request = schema["components"]["schemas"]["AgreementUpdateRequest"]
    assert "parties" not in update_request["properties"]
    assert "parties" in schema["components"]["schemas"]["AgreementRequest"]["required"]


def _nullable(prop: dict) -> bool:
    variants = prop.get("oneOf", []) + prop.get("anyOf", [])
    return prop.get("nullable") is True or {"type": "null"} in variants


def test_an_erased_identity_and_an_idle_import_progress_are_null_in_the_schema(schema):
    components = schema["components"]["schemas"]
    assert _nullable(components["Participant"]["properties"]["identity"])
    assert _nullable(components["ImportBatch"]["properties"]["progress"])


def test_a_write_cannot_send_a_null_identity(api, world):
    response = api(Role.REGION_ADMIN).patch(
        f"/api/v1/participants/{world.participant.pk}/", {"identity": None}, format="json"
    )
    assert set(fields_of(response)) == {"identity"}


@pytest.mark.parametrize("action", ["commit", "undo"])
def test_an_import_not_ready_is_a_documented_409(schema, action):
    responses = schema["paths"][f"/api/v1/imports/{{id}}/{action}/"]["post"]["responses"]
    assert "409" in responses


def test_control_characters_in_a_spreadsheet_cell_are_shown_not_a_500(api, world, region_a):
    connection.set_tenant(region_a)
    services.partner_update(partner=world.partner, name="Carrefour\x10 jeunesse")
    connection.set_schema_to_public()
    response = api(Role.REGION_ADMIN).get(f"/api/v1/partners/{world.partner.pk}/?format=xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_options_asked_as_a_file_answers_json(api):
    response = api("platform_admin").options("/api/v1/network/indicators/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["name"]
