"""The hardening that production settings add, read from a process started with them, and what
every environment shares: argon2, host-only cookies, uploads kept per region."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client, override_settings

from tests.conftest import REGION_A, TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
READ = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_NAME", "CSRF_COOKIE_DOMAIN",
    "SECURE_REFERRER_POLICY", "X_FRAME_OPTIONS", "PASSWORD_HASHERS", "CSRF_TRUSTED_ORIGINS",
]}, default=list))
"""


def _production(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_harden_cookies_transport_and_hashing():
    result = _production(DJANGO_SECRET_KEY="x" * 60, BASE_DOMAIN="ancrage.example")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "SESSION_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "CSRF_COOKIE_DOMAIN": None,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "PASSWORD_HASHERS": [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        ],
        "CSRF_TRUSTED_ORIGINS": ["https://ancrage.example", "https://*.ancrage.example"],
    }


def test_production_refuses_to_start_without_its_own_secret():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_passwords_are_hashed_with_argon2id():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        hashed = make_password("un mot de passe")
        assert hashed.startswith("argon2$argon2id$")
        assert check_password("un mot de passe", hashed)


@pytest.mark.django_db
def test_session_cookie_is_host_only(region_a):
    response = Client(HTTP_HOST="alpha.localhost").post(
        "/admin/login/", {"username": REGION_A["admin_email"], "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    # no Domain attribute: the browser sends it back to alpha.localhost only, never to a sibling
    assert cookie["domain"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_uploads_are_stored_under_the_regions_own_folder(region_a, region_b, settings, tmp_path):
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path
    # The configured default backend, built now: an instance made earlier keeps its old MEDIA_ROOT.
    default_storage = storages.create_storage(settings.STORAGES["default"])
    connection.set_tenant(region_a)
    name = default_storage.save("imports/liste.csv", ContentFile(b"P-1;Alma\n"))
    assert (tmp_path / "alpha" / name).read_bytes() == b"P-1;Alma\n"
    assert default_storage.exists(name)
    # region B's storage does not see region A's file under the same name
    connection.set_tenant(region_b)
    assert not default_storage.exists(name)
    assert default_storage.path(name) == str(tmp_path / "beta_nord" / name)


@pytest.mark.django_db
def test_request_bodies_are_capped(region_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"email": "a@example.test", "password": "' + "x" * 2000 + '"}'
    response = Client(HTTP_HOST="alpha.localhost").post(
        "/api/v1/auth/token/", data=body, content_type="application/json"
    )
    # refused before the body is read (413, the API's JSON contract): no field was validated
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert "fields" not in response.json()
