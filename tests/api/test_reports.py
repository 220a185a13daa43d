"""/api/v1/reports/: the annual report and agreement reports, their roles, bad input, regions, jobs."""

import datetime as dt
import io
import subprocess

import pytest
from django.db import connection
from openpyxl import load_workbook

from core.models import ReportJob
from core.reports.annual import fiscal_year
from tests.api.conftest import client_for, make_user, token_for

pytestmark = pytest.mark.django_db

PERIOD = "from=2024-04-01&to=2025-03-31"


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    return text.decode("utf-8").replace("\xa0", " ").replace("\u202f", " ")


def test_fiscal_year_runs_april_to_march():
    assert fiscal_year(dt.date(2024, 3, 31)) == (dt.date(2023, 4, 1), dt.date(2024, 3, 31))
    assert fiscal_year(dt.date(2024, 4, 1)) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def test_annual_report_defaults_to_the_current_fiscal_year(api, world):
    body = api("coordinator").get("/api/v1/reports/annual/").json()
    start, end = fiscal_year()
    assert body["period"] == {"date_from": start.isoformat(), "date_to": end.isoformat()}


def test_annual_report_summary_is_what_indicators_answers(api, world):
    for role in ("coordinator", "funder"):
        client = api(role)
        report = client.get(f"/api/v1/reports/annual/?{PERIOD}").json()
        indicators = client.get(f"/api/v1/indicators/?{PERIOD}").json()
        assert report["summary"] == indicators, role


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2024-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2024-04-01&to=2024-03-01", "to"),
        ("from=1900-01-01&to=2024-01-01", "to"),
        ("format=docx", "format"),
    ],
)
def test_bad_report_input_is_a_400_naming_the_parameter(api, world, query, field):
    response = api("coordinator").get(
        f"/api/v1/reports/annual/?{query}&format=pdf".replace("&format=pdf", "", "format=" in query)
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["fields"]) == [field]


def test_agents_and_strangers_get_no_report(api, world):
    assert api("agent").get("/api/v1/reports/annual/").status_code == 403
    assert api("anonymous").get("/api/v1/reports/annual/").status_code == 401
    assert api("other_region").get("/api/v1/reports/annual/").status_code == 401
    assert api("agent").get(f"/api/v1/reports/agreements/{world.agreement.pk}/").status_code == 403


def test_a_funder_gets_the_report_of_what_it_funds_with_small_counts_hidden(api, world):
    report = api("funder").get(f"/api/v1/reports/annual/?{PERIOD}").json()
    assert report["program_ids"] == [world.program.pk]
    assert report["suppression"] == {"applied": True, "threshold": 5}
    # two people enrolled: fewer than five, so hidden
    assert report["summary"]["participants"] == "<5"
    [axis] = report["axes"]
    assert axis["participants"] == "<5"
    assert [p["program_id"] for p in axis["programs"]] == [world.program.pk]
    assert [f["name"] for f in report["funders"]] == [world.funder.name]
    staff = api("coordinator").get(f"/api/v1/reports/annual/?{PERIOD}").json()
    assert staff["summary"]["participants"] == 2
    assert {f["name"] for f in staff["funders"]} >= {world.funder.name, world.other_funder.name}


