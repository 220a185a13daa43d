"""Signing in on a region's host: French first, sessions that mean nothing on another host,
password reset through the one-time link, and the language switcher."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from tests.conftest import REGION_A, TEST_PASSWORD, host_of
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def test_home_is_the_region_login_page_in_french(client_a):
    page = client_a.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Région Alpha</h1>" in html
    assert "Connexion" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<html lang="fr-ca">' in html


def test_login_leads_to_the_dashboard(region_a):
    client = Client(HTTP_HOST=host_of(region_a), enforce_csrf_checks=True)
    page = client.get("/connexion/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        "/connexion/",
        {"username": REGION_A["admin_email"], "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == "/tableau-de-bord/"
    assert client.get("/tableau-de-bord/").status_code == 200


def test_login_without_csrf_token_is_refused(region_a):
    client = Client(HTTP_HOST=host_of(region_a), enforce_csrf_checks=True)
    response = client.post("/connexion/", {"username": REGION_A["admin_email"], "password": TEST_PASSWORD})
    assert response.status_code == 403


def test_account_of_another_region_cannot_log_in(client_b):
    response = client_b.post("/connexion/", {"username": REGION_A["admin_email"], "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "Courriel ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client_b.session


def test_session_of_one_region_means_nothing_on_another(region_a, region_b, users):
    client = login(region_a, users["region_admin"])
    assert client.get("/tableau-de-bord/").status_code == 200
    cookie = client.cookies["sessionid"].value
    other = Client(HTTP_HOST=host_of(region_b))
    other.cookies["sessionid"] = cookie
    response = other.get("/tableau-de-bord/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_logout_is_a_post_and_ends_the_session(web):
    client = web("agent")
    assert client.get("/deconnexion/").status_code == 405
    assert client.post("/deconnexion/").status_code == 302
    assert client.get("/tableau-de-bord/").status_code == 302


def test_password_reset_mails_a_one_time_link_to_this_host(client_a):
    response = client_a.post("/mot-de-passe/oublie/", {"email": REGION_A["admin_email"]})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Région Alpha" in mail.outbox[0].subject
    path = re.search(r"http://alpha\.localhost(/compte/mot-de-passe/\S+/)", body).group(1)
    page = client_a.get(path, follow=True)
    assert page.status_code == 200
    assert "Choisir un mot de passe" in page.content.decode()


def test_password_reset_of_an_address_unknown_here_sends_nothing(client_b):
    client_b.post("/mot-de-passe/oublie/", {"email": REGION_A["admin_email"]})
    assert mail.outbox == []


def test_pages_follow_the_region_default_language_then_the_switcher(region_a, client_a):
    region_a.default_language = "en"
    region_a.save(update_fields=["default_language"])
    page = client_a.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Log in" in page.content.decode()
    client_a.post("/langue/", {"language": "fr-ca", "next": "/"})
    page = client_a.get("/")
    assert "Se connecter" in page.content.decode()
    connection.set_schema_to_public()


def test_the_api_keeps_accept_language(region_a, client_a):
    region_a.default_language = "en"
    region_a.save(update_fields=["default_language"])
    response = client_a.get("/api/v1/partners/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert response["Content-Language"] == "fr-ca"
