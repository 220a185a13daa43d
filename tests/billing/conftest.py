"""Billing fixtures: the fake Stripe server, billing accounts, role users and signed webhooks."""

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client

from tests.billing.fake_stripe import API_KEY, FakeStripe
from tests.conftest import host_of

WEBHOOK_SECRET = "whsec_test_ancrage_fixture"
WEBHOOK_URL = "/billing/stripe/webhook/"


@pytest.fixture(scope="session")
def fake_stripe_server():
    server = FakeStripe().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def fake_stripe(fake_stripe_server, settings):
    """Every billing test talks to the local fake, starting from an empty Stripe account."""
    fake_stripe_server.reset()
    settings.STRIPE_API_BASE = fake_stripe_server.url
    settings.STRIPE_SECRET_KEY = API_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.BILLING_PLANS = {
        "essentiel": {"name": "Essentiel", "price": "price_test_essentiel", "staff_limit": 3},
        "regional": {"name": "Régional", "price": "price_test_regional", "staff_limit": 50},
    }
    settings.BILLING_DEFAULT_PLAN = "essentiel"
    settings.BILLING_TRIAL_DAYS = 30
    settings.BILLING_GRACE_DAYS = 14
    return fake_stripe_server


def _fresh_account(region, plan="essentiel"):
    from billing.models import BillingAccount
    from billing.services import billing_account_open

    # Regions of the session fixture may or may not have one (provisioned with or without a plan).
    BillingAccount.objects.filter(region=region).delete()
    return billing_account_open(region=region, plan=plan)


@pytest.fixture
def account_a(region_a):
    return _fresh_account(region_a)


@pytest.fixture
def account_b(region_b):
    return _fresh_account(region_b)


def let_days_pass(account, days: float) -> None:
    """Time we control: everything the account recorded happened `days` earlier."""
    from billing.models import BillingAccount
    from tenants.routing import routing_invalidate

    shift = timedelta(days=days)
    BillingAccount.objects.filter(pk=account.pk).update(
        trial_end=F("trial_end") - shift,
        past_due_since=F("past_due_since") - shift,
        current_period_end=F("current_period_end") - shift,
        updated_from_event_created=F("updated_from_event_created") - shift,
    )
    account.refresh_from_db()
    # A rewrite no signal sees: the routing memo of the account must forget it like after a save.
    routing_invalidate()


def make_user(region, role, email=None):
    from accounts.models import User

    connection.set_tenant(region)
    try:
        return User.objects.create_user(
            email or f"{role}@{region.slug}.test", password="x-test-pass", role=role
        )
    finally:
        connection.set_schema_to_public()


def token_client(region, role, email=None) -> Client:
    """A client on the region's host authenticated with a DRF token of a new `role` user."""
    from accounts.tokens import token_issue

    user = make_user(region, role, email)
    connection.set_tenant(region)
    try:
        key = token_issue(user=user)[1]
    finally:
        connection.set_schema_to_public()
    return Client(HTTP_HOST=host_of(region), HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def admin_a(region_a) -> Client:
    return token_client(region_a, "region_admin", "direction@alpha.test")


@pytest.fixture
def admin_b(region_b) -> Client:
    return token_client(region_b, "region_admin", "direction@beta-nord.test")


def stripe_signature(body: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Stripe's scheme: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client: Client, event: dict, **signature_kwargs):
    body = json.dumps(event).encode()
    return client.post(
        WEBHOOK_URL,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(body, **signature_kwargs),
    )
