"""The platform host's pages: login, regions with status and billing, suspend/reactivate, isolation."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import Role
from billing.models import BillingAccount, BillingSetup
from billing.services import billing_account_open
from tenants.models import Region
from tests.conftest import TEST_PASSWORD, host_of
from tests.web_platform.conftest import signed_in, user_in

pytestmark = pytest.mark.django_db


def test_regions_page_asks_anonymous_people_to_sign_in(platform_client):
    response = platform_client.get("/regions/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/regions/"


def test_platform_admin_signs_in_and_lands_on_the_regions(platform_admin):
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    page = client.get("/connexion/")
    assert page.status_code == 200
    assert "Connexion à la plateforme" in page.content.decode()
    response = client.post("/connexion/", {"username": "platform@web.test", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/regions/"
    assert client.get("/regions/").status_code == 200


def test_wrong_password_and_other_roles_are_refused_in_french(db):
    user_in(None, Role.REGION_ADMIN, "direction@public.web.test")
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    wrong = client.post("/connexion/", {"username": "direction@public.web.test", "password": "nope"})
    assert wrong.status_code == 200
    assert "Courriel ou mot de passe incorrect." in wrong.content.decode()
    other_role = client.post(
        "/connexion/", {"username": "direction@public.web.test", "password": TEST_PASSWORD}
    )
    assert other_role.status_code == 200
    assert "Ce compte n&#x27;administre pas la plateforme." in other_role.content.decode()
    assert client.get("/regions/").status_code == 302


def test_a_signed_in_user_of_another_role_gets_403(db):
    user = user_in(None, Role.COORDINATOR, "coord@public.web.test")
    client = signed_in(settings.BASE_DOMAIN, None, user)
    assert client.get("/regions/").status_code == 403
    assert client.get("/regions/nouvelle/").status_code == 403


def test_regions_list_shows_status_and_billing_state(platform, region_a, region_b, django_assert_num_queries):
    BillingAccount.objects.filter(region__in=[region_a, region_b]).delete()
    billing_account_open(region=region_a, plan="essentiel")
    # host lookup (with its two search_path settings), session, user, then every region with its
    # billing account in one query, whatever the number of regions
    with django_assert_num_queries(6):
        response = platform.get("/regions/")
    assert response.status_code == 200
    rows = {row["region"].slug: row for row in response.context["rows"]}
    assert set(rows) == {"alpha", "beta-nord"}
    assert (rows["alpha"]["account"].plan, rows["alpha"]["plan_name"]) == ("essentiel", "Essentiel")
    assert rows["alpha"]["account"].status == "trialing"
    assert rows["alpha"]["access"].access == "full"
    assert rows["beta-nord"]["account"] is None
    html = response.content.decode()
    assert "Région Alpha" in html
    assert "Région Bêta-Nord" in html
    assert "non facturée" in html
    assert f'href="http://alpha.{settings.BASE_DOMAIN}/"' in html


def test_regions_list_search_and_status_filter(platform, region_a, region_b):
    found = platform.get("/regions/", {"q": "bêta"})
    assert [row["region"].slug for row in found.context["rows"]] == ["beta-nord"]
    Region.objects.filter(pk=region_b.pk).update(status=Region.Status.SUSPENDED)
    suspended = platform.get("/regions/", {"status": "suspended"})
    assert [row["region"].slug for row in suspended.context["rows"]] == ["beta-nord"]
    bad = platform.get("/regions/", {"status": "perdue"})
    assert bad.status_code == 400
    assert "Statut inconnu : « perdue »." in bad.content.decode()


def test_suspend_and_reactivate_a_region(platform, region_a):
    detail = platform.get("/regions/alpha/")
    assert detail.status_code == 200
    assert "Suspendre la région" in detail.content.decode()
    assert platform.get("/regions/alpha/suspendre/").status_code == 405
    response = platform.post("/regions/alpha/suspendre/")
    assert response.status_code == 302
    region_a.refresh_from_db()
    assert region_a.status == Region.Status.SUSPENDED
    # its host now answers 403, its data kept
    assert Client(HTTP_HOST=host_of(region_a)).get("/").status_code == 403
    assert "Réactiver la région" in platform.get("/regions/alpha/").content.decode()
    platform.post("/regions/alpha/reactiver/")
    region_a.refresh_from_db()
    assert region_a.status == Region.Status.ACTIVE


def test_the_platform_itself_is_not_a_region_here(platform):
    assert platform.get("/regions/public/").status_code == 404
    assert platform.post("/regions/public/suspendre/").status_code == 404
    assert platform.get("/regions/nulle-part/").status_code == 404


def test_a_platform_session_means_nothing_on_a_region_host(platform, region_a):
    # the platform admin's session cookie, sent to a region's host
    cookie = platform.cookies[settings.SESSION_COOKIE_NAME].value
    client = Client(HTTP_HOST=host_of(region_a))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get("/api/v1/billing/status/")
    assert response.status_code == 401
    # and the platform's pages are not there at all
    assert client.get("/regions/").status_code == 404


def _on_the_platform(region_client: Client) -> Client:
    """A client on the platform host carrying a region's session cookie."""
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    client.cookies[settings.SESSION_COOKIE_NAME] = region_client.cookies[settings.SESSION_COOKIE_NAME].value
    return client


