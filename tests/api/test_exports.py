"""Every list answers ?format=csv|xlsx with its filters, within the caller's role, logged when it
holds personal information, with formula-looking cells neutralised."""

import csv
import io

import pytest
from django.db import connection
from openpyxl import load_workbook

from api.renderers import neutralise
from core import services
from core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize(
    "resource",
    [
        "partners",
        "service-points",
        "team-members",
        "programs",
        "funders",
        "agreements",
        "deliverables",
        "participants",
        "enrollments",
        "interventions",
        "activities",
        "committees",
        "services",
    ],
)
def test_every_list_exports_as_csv_and_xlsx_the_rows_of_its_json(api, world, resource):
    client = api("coordinator")
    listed = client.get(f"/api/v1/{resource}/").json()["results"]
    as_csv = client.get(f"/api/v1/{resource}/?format=csv")
    assert as_csv.status_code == 200
    assert as_csv["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["id"] for row in csv_rows(as_csv)] == [str(row["id"]) for row in listed]
    as_xlsx = client.get(f"/api/v1/{resource}/?format=xlsx")
    assert as_xlsx.status_code == 200
    assert as_xlsx["Content-Type"] == XLSX
    assert [row["id"] for row in xlsx_rows(as_xlsx)] == [row["id"] for row in listed]


def test_an_export_keeps_the_lists_filters_and_is_not_paged(api, world, region_a):
    connection.set_tenant(region_a)
    for n in range(60):
        services.partner_create(name=f"Organisme {n:02d}", kind="community", city="Roberval")
    connection.set_schema_to_public()
    client = api("coordinator")
    rows = csv_rows(client.get("/api/v1/partners/?format=csv&city=Roberval&ordering=name"))
    assert len(rows) == 60  # one page of the JSON list holds 50
    assert [row["name"] for row in rows][:2] == ["Organisme 00", "Organisme 01"]
    assert {row["city"] for row in rows} == {"Roberval"}


def test_participant_export_has_identity_columns_and_is_logged_as_an_export(api, world, region_a):
    client = api("coordinator")
    response = client.get("/api/v1/participants/?format=xlsx")
    rows = xlsx_rows(response)
    assert {row["identity.last_name"] for row in rows} == {"Personne", "Fictif"}
    connection.set_tenant(region_a)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, detail__context="list").exists()
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT)
    assert sorted(events.values_list("participant_code", flat=True)) == sorted(
        [world.participant.code, world.other_participant.code]
    )
    assert {event.detail["format"] for event in events} == {"xlsx"}
    assert {event.actor_email for event in events} == {api.user("coordinator").email}


def test_an_agent_exports_only_their_own_participants(api, world):
    rows = csv_rows(api("agent").get("/api/v1/participants/?format=csv"))
    assert [row["code"] for row in rows] == [world.participant.code]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("resource", ["participants", "enrollments", "interventions", "team-members"])
def test_a_funder_never_exports_personal_information(api, world, resource, fmt):
    response = api("funder").get(f"/api/v1/{resource}/?format={fmt}")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "permission_denied"


def test_a_funder_exports_only_what_it_funds(api, world):
    rows = csv_rows(api("funder").get("/api/v1/programs/?format=csv"))
    assert [row["id"] for row in rows] == [str(world.program.pk)]


def test_formula_cells_are_neutralised(api, world, region_a):
    connection.set_tenant(region_a)
    for name in ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "Normal"):
        services.partner_create(name=name, kind="community", city="Formule")
    connection.set_schema_to_public()
    client = api("coordinator")
    expected = {'\'=HYPERLINK("http://x")', "'+1+1", "'-2+3", "'@SUM(A1)", "Normal"}
    assert {
        row["name"] for row in csv_rows(client.get("/api/v1/partners/?format=csv&city=Formule"))
    } == expected
    assert {
        row["name"] for row in xlsx_rows(client.get("/api/v1/partners/?format=xlsx&city=Formule"))
    } == expected


def test_neutralise_quotes_tab_and_carriage_return_and_leaves_numbers_and_plain_text():
    # (names are trimmed by the services, so these two are checked here rather than through a list)
    assert neutralise("\tTab") == "'\tTab"
    assert neutralise("\rCR") == "'\rCR"
    assert neutralise(-5) == -5
    assert neutralise("Saguenay") == "Saguenay"
    assert neutralise("-") == "'-"


def test_an_unknown_format_is_a_400_naming_it(api, world):
    response = api("coordinator").get("/api/v1/partners/?format=docx")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["format"]


def test_a_bad_filter_on_an_export_is_a_json_400(api, world):
    response = api("coordinator").get("/api/v1/partners/?format=csv&ordering=nope")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"]


def test_another_regions_token_cannot_export(api, world):
    response = api("other_region").get("/api/v1/participants/?format=csv")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_export_query_count_does_not_grow_with_rows(api, world, region_a):
    from django.test.utils import CaptureQueriesContext

    from tests.api.test_lists import LISTS, _more_rows

    client = api("region_admin")

    def counts() -> dict[str, int]:
        result = {}
        for resource in LISTS:
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(f"/api/v1/{resource}/?format=xlsx")
            assert response.status_code == 200, resource
            # the Law 25 log of a participants export is one bulk insert whatever the rows
            result[resource] = len(ctx.captured_queries)
        return result

    counts()  # warm: the host's route and billing account are read once, then from memory
    before = counts()
    _more_rows(region_a, world)
    assert counts() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_write_asked_for_a_file_is_a_400_naming_format_and_writes_nothing(fmt, api, region_a):
    """Found by `make fuzz`: POST ...?format=csv answered 500 after the row was written."""
    from core.models import Committee

    def committees() -> int:
        connection.set_tenant(region_a)
        count = Committee.objects.count()
        connection.set_schema_to_public()
        return count

    client = api("coordinator")
    before = committees()
    response = client.post(f"/api/v1/committees/?format={fmt}", {"name": "Table"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"format"}
    assert committees() == before
