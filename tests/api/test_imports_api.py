"""/api/v1/imports/: upload (dry run), status, commit, undo; roles and regions."""

import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Role
from core.imports.tasks import progress_key
from core.models import ImportBatch, ImportStatus, Partner

pytestmark = pytest.mark.django_db

PARTNERS = "Nom;Type;Ville\nCJE du Haut-du-Lac;Organisme communautaire;Roberval\nMRC du Domaine-du-Roy;MRC;Roberval\n"


def upload(client, content: str | bytes, kind: str = "partners", name: str = "organismes.csv"):
    data = content.encode("cp1252") if isinstance(content, str) else content
    file = io.BytesIO(data)
    file.name = name
    return client.post("/api/v1/imports/", {"kind": kind, "file": file}, format="multipart")


def partners_in(region) -> list[str]:
    connection.set_tenant(region)
    names = sorted(Partner.objects.values_list("name", flat=True))
    connection.set_schema_to_public()
    return names


def test_check_commit_and_undo(api, region_a):
    client = api(Role.COORDINATOR)
    response = upload(client, PARTNERS)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("kind", "status", "total_rows", "new_rows", "errors", "progress")} == {
        "kind": "partners",
        "status": "checked",
        "total_rows": 2,
        "new_rows": 2,
        "errors": [],
        "progress": None,
    }
    assert partners_in(region_a) == []
    assert client.get(f"/api/v1/imports/{body['id']}/").json()["status"] == "checked"

    response = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert (response.status_code, response.json()["status"]) == (200, "committed")
    assert partners_in(region_a) == ["CJE du Haut-du-Lac", "MRC du Domaine-du-Roy"]
    response = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert (response.status_code, response.json()["code"]) == (409, "import_not_ready")

    response = client.post(f"/api/v1/imports/{body['id']}/undo/")
    assert (response.status_code, response.json()["status"]) == (200, "undone")
    assert partners_in(region_a) == []


def test_problems_come_in_the_requests_language(api):
    client = api(Role.COORDINATOR, language="en")
    response = upload(client, "Nom;Type;Courriel\nA;MRC;pas-un-courriel\n;MRC;\n")
    body = response.json()
    assert (response.status_code, body["status"]) == (201, "invalid")
    assert body["errors"] == [
        {"line": 2, "column": "Courriel", "code": "invalid_email", "message": "Invalid e-mail address."},
        {"line": 3, "column": "Nom", "code": "required", "message": "A value is required."},
    ]
    response = client.post(f"/api/v1/imports/{body['id']}/commit/")
    assert (response.status_code, response.json()["code"]) == (409, "import_not_ready")


def test_progress_while_running(api, region_a):
    client = api(Role.COORDINATOR)
    batch_id = upload(client, PARTNERS).json()["id"]
    connection.set_tenant(region_a)
    ImportBatch.objects.filter(pk=batch_id).update(status=ImportStatus.RUNNING)
    cache.set(progress_key(batch_id), {"done": 1000, "total": 2000})
    connection.set_schema_to_public()
    assert client.get(f"/api/v1/imports/{batch_id}/").json()["progress"] == {"done": 1000, "total": 2000}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "partners"}, "file"),
        ({"kind": "budgets", "file": ("a.csv", b"Nom\nA\n")}, "kind"),
        ({"kind": "partners", "file": ("a.csv", b"")}, "file"),
        ({"kind": "partners", "file": ("a.xlsx", b"PK\x03\x04broken")}, "file"),
    ],
)
def test_bad_uploads_are_400_naming_the_field(api, data, field):
    payload = dict(data)
    if "file" in payload:
        name, content = payload["file"]
        payload["file"] = io.BytesIO(content)
        payload["file"].name = name
    response = api(Role.COORDINATOR).post("/api/v1/imports/", payload, format="multipart")
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]


def test_roles(api):
    assert upload(api("anonymous"), PARTNERS).status_code == 401
    assert upload(api(Role.FUNDER), PARTNERS).status_code == 403
    assert api(Role.FUNDER).get("/api/v1/imports/").status_code == 403
    response = upload(api(Role.AGENT), PARTNERS)
    assert (response.status_code, response.json()["code"]) == (403, "import_forbidden")
    batch_id = upload(api(Role.REGION_ADMIN), PARTNERS).json()["id"]
    # an agent follows only their own imports
    assert api(Role.AGENT).get(f"/api/v1/imports/{batch_id}/").status_code == 404
    assert api(Role.COORDINATOR).get(f"/api/v1/imports/{batch_id}/").status_code == 200


def test_another_regions_import_is_404(api, region_b):
    batch_id = upload(api(Role.COORDINATOR), PARTNERS).json()["id"]
    other = api("other_region")
    assert other.get(f"/api/v1/imports/{batch_id}/").status_code == 401  # B's token means nothing on A
    from tests.api.conftest import client_for, make_user, token_for
    from tests.conftest import host_of

    admin_b = make_user(region_b, Role.REGION_ADMIN, "imports@beta-nord.api.test")
    client_b = client_for(host_of(region_b), token_for(region_b, admin_b))
    for path in (f"/api/v1/imports/{batch_id}/", f"/api/v1/imports/{batch_id}/commit/"):
        response = client_b.get(path) if path.endswith("/") and "commit" not in path else client_b.post(path)
        assert response.status_code == 404
    assert client_b.get("/api/v1/imports/").json()["count"] == 0


def test_command_checks_then_imports_with_a_progress_bar(region_a, tmp_path, capsys):
    path = tmp_path / "organismes.csv"
    path.write_bytes(PARTNERS.encode("cp1252"))
    call_command("import_rows", str(path), "--region", "alpha", "--kind", "partners")
    assert "2 nouvelle(s)" in capsys.readouterr().out
    assert partners_in(region_a) == []
    call_command("import_rows", str(path), "--region", "alpha", "--kind", "partners", "--commit")
    captured = capsys.readouterr()
    assert "Importé : 2 ligne(s)" in captured.out
    assert "[##############################] 2/2" in captured.err
    assert partners_in(region_a) == ["CJE du Haut-du-Lac", "MRC du Domaine-du-Roy"]
    bad = tmp_path / "mauvais.csv"
    bad.write_text("Nom;Courriel\nX;pas-un-courriel\n")
    with pytest.raises(CommandError):
        call_command("import_rows", str(bad), "--region", "alpha", "--kind", "partners", "--commit")
    assert "ligne 2, Courriel" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("import_rows", str(path), "--region", "inconnue", "--kind", "partners")


def test_the_commit_task_only_finds_batches_of_its_own_region(api, region_b):
    from core.imports.tasks import import_commit_run

    batch_id = upload(api(Role.COORDINATOR), PARTNERS).json()["id"]
    connection.set_tenant(region_b)
    with pytest.raises(ImportBatch.DoesNotExist):
        import_commit_run.apply(args=(batch_id, None), throw=True)
    assert Partner.objects.count() == 0
    connection.set_schema_to_public()
