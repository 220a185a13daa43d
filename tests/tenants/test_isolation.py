"""A row written in one region is invisible from another, through the ORM and through HTTP."""

import pytest
from django.db import connection

from accounts.models import User
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_user_written_in_a_is_invisible_from_b_orm(region_a, region_b):
    connection.set_tenant(region_a)
    User.objects.create_user("only-in-a@alpha.test", password=TEST_PASSWORD)
    assert User.objects.filter(email="only-in-a@alpha.test").exists()

    connection.set_tenant(region_b)
    assert not User.objects.filter(email="only-in-a@alpha.test").exists()

    connection.set_schema_to_public()
    assert not User.objects.filter(email="only-in-a@alpha.test").exists()


def test_credentials_of_a_do_not_log_in_on_b_host(client_a, client_b):
    # the first admin of region A, created by provisioning, logs in on A's host only
    credentials = {"username": "admin@alpha.test", "password": TEST_PASSWORD}
    on_a = client_a.post("/admin/login/?next=/admin/", credentials)
    on_b = client_b.post("/admin/login/?next=/admin/", credentials)
    assert on_a.status_code == 302
    assert on_a["Location"] == "/admin/"
    assert on_b.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client_b.session


def test_session_of_a_means_nothing_on_b(client_a, client_b, region_b):
    client_a.post("/admin/login/", {"username": "admin@alpha.test", "password": TEST_PASSWORD})
    assert client_a.get("/admin/").status_code == 200
    # the same session cookie presented to B's host
    client_b.cookies = client_a.cookies
    response = client_b.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_region_admin_does_not_list_regions(client_a):
    client_a.post("/admin/login/", {"username": "admin@alpha.test", "password": TEST_PASSWORD})
    index = client_a.get("/admin/").content.decode()
    assert "tenants/region" not in index
    assert client_a.get("/admin/tenants/region/").status_code == 404
