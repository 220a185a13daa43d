"""Tokens per host: each schema has its own users and tokens, so a token works only where issued."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role
from tests.api.conftest import client_for, make_user
from tests.conftest import TEST_PASSWORD, host_of

pytestmark = pytest.mark.django_db


def _login(host, email, password=TEST_PASSWORD, **extra):
    return Client(HTTP_HOST=host, **extra).post(
        "/api/v1/auth/token/", {"email": email, "password": password}, content_type="application/json"
    )


def test_token_from_region_a_works_on_a_only(region_a, region_b):
    # given the first admin of region A logs in on A's host
    response = _login(host_of(region_a), "admin@alpha.test")
    assert response.status_code == 200
    token = response.json()["token"]
    # then the token opens A's API
    assert client_for(host_of(region_a), token).patch("/api/v1/branding/", {}).status_code == 200
    # and is unknown on B's host and on the platform
    on_b = client_for(host_of(region_b), token).patch("/api/v1/branding/", {})
    assert on_b.status_code == 401
    assert on_b.json()["code"] == "authentication_failed"
    on_platform = client_for(settings.BASE_DOMAIN, token).get("/api/v1/platform/regions/")
    assert on_platform.status_code == 401


def test_credentials_of_a_are_refused_on_b_and_platform(region_a, region_b):
    assert _login(host_of(region_b), "admin@alpha.test").status_code == 400
    response = _login(settings.BASE_DOMAIN, "admin@alpha.test")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


def test_platform_admin_token_is_platform_only(db, region_a):
    make_user(None, Role.PLATFORM_ADMIN, "root@platform.test")
    token = _login(settings.BASE_DOMAIN, "root@platform.test").json()["token"]
    assert client_for(settings.BASE_DOMAIN, token).get("/api/v1/platform/regions/").status_code == 200
    assert client_for(host_of(region_a), token).patch("/api/v1/branding/", {}).status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"password": "x"}, "email"),
        ({"email": "admin@alpha.test"}, "password"),
        ({"email": "not-an-email", "password": "x"}, "email"),
        ({"email": "a" * 20000 + "@x.test", "password": "x"}, "email"),
        ({"email": ["admin@alpha.test"], "password": "x"}, "email"),
    ],
)
def test_token_bad_input_is_400_per_field(client_a, payload, field):
    response = client_a.post("/api/v1/auth/token/", payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert all(isinstance(message, str) for message in body["fields"][field])


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Courriel ou mot de passe incorrect"), ("en", "Wrong e-mail or password")],
)
def test_wrong_password_is_400_in_request_language(region_a, language, expected):
    response = _login(host_of(region_a), "admin@alpha.test", "wrong", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(expected)
    assert response.json()["code"] == "invalid_credentials"


def test_inactive_user_gets_no_token(region_a):
    user = make_user(region_a, Role.AGENT, "gone@alpha.test")
    from django.db import connection

    connection.set_tenant(region_a)
    user.is_active = False
    user.save(update_fields=["is_active"])
    connection.set_schema_to_public()
    assert _login(host_of(region_a), "gone@alpha.test").status_code == 400


def test_session_login_works_for_browser(region_a):
    # the admin session (Django login) is accepted by the API too
    browser = Client(HTTP_HOST=host_of(region_a))
    browser.post("/admin/login/", {"username": "admin@alpha.test", "password": TEST_PASSWORD})
    response = browser.get("/api/v1/branding/")
    assert response.status_code == 200
    # (the test client skips CSRF checks; DRF enforces them for sessions in a real browser)
    assert browser.patch("/api/v1/branding/", {}, content_type="application/json").status_code == 200


def test_stale_token_does_not_block_login(region_a):
    response = Client(HTTP_HOST=host_of(region_a), HTTP_AUTHORIZATION="Token deadbeef").post(
        "/api/v1/auth/token/",
        {"email": "admin@alpha.test", "password": TEST_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
