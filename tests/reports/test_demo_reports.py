"""Against the demo data: the Saguenay annual report for 2023-04-01..2024-03-31 shows the CJE's
published figures identically as JSON, page, PDF, CSV and XLSX; the Baie-James agreement report
lists the ARBJ–MIDI agreement as published."""

import csv
import io
import re
import subprocess

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils.html import escape
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from accounts.models import User
from core.models import Agreement, Program
from demo.loader import load_region_content

pytestmark = pytest.mark.django_db

PERIOD = "from=2023-04-01&to=2024-03-31"
# The CJE Saguenay's "Rapport annuel 2023-2024" and Place aux jeunes' figures.
WELCOME = {
    "Personnes accueillies": 1010,
    "Personnes reçues sans rendez-vous": 354,
    "Heures d'intervention (total)": 11944,
    "Kiosques": 21,
    "Personnes rejointes aux kiosques": 2200,
}
PROGRAM_PARTICIPANTS = {
    "cje-orientation": 55,
    "cje-mre": 104,
    "cje-services-specialises": 175,
    "cje-employabilite": 149,
}
MIGRATIONS = {"paj-saguenay": (69, 11), "paj-fjord": (7, 7)}
SUMMARY = {"Migrations réussies": 69 + 7, "Migrations parallèles": 11 + 7}


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """Saguenay in region A and Baie-James in region B, once for the module, rolled back at its end."""
    from tenants.models import Region

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            tokens = {}
            for slug, demo in (("alpha", "saguenay"), ("beta-nord", "baie-james")):
                region = Region.objects.get(slug=slug)
                connection.set_tenant(region)
                for prefix, role in (
                    ("agent", "agent"),
                    ("funder", "funder"),
                    ("coordination", "coordinator"),
                ):
                    User.objects.create_user(f"{prefix}@{demo}.demo", password="x", role=role)
                load_region_content(demo)
                user = User.objects.get(email=f"coordination@{demo}.demo")
                tokens[slug] = Token.objects.create(user=user).key
            connection.set_schema_to_public()
            yield tokens
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def saguenay(_demo_once, db):
    return Client(HTTP_HOST="alpha.localhost", HTTP_AUTHORIZATION=f"Token {_demo_once['alpha']}")


@pytest.fixture
def baie_james(_demo_once, db):
    return Client(HTTP_HOST="beta-nord.localhost", HTTP_AUTHORIZATION=f"Token {_demo_once['beta-nord']}")


def program_names() -> dict[str, str]:
    from tenants.models import Region

    connection.set_tenant(Region.objects.get(slug="alpha"))
    names = dict(Program.objects.values_list("code", "name_fr"))
    connection.set_schema_to_public()
    return names


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def pdf_text(content: bytes) -> str:
    # -raw: in the order the text was drawn (each figure's label, then its value)
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return plain(result.stdout.decode("utf-8"))


def test_json_has_the_published_figures(saguenay):
    report = saguenay.get(f"/api/v1/reports/annual/?{PERIOD}").json()
    welcome = report["welcome"]
    assert (welcome["people_welcomed"], welcome["walk_in_participants"], welcome["intervention_hours"]) == (
        1010,
        354,
        11944,
    )
    assert (welcome["kiosks"], welcome["people_reached_at_kiosks"]) == (21, 2200)
    programs = {p["code"]: p for axis in report["axes"] for p in axis["programs"]}
    assert {code: programs[code]["participants"] for code in PROGRAM_PARTICIPANTS} == PROGRAM_PARTICIPANTS
    for code, (successful, parallel) in MIGRATIONS.items():
        outcomes = programs[code]["outcomes"]
        assert (outcomes["successful_migration"], outcomes["parallel_migration"]) == (successful, parallel)
    assert (report["summary"]["successful_migrations"], report["summary"]["parallel_migrations"]) == (76, 18)
    # the summary is what /api/v1/indicators/ answers for the same period
    assert report["summary"] == saguenay.get(f"/api/v1/indicators/?{PERIOD}").json()
    # and each welcome figure what indicators/ gives for the welcome program
    welcome_only = saguenay.get(f"/api/v1/indicators/?{PERIOD}&program={welcome['program_ids'][0]}").json()
    assert welcome_only["participants"] == welcome["people_welcomed"]