@pytest.mark.parametrize("role", ["coordinator", "funder"])
def test_annual_report_files(api, world, role):
    client = api(role)
    pdf = client.get(f"/api/v1/reports/annual/?{PERIOD}&format=pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert (
        pdf["Content-Disposition"] == 'attachment; filename="rapport-annuel-alpha-2024-04-01-2025-03-31.pdf"'
    )
    text = pdf_text(pdf.content)
    for heading in ("Table des matières", "Portrait de la clientèle", "Page 1 / "):
        assert heading in text
    assert "Place aux jeunes" in text
    workbook = load_workbook(io.BytesIO(client.get(f"/api/v1/reports/annual/?{PERIOD}&format=xlsx").content))
    assert workbook.sheetnames[:3] == ["Faits saillants", "Portrait de la clientèle", "Accueil universel"]
    participants = next(
        row[1]
        for row in workbook["Faits saillants"].iter_rows(values_only=True)
        if row[0] == "Participant·e·s"
    )
    assert participants == (2 if role == "coordinator" else "<5")
    csv_text = client.get(f"/api/v1/reports/annual/?{PERIOD}&format=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "section,libellé,valeur"
    assert f"Faits saillants,Participant·e·s,{participants}" in csv_text.splitlines()


def test_agreement_report_lists_parties_deliverables_and_flags_late_ones(api, world):
    body = api("coordinator").get(f"/api/v1/reports/agreements/{world.agreement.pk}/").json()
    assert body["title"] == world.agreement.title
    assert [d["title"] for d in body["deliverables"]] == ["Rapport annuel"]
    # due 2024-06-01 and still planned: late
    assert body["deliverables"][0]["late"] is True
    assert [row["indicator"] for row in body["indicators"]] == ["successful_migrations"]
    pdf = api("coordinator").get(f"/api/v1/reports/agreements/{world.agreement.pk}/?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Rapport annuel" in pdf_text(pdf.content)


def test_a_funder_reads_only_its_own_agreements_report(api, world):
    funder = api("funder")
    assert funder.get(f"/api/v1/reports/agreements/{world.agreement.pk}/").status_code == 200
    response = funder.get(f"/api/v1/reports/agreements/{world.other_agreement.pk}/?format=pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_region_as_agreement_id_on_region_bs_host_is_a_404(api, world, region_b):
    admin_b = make_user(region_b, "region_admin", "reports@beta-nord.test")
    client_b = client_for("beta-nord.localhost", token_for(region_b, admin_b))
    assert client_b.get(f"/api/v1/reports/agreements/{world.agreement.pk}/").status_code == 404
    assert client_b.get(f"/reports/agreements/{world.agreement.pk}/").status_code in (302, 404)
    # and A's own token is refused on B's host
    token_a = token_for(_region_a(), api.user("coordinator"))
    assert client_for("beta-nord.localhost", token_a).get("/api/v1/reports/annual/").status_code == 401


def _region_a():
    from tenants.models import Region

    return Region.objects.get(slug="alpha")


def test_a_report_job_runs_in_the_background_and_only_its_owner_reads_it(api, world, region_a, region_b):
    coordinator = api("coordinator")
    response = coordinator.post(
        "/api/v1/reports/jobs/",
        {"report": "annual", "format": "xlsx", "from": "2024-04-01", "to": "2025-03-31"},
        format="json",
    )
    assert response.status_code == 202
    job = response.json()
    # no broker in tests: the task ran eagerly, in region A's schema
    assert (job["status"], job["progress"]) == ("done", 100)
    status = coordinator.get(f"/api/v1/reports/jobs/{job['id']}/").json()
    assert status["download"].endswith(f"/api/v1/reports/jobs/{job['id']}/download/")
    download = coordinator.get(f"/api/v1/reports/jobs/{job['id']}/download/")
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).sheetnames[0] == "Faits saillants"
    # the file sits in region A's storage
    connection.set_tenant(region_a)
    assert ReportJob.objects.get(pk=job["id"]).file.path.split("/")[-3] == region_a.schema_name
    connection.set_schema_to_public()
    # another account of the region, or region B with the same id: not found
    assert api("region_admin").get(f"/api/v1/reports/jobs/{job['id']}/").status_code == 404
    admin_b = make_user(region_b, "region_admin", "jobs@beta-nord.test")
    client_b = client_for("beta-nord.localhost", token_for(region_b, admin_b))
    assert client_b.get(f"/api/v1/reports/jobs/{job['id']}/download/").status_code == 404
    connection.set_tenant(region_b)
    assert not ReportJob.objects.exists()


def test_a_job_for_an_agreement_the_caller_cannot_see_is_refused(api, world, region_b):
    admin_b = make_user(region_b, "region_admin", "jobs2@beta-nord.test")
    client_b = client_for("beta-nord.localhost", token_for(region_b, admin_b))
    response = client_b.post(
        "/api/v1/reports/jobs/",
        {"report": "agreement", "format": "pdf", "agreement": world.agreement.pk},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["agreement"]
    response = api("coordinator").post(
        "/api/v1/reports/jobs/", {"report": "annual", "format": "docx"}, format="json"
    )
    assert list(response.json()["fields"]) == ["format"]


def test_the_report_page_is_the_pdfs_html_with_its_figures(api, world, region_a):
    from django.test import Client

    user = api.user("coordinator")
    client = Client(HTTP_HOST="alpha.localhost")
    connection.set_tenant(region_a)  # the session and last_login are written in A's schema
    client.force_login(user)
    connection.set_schema_to_public()
    page = client.get(f"/reports/annual/?{PERIOD}")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<div data-key="participants"><dt>Participant·e·s</dt><dd>2</dd></div>' in html
    assert "/api/v1/reports/annual/?from=2024-04-01&amp;to=2025-03-31&amp;format=pdf" in html
    assert client.get("/reports/annual/?from=nope").status_code == 400
    agreement = client.get(f"/reports/agreements/{world.agreement.pk}/")
    assert world.agreement.title in agreement.content.decode()


def test_the_schema_lists_each_report_format(api):
    schema = api("anonymous").get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/reports/annual/", "/api/v1/reports/agreements/{id}/"):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        assert set(content) == {
            "application/json",
            "application/pdf",
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }, path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/reports/annual/"]["get"]["parameters"]}
    assert parameters >= {"from", "to", "format"}


def test_the_pdf_carries_the_regions_logo_and_colours(api, world, region_a):
    from django.core.files.base import ContentFile

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#c0ffee"/></svg>'
    # uploaded on the region's host (api/v1/branding), so stored in the region's own media folder
    connection.set_tenant(region_a)
    region_a.logo.save("logo-test.svg", ContentFile(svg), save=False)
    region_a.primary_color = "#123456"
    region_a.save(update_fields=["logo", "primary_color"])
    try:
        client = api("coordinator")
        body = client.get(f"/api/v1/reports/annual/?{PERIOD}&format=pdf").content
        assert body.startswith(b"%PDF-")
        assert b"/Subtype /Image" in body or b"0.753 1 0.933" in body or b"c0ffee" not in body
        connection.set_tenant(region_a)
        user = api.user("coordinator")
        from django.test import Client

        page_client = Client(HTTP_HOST="alpha.localhost")
        page_client.force_login(user)
        connection.set_schema_to_public()
        html = page_client.get(f"/reports/annual/?{PERIOD}").content.decode()
        assert '<img src="data:image/svg+xml;base64,' in html
        assert "--primary: #123456" in html
    finally:
        connection.set_tenant(region_a)
        region_a.logo.delete(save=False)


def test_the_report_speaks_the_requests_language(api, world):
    client = api("coordinator", language="en")
    content = client.get(f"/api/v1/reports/annual/?{PERIOD}&format=csv").content.decode("utf-8-sig")
    assert content.splitlines()[0] == "section,label,value"
    section, _label, value = content.splitlines()[1].split(",")
    assert (section, value) == ("Highlights", "2")
    workbook = load_workbook(io.BytesIO(client.get(f"/api/v1/reports/annual/?{PERIOD}&format=xlsx").content))
    assert workbook.sheetnames[:3] == ["Highlights", "Clientele portrait", "Universal welcome"]
