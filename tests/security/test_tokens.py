"""API tokens: hashed at rest, expiring, revocable, valid only on the host that issued them."""

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.conftest import REGION_A, TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(host="alpha.localhost"):
    return APIClient(HTTP_HOST=host).post(
        "/api/v1/auth/token/", {"email": REGION_A["admin_email"], "password": TEST_PASSWORD}, format="json"
    )


def _get(key: str, host="alpha.localhost"):
    return APIClient(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/partners/")


def test_token_is_stored_as_its_hash_only(region_a):
    response = _login()
    assert response.status_code == 200
    key = response.json()["token"]
    assert set(response.json()) == {"token", "expires_at"}
    connection.set_tenant(region_a)
    (token,) = ApiToken.objects.all()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    # the key itself is nowhere in the table
    with connection.cursor() as cursor:
        cursor.execute("SELECT t::text FROM accounts_apitoken t")
        assert all(key not in row[0] for row in cursor.fetchall())
    connection.set_schema_to_public()
    assert _get(key).status_code == 200


def test_token_expires(region_a, settings):
    key = _login().json()["token"]
    connection.set_tenant(region_a)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    connection.set_schema_to_public()
    response = _get(key)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_token_lifetime_follows_the_setting(region_a, settings):
    settings.API_TOKEN_TTL_HOURS = 2
    before = timezone.now()
    expires_at = dt.datetime.fromisoformat(_login().json()["expires_at"])
    assert before + dt.timedelta(hours=2) <= expires_at <= timezone.now() + dt.timedelta(hours=2)


def test_revoked_token_is_refused_at_once(region_a):
    key = _login().json()["token"]
    client = APIClient(HTTP_HOST="alpha.localhost", HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert _get(key).status_code == 401
    # revoking needs a valid token
    assert APIClient(HTTP_HOST="alpha.localhost").delete("/api/v1/auth/token/").status_code == 401


def test_deactivated_account_token_is_refused(region_a):
    key = _login().json()["token"]
    connection.set_tenant(region_a)
    ApiToken.objects.get().user.__class__.objects.filter(email=REGION_A["admin_email"]).update(
        is_active=False
    )
    connection.set_schema_to_public()
    assert _get(key).status_code == 401


def test_token_is_valid_only_on_the_issuing_host(region_a, region_b):
    key = _login().json()["token"]
    assert _get(key, "beta-nord.localhost").status_code == 401
    assert _get(key).status_code == 200