def test_csv_has_the_same_figures(saguenay):
    content = saguenay.get(f"/api/v1/reports/annual/?{PERIOD}&format=csv").content.decode("utf-8-sig")
    rows = {(section, label): value for section, label, value in csv.reader(io.StringIO(content))}
    for label, value in WELCOME.items():
        assert rows[("Accueil universel", label)] == str(value)
    for label, value in SUMMARY.items():
        assert rows[("Faits saillants", label)] == str(value)
    names = program_names()
    axis = "Insertion socioprofessionnelle durable"
    for code, value in PROGRAM_PARTICIPANTS.items():
        assert rows[(axis, f"Programmes › {names[code]} › Participant·e·s")] == str(value)
    for code, (successful, parallel) in MIGRATIONS.items():
        assert rows[("Établissement en région", f"Programmes › {names[code]} › Migrations réussies")] == str(
            successful
        )
        assert rows[
            ("Établissement en région", f"Programmes › {names[code]} › Migrations parallèles")
        ] == str(parallel)


def test_xlsx_has_the_same_figures_as_numbers(saguenay):
    content = saguenay.get(f"/api/v1/reports/annual/?{PERIOD}&format=xlsx").content
    workbook = load_workbook(io.BytesIO(content))
    welcome = {row[0]: row[1] for row in workbook["Accueil universel"].iter_rows(values_only=True) if row[0]}
    assert {label: welcome[label] for label in WELCOME} == WELCOME
    assert all(type(welcome[label]) is int for label in WELCOME)
    names = program_names()
    sheet = workbook["Insertion socioprofessionnelle"]  # sheet names: 31 characters at most
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert {code: rows[names[code]][2] for code in PROGRAM_PARTICIPANTS} == PROGRAM_PARTICIPANTS
    settlement = {row[0]: row for row in workbook["Établissement en région"].iter_rows(values_only=True)}
    assert {
        code: (settlement[names[code]][8], settlement[names[code]][9]) for code in MIGRATIONS
    } == MIGRATIONS


def _figures_in_order(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_and_page_have_the_same_figures(saguenay):
    pdf = _figures_in_order(pdf_text(saguenay.get(f"/api/v1/reports/annual/?{PERIOD}&format=pdf").content))
    from tenants.models import Region

    connection.set_tenant(Region.objects.get(slug="alpha"))
    page_client = Client(HTTP_HOST="alpha.localhost")
    page_client.force_login(User.objects.get(email="coordination@saguenay.demo"))
    connection.set_schema_to_public()
    page = plain(page_client.get(f"/reports/annual/?{PERIOD}").content.decode())
    for label, value in {**WELCOME, **SUMMARY}.items():
        printed = f"{value:,}".replace(",", " ")
        label_html = escape(label)
        assert f"{label} {printed}" in pdf, label
        assert f"<dt>{label_html}</dt><dd>{printed}</dd>" in page, label
    names = program_names()
    for code, value in PROGRAM_PARTICIPANTS.items():
        # the program's row: name, operator, then its participants
        assert f"{names[code]} CJE Saguenay {value} " in pdf, code
        assert re.search(
            rf"<th scope=\"row\">{re.escape(escape(names[code]))}</th><td>CJE Saguenay</td><td class=\"num\">{value}</td>",
            page,
        ), code


def test_baie_james_agreement_report(baie_james):
    from tenants.models import Region

    connection.set_tenant(Region.objects.get(slug="beta-nord"))
    agreement = Agreement.objects.get(title__startswith="Programme Mobilisation-Diversité")
    connection.set_schema_to_public()
    report = baie_james.get(f"/api/v1/reports/agreements/{agreement.pk}/").json()
    assert report["status"] == "not_fully_realised"
    assert [(p["acronym"], p["role"], p["contribution"]) for p in report["parties"]] == [
        ("ARBJ", "Signataire", 50000),
        ("MIDI", "Signataire", 50000),
    ]
    assert report["total_contributions"] == 100000
    assert len(report["objectives"]) == 5
    assert [a["start_date"] for a in report["activities"]][0] == "2014-01-01"
    assert report["activities"][-1]["start_date"] == "2014-10-09"
    late = [d["title"] for d in report["deliverables"] if d["late"]]
    assert late == []  # the last one has no due date: not done, but not late
    text = _figures_in_order(
        pdf_text(baie_james.get(f"/api/v1/reports/agreements/{agreement.pk}/?format=pdf").content)
    )
    for expected in (
        "Administration régionale Baie-James",
        "50 000",
        "Non entièrement réalisée",
        "conclure une entente spécifique en immigration",
        "Formation « Immigration 101 »",
        "2014-04-23",
    ):
        assert expected in text, expected
