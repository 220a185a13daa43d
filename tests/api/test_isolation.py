"""Crossing regions through the API: ids of region B on region A's host are 404, like absent ones."""

import pytest
from django.db import connection

from accounts.models import Role
from tests.api.conftest import REGION_ROLES, build_world, make_user
from tests.api.test_permissions import WORLD_ROW

pytestmark = pytest.mark.django_db

SEQUENCE_FLOOR = 5_000_000


def _lift_sequences(region, floor: int) -> None:
    """Region B's ids jump far above region A's, so "404" cannot come from a coincidence of ids."""
    connection.set_tenant(region)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = %s AND sequencename LIKE 'core_%%'",
            [region.schema_name],
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute("SELECT setval(%s, %s)", [f'"{region.schema_name}"."{sequence}"', floor])
    connection.set_schema_to_public()


@pytest.fixture
def world_b(region_b):
    _lift_sequences(region_b, SEQUENCE_FLOOR)
    users = {role: make_user(region_b, role, f"{role}@b.iso.test") for role in REGION_ROLES}
    return build_world(region_b, users)


def test_id_of_region_b_is_404_on_region_a(api, world, world_b):
    for resource in sorted(WORLD_ROW):
        _assert_invisible_from_a(api, world_b, resource)


def _assert_invisible_from_a(api, world_b, resource):
    row_b = getattr(world_b, WORLD_ROW[resource])
    assert row_b.pk > SEQUENCE_FLOOR
    admin = api(Role.REGION_ADMIN)
    # read, update and delete of B's row through A's host: all "not found", never a hint
    for method in ("get", "patch", "delete"):
        response = getattr(admin, method)(f"/api/v1/{resource}/{row_b.pk}/", {}, format="json")
        if method == "patch" and resource == "enrollments":
            assert response.status_code == 405
            continue
        if method == "delete" and resource in ("participants", "enrollments"):
            assert response.status_code == 405
            continue
        assert response.status_code == 404, (method, resource, response.content)
        assert response.json() == {"detail": "Ressource introuvable.", "code": "not_found"}
    # and a row that exists nowhere answers exactly the same
    absent = admin.get(f"/api/v1/{resource}/{SEQUENCE_FLOOR * 3}/")
    assert absent.json() == admin.get(f"/api/v1/{resource}/{row_b.pk}/").json()
    # B's rows never appear in A's lists
    listed = {row["id"] for row in admin.get(f"/api/v1/{resource}/?page_size=200").json()["results"]}
    assert row_b.pk not in listed


def test_cannot_point_at_region_b_rows_when_writing_on_a(api, world, world_b):
    admin = api(Role.REGION_ADMIN)
    response = admin.post(
        "/api/v1/service-points/",
        {"partner": world_b.partner.pk, "name": "Intrus", "address": "x", "city": "Alma"},
        format="json",
    )
    assert response.status_code == 400
    assert "partner" in response.json()["fields"]
    response = admin.post(
        "/api/v1/enrollments/",
        {"participant": world_b.participant.pk, "program": world.program.pk, "applied_on": "2024-06-02"},
        format="json",
    )
    assert response.status_code == 400
    assert "participant" in response.json()["fields"]


def test_token_of_region_b_user_is_401_on_a(api, world_b, region_b):
    connection.set_tenant(region_b)
    from accounts.models import User
    from accounts.tokens import token_issue

    key = token_issue(user=User.objects.get(email="region_admin@b.iso.test"))[1]
    connection.set_schema_to_public()
    from tests.api.conftest import client_for

    response = client_for("alpha.localhost", key).get("/api/v1/partners/")
    assert response.status_code == 401
    assert client_for("beta-nord.localhost", key).get("/api/v1/partners/").status_code == 200
