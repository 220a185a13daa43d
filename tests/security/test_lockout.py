"""Lockout after repeated failed logins (django-axes), per region: the token endpoint, the admin
login and any web login going through authenticate(request=...)."""

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from accounts.models import Role, User
from tests.conftest import REGION_A, TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _throttle_out_of_the_way(monkeypatch):
    """The per-address throttle of the token endpoint is tested elsewhere: here only the lockout."""
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth_token": "1000/minute"})


EMAIL = REGION_A["admin_email"]  # admin@alpha.test, the first admin of region A


def _token(host: str, password: str, email: str = EMAIL, language: str = "fr"):
    return APIClient(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE=language).post(
        "/api/v1/auth/token/", {"email": email, "password": password}, format="json"
    )


def test_token_endpoint_locks_an_email_after_five_failures(region_a):
    statuses = [_token("alpha.localhost", "wrong").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    # then even the right password is refused, with a clear French message and a delay
    locked = _token("alpha.localhost", TEST_PASSWORD)
    assert locked.status_code == 429
    assert locked.json() == {
        "detail": "Trop de tentatives de connexion échouées. Par sécurité, ce compte est bloqué sur "
        "cet espace pendant 15 minutes ; réessayez ensuite ou communiquez avec la direction de "
        "votre organisme.",
        "code": "account_locked",
    }
    assert locked["Retry-After"] == "900"
    assert "token" not in locked.json()


def test_lockout_message_in_english(region_a):
    for _ in range(5):
        _token("alpha.localhost", "wrong")
    locked = _token("alpha.localhost", TEST_PASSWORD, language="en")
    assert locked.status_code == 429
    assert locked.json()["detail"].startswith("Too many failed login attempts.")


def test_a_lockout_on_one_region_never_locks_the_same_email_on_another(region_a, region_b):
    # the same e-mail has an account in region B
    connection.set_tenant(region_b)
    User.objects.create_user(EMAIL, password=TEST_PASSWORD, role=Role.COORDINATOR)
    connection.set_schema_to_public()
    for _ in range(6):
        _token("alpha.localhost", "wrong")
    assert _token("alpha.localhost", TEST_PASSWORD).status_code == 429
    # region B lets its own account in, and counted nothing there
    ok = _token("beta-nord.localhost", TEST_PASSWORD)
    assert ok.status_code == 200, ok.json()
    from axes.models import AccessAttempt

    connection.set_tenant(region_b)
    assert AccessAttempt.objects.count() == 0
    connection.set_tenant(region_a)
    assert list(AccessAttempt.objects.values_list("username", flat=True).distinct()) == [f"alpha:{EMAIL}"]


def test_admin_login_is_locked_with_a_french_page(region_a):
    client = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="fr")
    for _ in range(5):
        client.post("/admin/login/", {"username": EMAIL, "password": "wrong"})
    response = client.post("/admin/login/", {"username": EMAIL, "password": TEST_PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Compte temporairement bloqué" in html
    assert "pendant 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_web_login_through_authenticate_is_covered(region_a):
    # a login page calls authenticate(request, email=..., password=...): the same counter applies
    connection.set_tenant(region_a)
    factory = RequestFactory(HTTP_HOST="alpha.localhost")
    for _ in range(5):
        request = factory.post("/connexion/", {"email": EMAIL, "password": "wrong"})
        assert authenticate(request, email=EMAIL, password="wrong") is None
    request = factory.post("/connexion/", {"email": EMAIL, "password": TEST_PASSWORD})
    assert authenticate(request, email=EMAIL, password=TEST_PASSWORD) is None
    assert request.axes_locked_out is True


def test_a_success_before_the_limit_resets_the_count(region_a):
    for _ in range(4):
        _token("alpha.localhost", "wrong")
    assert _token("alpha.localhost", TEST_PASSWORD).status_code == 200
    assert [_token("alpha.localhost", "wrong").status_code for _ in range(4)] == [400] * 4
