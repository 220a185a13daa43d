"""The region admin's billing page: plan, trial end, invoices, the Stripe buttons, the grace
banner; refused (403) to every other role and to other regions' sessions."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from billing.models import BillingAccount, Invoice, SubscriptionStatus
from tests.billing.conftest import _fresh_account, let_days_pass
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

PAGE = "/facturation/"


@pytest.fixture
def account(region_a, fake_stripe):
    return _fresh_account(region_a, plan="essentiel")


@pytest.fixture
def admin(region_user):
    return region_user(Role.REGION_ADMIN)


def test_region_admin_sees_plan_trial_and_invoices(admin, account):
    Invoice.objects.create(
        account=account,
        stripe_invoice_id="in_test_1",
        number="ANC-0001",
        status="paid",
        currency="cad",
        amount_due=14900,
        amount_paid=14900,
        created=timezone.now() - timedelta(days=3),
        hosted_invoice_url="https://invoice.stripe.test/in_test_1",
    )
    response = admin.get(PAGE)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["plan"].code == "essentiel"
    assert summary["status"] == SubscriptionStatus.TRIALING
    html = response.content.decode()
    assert '<dd id="billing-plan">Essentiel</dd>' in html
    assert "Essai gratuit" in html
    assert "ANC-0001" in html
    assert "149,00 $" in html
    assert "Payer le forfait Régional" in html
    assert "Ouvrir le portail de facturation" in html


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AGENT, Role.FUNDER])
def test_other_roles_are_refused(region_user, account, role):
    client = region_user(role)
    response = client.get(PAGE)
    assert response.status_code == 403
    assert "Seule la direction de la région gère la facturation." in response.content.decode()
    assert client.post("/facturation/abonnement/", {"plan": "regional"}).status_code == 403
    assert client.post("/facturation/portail/").status_code == 403


def test_anonymous_people_are_sent_to_the_login(client_a, account):
    response = client_a.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/facturation/"


def test_another_regions_admin_session_means_nothing_here(region_user, region_b, client_a, account):
    admin_b = region_user(Role.REGION_ADMIN, region=region_b)
    client_a.cookies[settings.SESSION_COOKIE_NAME] = admin_b.cookies[settings.SESSION_COOKIE_NAME].value
    assert client_a.get(PAGE).status_code == 302
    # and on its own host it shows its own region's account, not Alpha's
    response = admin_b.get(PAGE)
    assert response.status_code == 200
    assert response.context["summary"]["plan"] is None or response.context["request"].tenant == region_b


def test_checkout_button_sends_the_admin_to_stripe(admin, account, fake_stripe):
    response = admin.post("/facturation/abonnement/", {"plan": "regional"})
    assert response.status_code == 302
    assert response["Location"].startswith(fake_stripe.url) or response["Location"].startswith("https://")
    [call] = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert call.params["line_items[0][price]"] == "price_test_regional"
    assert call.params["success_url"] == "http://alpha.localhost/facturation/?billing=success"


def test_portal_button_sends_the_admin_to_stripe(admin, account, fake_stripe):
    response = admin.post("/facturation/portail/")
    assert response.status_code == 302
    [call] = fake_stripe.requests_to("POST", "/v1/billing_portal/sessions")
    assert call.params["return_url"] == "http://alpha.localhost/facturation/"


def test_an_unknown_plan_comes_back_as_a_message(admin, account, fake_stripe):
    response = admin.post("/facturation/abonnement/", {"plan": "platine"}, follow=True)
    assert response.status_code == 200
    assert "Forfait inconnu : « platine »." in response.content.decode()
    assert fake_stripe.requests_to("POST", "/v1/checkout/sessions") == []


def test_grace_banner_then_read_only_still_lets_the_admin_pay(admin, account, fake_stripe):
    let_days_pass(account, 31)  # the trial ended a day ago: grace period
    html = admin.get(PAGE).content.decode()
    assert "Paiement en retard : réglez-le avant le" in html
    assert "Complet, en période de grâce" in html
    let_days_pass(account, 30)  # grace over: read-only
    html = admin.get(PAGE).content.decode()
    assert "Espace en lecture seule" in html
    assert "Lecture seule" in html
    # paying is still possible from the page
    assert admin.post("/facturation/abonnement/", {"plan": "essentiel"}).status_code == 302


def test_region_without_billing_account(admin, region_a, fake_stripe):
    BillingAccount.objects.filter(region=region_a).delete()
    response = admin.get(PAGE)
    assert response.status_code == 200
    assert "pas encore facturé" in response.content.decode()


def test_the_billing_page_is_not_on_the_platform_host(platform, account):
    assert platform.get(PAGE).status_code == 404
    assert Client(HTTP_HOST=host_of(account.region)).get(PAGE).status_code == 302
