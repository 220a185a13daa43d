"""The Stripe stand-in down during onboarding: the region is provisioned anyway, its billing account
waits in setup_pending with full access, and a retry once Stripe is back creates exactly one customer."""

import pytest
from django.core.management import call_command
from django.db import connection

from billing.models import BillingAccount, BillingSetup
from billing.selectors import Access, billing_access
from billing.tasks import setup_complete
from onboarding.services import region_onboard
from tenants.models import Region
from tests.billing.fake_stripe import API_KEY

pytestmark = pytest.mark.django_db

# Nothing listens on the discard port: every Stripe call fails at once, as in an outage.
CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture
def stripe_down(settings, fake_stripe):
    settings.STRIPE_API_BASE = CLOSED_PORT
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    return fake_stripe


def _onboard_during_outage(slug: str) -> BillingAccount:
    connection.set_schema_to_public()
    onboarded = region_onboard(slug=slug, name=slug.title(), admin_email=f"direction@{slug}.test")
    return BillingAccount.objects.get(region=onboarded.region)


def test_onboarding_during_a_stripe_outage_provisions_the_region_with_billing_pending(stripe_down):
    account = _onboard_during_outage("nunavik-panne")

    assert Region.objects.filter(slug="nunavik-panne").exists()
    assert (account.setup, account.status, account.stripe_customer_id) == (
        BillingSetup.PENDING,
        "trialing",
        None,
    )
    # Pending is not a sanction: the region has full access meanwhile.
    assert billing_access(account=account).access == Access.FULL
    assert stripe_down.requests_to("POST", "/v1/customers") == []


def test_a_retry_once_stripe_is_back_creates_exactly_one_customer(stripe_down, settings, capsys):
    account = _onboard_during_outage("kativik-panne")
    call_command("billing_setup_retry")  # still down: stays pending
    account.refresh_from_db()
    assert account.setup == BillingSetup.PENDING
    assert "0 completed, 1 still pending" in capsys.readouterr().out

    settings.STRIPE_API_BASE = stripe_down.url  # the stand-in is up again
    call_command("billing_setup_retry")
    call_command("billing_setup_retry")
    assert setup_complete.apply(args=[account.pk]).get() == BillingSetup.COMPLETE

    account.refresh_from_db()
    assert account.setup == BillingSetup.COMPLETE
    customers = [
        c for c in stripe_down.state.customers.values() if c["metadata"]["region_slug"] == "kativik-panne"
    ]
    assert len(customers) == 1
    assert account.stripe_customer_id == customers[0]["id"]
    assert len(stripe_down.requests_to("POST", "/v1/customers")) == 1


def test_the_setup_task_retries_with_backoff_while_stripe_is_down(stripe_down):
    from celery.exceptions import Retry

    from billing.errors import BillingError

    account = _onboard_during_outage("eeyou-panne")
    assert BillingError in setup_complete.autoretry_for
    assert (setup_complete.retry_backoff, setup_complete.retry_backoff_max) == (60, 3600)
    with pytest.raises((Retry, BillingError)):
        setup_complete.apply(args=[account.pk], throw=True).get()
    account.refresh_from_db()
    assert account.setup == BillingSetup.PENDING


def test_onboarding_with_stripe_up_completes_the_setup_at_once(fake_stripe, settings):
    connection.set_schema_to_public()
    onboarded = region_onboard(slug="jamesie-ok", name="Jamésie", admin_email="direction@jamesie-ok.test")
    account = BillingAccount.objects.get(region=onboarded.region)
    assert account.setup == BillingSetup.COMPLETE
    assert account.stripe_customer_id in fake_stripe.state.customers


def test_the_platform_admin_action_finishes_a_pending_setup(stripe_down, settings, platform_client):
    from accounts.models import User

    account = _onboard_during_outage("wemindji-panne")
    admin = User.objects.create_superuser("root@ancrage.test", password="x-test-pass", role="platform_admin")
    platform_client.force_login(admin)
    changelist = "/admin/billing/billingaccount/"
    chosen = {"action": "setup_retry", "_selected_action": [account.pk]}

    platform_client.post(changelist, chosen)  # Stripe still down: said, and left pending
    account.refresh_from_db()
    assert account.setup == BillingSetup.PENDING

    settings.STRIPE_API_BASE = stripe_down.url
    response = platform_client.post(changelist, chosen)
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.setup == BillingSetup.COMPLETE
    assert len(stripe_down.requests_to("POST", "/v1/customers")) == 1


def test_without_a_secret_key_onboarding_never_calls_stripe_and_says_why(settings, fake_stripe, caplog):
    # given a machine with no STRIPE_SECRET_KEY (a laptop's `make demo`), Stripe reachable
    settings.STRIPE_SECRET_KEY = ""
    account = _onboard_during_outage("lanaudiere-sans-cle")
    # then nothing was sent: the account waits, with full access, for a key and a retry
    assert fake_stripe.state.requests == []
    assert (account.setup, account.status) == (BillingSetup.PENDING, "trialing")
    assert billing_access(account=account).access == Access.FULL
    assert "billing setup left pending" in caplog.text
    # and once the key is set, the retry completes it
    settings.STRIPE_SECRET_KEY = API_KEY
    call_command("billing_setup_retry")
    account.refresh_from_db()
    assert account.setup == BillingSetup.COMPLETE
    assert len(fake_stripe.requests_to("POST", "/v1/customers")) == 1