def test_a_region_session_means_nothing_on_the_platform(region_user):
    client = _on_the_platform(region_user(Role.REGION_ADMIN))
    response = client.get("/regions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    connection.set_schema_to_public()


SETUP_URL = "/regions/alpha/facturation/configurer/"


def test_a_pending_stripe_setup_is_shown_and_finished_from_the_region_page(
    platform, region_a, settings, fake_stripe
):
    # given a region whose onboarding found Stripe down: its billing waits, with full access
    BillingAccount.objects.filter(region=region_a).delete()
    account = billing_account_open(region=region_a, plan="essentiel")
    assert account.setup == BillingSetup.PENDING
    assert "Stripe : configuration en attente" in platform.get("/regions/").content.decode()
    assert "Terminer la configuration chez Stripe" in platform.get("/regions/alpha/").content.decode()
    assert platform.get(SETUP_URL).status_code == 405
    # when the platform admin finishes it while Stripe is still down, then it says so and waits
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    down = platform.post(SETUP_URL, follow=True)
    assert "Le service de paiement ne répond pas pour le moment." in down.content.decode()
    account.refresh_from_db()
    assert account.setup == BillingSetup.PENDING
    # when Stripe is back, then one click creates the region's one customer
    settings.STRIPE_API_BASE = fake_stripe.url
    done = platform.post(SETUP_URL, follow=True)
    html = done.content.decode()
    assert "La facturation de Région Alpha est configurée chez Stripe." in html
    account.refresh_from_db()
    assert account.setup == BillingSetup.COMPLETE
    assert account.stripe_customer_id in html
    assert "Terminer la configuration chez Stripe" not in html
    assert len(fake_stripe.requests_to("POST", "/v1/customers")) == 1
    # and a second click changes nothing
    platform.post(SETUP_URL)
    assert len(fake_stripe.requests_to("POST", "/v1/customers")) == 1


def test_finishing_the_stripe_setup_needs_a_billed_region_and_a_platform_admin(platform, region_a):
    BillingAccount.objects.filter(region=region_a).delete()
    assert platform.post(SETUP_URL).status_code == 404
    assert platform.post("/regions/inconnue/facturation/configurer/").status_code == 404
    billing_account_open(region=region_a, plan="essentiel")
    coordinator = signed_in(
        settings.BASE_DOMAIN, None, user_in(None, Role.COORDINATOR, "coord@setup.web.test")
    )
    assert coordinator.post(SETUP_URL).status_code == 403
    assert BillingAccount.objects.get(region=region_a).setup == BillingSetup.PENDING


def test_a_region_cannot_finish_its_own_or_anothers_stripe_setup(region_user, region_a, region_b):
    BillingAccount.objects.filter(region__in=[region_a, region_b]).delete()
    billing_account_open(region=region_a, plan="essentiel")
    billing_account_open(region=region_b, plan="essentiel")
    # a region admin on its own host: the platform's page does not exist there
    region_admin = region_user(Role.REGION_ADMIN)
    assert region_admin.post(SETUP_URL).status_code == 404
    assert region_admin.post("/regions/beta-nord/facturation/configurer/").status_code == 404
    # and the same session carried to the platform host is nobody there
    response = _on_the_platform(region_admin).post("/regions/beta-nord/facturation/configurer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    connection.set_schema_to_public()
    assert set(BillingAccount.objects.values_list("setup", flat=True)) == {BillingSetup.PENDING}
