"""The import page (/importations/): dry run with every row's problems, commit with its progress
fragment, undo, and who may not (funders; another region's batch)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.models import Role
from core.models import ImportBatch, ImportStatus, ParticipantIdentity
from tests.conftest import host_of
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

HEADERS = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Courriel",
    "Date d'accueil",
    "Genre",
    "Ville",
    "Consentement",
]
GOOD = [
    ["Gagné", "Éloïse", "14/02/1999", "eloise@exemple.test", "2024-04-02", "Femme", "Saint-Félicien", "oui"],
    ["Côté", "François", "1990-07-01", "", "02/04/2024", "H", "Alma", "oui"],
]
BAD = ["Côté", "François", "1990-07-01", "pas-un-courriel", "02/04/2024", "H", "Alma", "oui"]


def cp1252_csv(rows) -> SimpleUploadedFile:
    text = "\r\n".join(";".join(row) for row in [HEADERS, *rows])
    return SimpleUploadedFile("liste.csv", text.encode("cp1252"), content_type="text/csv")


def in_region(region, query):
    connection.set_tenant(region)
    try:
        return query()
    finally:
        connection.set_schema_to_public()


def upload(client, rows):
    return client.post("/importations/nouvelle/", {"kind": "participants", "file": cp1252_csv(rows)})


def test_bad_row_is_named_and_nothing_is_written_then_the_corrected_file_goes_in_once(web, region_a):
    client = web(Role.COORDINATOR)
    before = in_region(region_a, lambda: ParticipantIdentity.objects.count())

    response = upload(client, [GOOD[0], BAD])
    assert response.status_code == 302
    page = client.get(response["Location"])
    problems = page.content.decode().split('id="import-problems"')[1]
    assert '<td class="num">3</td>' in problems
    assert "Courriel" in problems
    assert "Adresse courriel invalide." in problems
    assert "Importer" not in page.content.decode()
    assert in_region(region_a, lambda: ParticipantIdentity.objects.count()) == before

    response = upload(client, GOOD)
    batch_url = response["Location"]
    page = client.get(batch_url).content.decode()
    assert "Importer 2 lignes" in page
    batch_id = int(batch_url.rstrip("/").split("/")[-1])

    response = client.post(f"/importations/{batch_id}/importer/")  # eager: no broker in tests
    assert (response.status_code, response["Location"]) == (302, batch_url)
    status = client.get(f"/importations/{batch_id}/etat/").content.decode()
    assert 'data-status="committed"' in status
    assert "hx-trigger" not in status
    assert "Terminé : 2 lignes importées." in status
    assert in_region(region_a, lambda: ParticipantIdentity.objects.filter(first_name="Éloïse").count()) == 1
    assert in_region(region_a, lambda: ParticipantIdentity.objects.count()) == before + 2

    # The same file again adds nothing.
    again = client.get(upload(client, GOOD)["Location"]).content.decode()
    assert "rien à ajouter" in again
    assert in_region(region_a, lambda: ParticipantIdentity.objects.count()) == before + 2

    listing = client.get("/importations/").content.decode()
    assert f'action="/importations/{batch_id}/annuler/"' in listing
    response = client.post(f"/importations/{batch_id}/annuler/")
    assert (response.status_code, response["Location"]) == (302, "/importations/")
    assert in_region(region_a, lambda: ImportBatch.objects.get(pk=batch_id).status) == ImportStatus.UNDONE
    assert in_region(region_a, lambda: ParticipantIdentity.objects.count()) == before


def test_running_import_polls_its_status_fragment(web, region_a):
    client = web(Role.REGION_ADMIN)
    batch_url = upload(client, GOOD)["Location"]
    batch_id = int(batch_url.rstrip("/").split("/")[-1])
    in_region(region_a, lambda: ImportBatch.objects.filter(pk=batch_id).update(status=ImportStatus.RUNNING))
    status = client.get(f"/importations/{batch_id}/etat/").content.decode()
    assert f'hx-get="/importations/{batch_id}/etat/" hx-trigger="every 1s"' in status
    assert "<progress" in status


def test_english_messages(web):
    client = web(Role.COORDINATOR)
    client.post("/langue/", {"language": "en", "next": "/"})  # the switcher in the layout
    page = client.get(upload(client, [BAD])["Location"]).content.decode()
    assert "Invalid e-mail address." in page
    assert "1 problem to fix" in page


def test_agent_may_import_interventions_only(web):
    form = web(Role.AGENT).get("/importations/nouvelle/").content.decode()
    assert 'value="interventions"' in form
    assert 'value="participants"' not in form
    response = web(Role.AGENT).post(
        "/importations/nouvelle/", {"kind": "participants", "file": cp1252_csv(GOOD)}
    )
    assert response.status_code == 400


def test_funder_gets_403_and_no_menu_entry(web):
    funder = web(Role.FUNDER)
    for url in ("/importations/", "/importations/nouvelle/"):
        assert funder.get(url).status_code == 403
    menu = web(Role.COORDINATOR).get("/importations/").content.decode()
    assert 'href="/importations/"' in menu
    assert 'href="/reports/annual/"' in menu
    funder_menu = funder.get("/financement/").content.decode()
    assert 'href="/importations/"' not in funder_menu
    assert 'href="/reports/annual/"' in funder_menu


def test_region_a_batch_is_not_found_on_region_b(web, region_a, region_b, admin_b):
    batch_id = int(upload(web(Role.COORDINATOR), GOOD)["Location"].rstrip("/").split("/")[-1])
    client_b = login(region_b, admin_b)
    assert client_b.defaults["HTTP_HOST"] == host_of(region_b)
    for url in (f"/importations/{batch_id}/", f"/importations/{batch_id}/etat/"):
        assert client_b.get(url).status_code == 404
    assert client_b.post(f"/importations/{batch_id}/importer/").status_code == 404
    assert in_region(region_a, lambda: ImportBatch.objects.get(pk=batch_id).status) == ImportStatus.CHECKED
