"""The back office follows roles: region admin and coordination in, agents and funders out."""

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _user(region, role, email):
    connection.set_tenant(region)
    is_staff = role in (Role.REGION_ADMIN, Role.COORDINATOR)
    user = User.objects.create_user(email, password=TEST_PASSWORD, role=role, is_staff=is_staff)
    connection.set_schema_to_public()
    return user


def _login(client, email):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": TEST_PASSWORD})


def test_region_admin_manages_team_accounts(client_a):
    _login(client_a, "admin@alpha.test")
    assert client_a.get("/admin/accounts/user/").status_code == 200
    assert client_a.get("/admin/accounts/user/add/").status_code == 200


def test_coordinator_views_accounts_but_cannot_change_them(region_a, client_a):
    _user(region_a, Role.COORDINATOR, "coord@alpha.test")
    _login(client_a, "coord@alpha.test")
    assert client_a.get("/admin/accounts/user/").status_code == 200
    assert client_a.get("/admin/accounts/user/add/").status_code == 403


@pytest.mark.parametrize("role", [Role.AGENT, Role.FUNDER])
def test_agents_and_funders_have_no_back_office(region_a, client_a, role):
    _user(region_a, role, f"{role}@alpha.test")
    _login(client_a, f"{role}@alpha.test")
    response = client_a.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_platform_admin_manages_regions(platform_client):
    connection.set_schema_to_public()
    User.objects.create_user(
        "root@ancrage.test", password=TEST_PASSWORD, role=Role.PLATFORM_ADMIN, is_staff=True
    )
    _login(platform_client, "root@ancrage.test")
    page = platform_client.get("/admin/tenants/region/")
    assert page.status_code == 200
    assert "Région Alpha" in page.content.decode()


def test_region_admin_role_gives_nothing_on_the_platform(platform_client):
    # a public-schema account with a region role (should one exist) is not a platform admin
    User.objects.create_user(
        "lost@ancrage.test", password=TEST_PASSWORD, role=Role.REGION_ADMIN, is_staff=True
    )
    _login(platform_client, "lost@ancrage.test")
    assert platform_client.get("/admin/tenants/region/").status_code == 403


def test_region_b_admin_cannot_use_region_a_back_office(client_a):
    response = _login(client_a, "admin@beta-nord.test")
    assert response.status_code == 200  # the login form again
    # the client that tried holds no session, and is sent back to the login page
    assert "_auth_user_id" not in client_a.session
    refused = client_a.get("/admin/accounts/user/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")


def test_platform_admin_suspends_and_reactivates_from_the_back_office(platform_client, region_a):
    from tenants.models import Region

    User.objects.create_user(
        "ops@ancrage.test", password=TEST_PASSWORD, role=Role.PLATFORM_ADMIN, is_staff=True
    )
    _login(platform_client, "ops@ancrage.test")
    changelist = "/admin/tenants/region/"
    platform_client.post(changelist, {"action": "suspend", "_selected_action": [region_a.pk]})
    assert Region.objects.get(pk=region_a.pk).status == Region.Status.SUSPENDED
    assert Client(HTTP_HOST="alpha.localhost").get("/").status_code == 403
    platform_client.post(changelist, {"action": "reactivate", "_selected_action": [region_a.pk]})
    assert Region.objects.get(pk=region_a.pk).status == Region.Status.ACTIVE
    assert Client(HTTP_HOST="alpha.localhost").get("/").status_code == 200
