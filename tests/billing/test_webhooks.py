"""POST /billing/stripe/webhook/: signatures, idempotency, ordering, unknown customers, failures."""

import json
import time

import pytest
from django.test import Client

from billing.models import BillingAccount, Invoice, StripeEvent
from tests.billing.conftest import WEBHOOK_URL, post_event, stripe_signature
from tests.billing.fake_stripe import event_payload, invoice_payload, subscription_payload
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_a(account_a):
    account_a.stripe_customer_id = "cus_alpha_test"
    account_a.save()
    return account_a.stripe_customer_id


def _subscription_event(customer, status="active", created=None, **kwargs):
    subscription = subscription_payload(
        customer=customer, price="price_test_regional", status=status, **kwargs
    )
    return event_payload("customer.subscription.updated", subscription, created=created)


def _snapshot(account):
    account.refresh_from_db()
    return (account.status, account.plan, account.stripe_subscription_id, account.past_due_since)


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("garbage", id="unparseable"),
        pytest.param("t=notanumber,v1=abc", id="bad-timestamp"),
        pytest.param(lambda body: stripe_signature(body, secret="whsec_someone_else"), id="wrong-secret"),
        pytest.param(lambda body: stripe_signature(body, timestamp=int(time.time()) - 600), id="stale"),
        pytest.param(lambda body: stripe_signature(body + b" "), id="other-body"),
        pytest.param(lambda body: stripe_signature(body).replace("v1=", "v0="), id="other-scheme"),
    ],
)
def test_webhook_bad_signature_is_400_and_changes_nothing(platform_client, customer_a, account_a, signature):
    # given a genuine-looking event that would make the region active
    before = _snapshot(account_a)
    body = json.dumps(_subscription_event(customer_a)).encode()
    headers = {}
    value = signature(body) if callable(signature) else signature
    if value is not None:
        headers["HTTP_STRIPE_SIGNATURE"] = value
    # when it arrives without a valid signature
    response = platform_client.post(WEBHOOK_URL, data=body, content_type="application/json", **headers)
    # then it is refused, nothing is stored and nothing changes
    assert response.status_code == 400
    assert response.json()["code"] == "signature_invalid"
    assert set(response.json()) == {"detail", "code"}
    assert not StripeEvent.objects.exists()
    assert _snapshot(account_a) == before


def test_webhook_signed_but_not_an_event_is_400(platform_client):
    body = b'{"hello": "world"}'
    response = platform_client.post(
        WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=stripe_signature(body)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "payload_invalid"
    assert not StripeEvent.objects.exists()


def test_webhook_answers_on_platform_host_only(client_a, customer_a):
    # a region's host has no webhook: the signed event gets a 404 there
    response = post_event(client_a, _subscription_event(customer_a))
    assert response.status_code == 404
    assert not StripeEvent.objects.exists()


def test_webhook_is_csrf_exempt_and_post_only(customer_a, account_a):
    from django.conf import settings

    strict = Client(HTTP_HOST=settings.BASE_DOMAIN, enforce_csrf_checks=True)
    assert post_event(strict, _subscription_event(customer_a)).status_code == 200
    assert strict.get(WEBHOOK_URL).status_code == 405


def test_webhook_replay_is_acknowledged_without_second_effect(platform_client, customer_a, account_a):
    # given an invoice.paid event already processed
    invoice = invoice_payload(customer=customer_a, subscription=None, paid=True)
    event = event_payload("invoice.paid", invoice)
    first = post_event(platform_client, event)
    assert first.status_code == 200
    assert first.json() == {"received": True, "status": "processed"}
    account_a.refresh_from_db()
    paid_at = account_a.last_payment_at
    # when Stripe delivers it again, even after the local copy changed
    Invoice.objects.filter(stripe_invoice_id=invoice["id"]).update(number="changed-locally")
    second = post_event(platform_client, event)
    # then it is acknowledged and not applied again
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    stored = StripeEvent.objects.get(stripe_event_id=event["id"])
    assert stored.attempts == 1
    assert Invoice.objects.get(stripe_invoice_id=invoice["id"]).number == "changed-locally"
    account_a.refresh_from_db()
    assert account_a.last_payment_at == paid_at


def test_webhook_older_event_arriving_late_does_not_win(platform_client, customer_a, account_a):
    now = int(time.time())
    subscription_id = "sub_order_test"
    newer = _subscription_event(customer_a, "active", created=now, subscription_id=subscription_id)
    older = _subscription_event(customer_a, "past_due", created=now - 30, subscription_id=subscription_id)
    # when the newer "active" arrives before the older "past_due"
    assert post_event(platform_client, newer).status_code == 200
    assert post_event(platform_client, older).status_code == 200
    # then the region stays active; the older event is kept, marked ignored, with the reason
    account_a.refresh_from_db()
    assert account_a.status == "active"
    assert account_a.past_due_since is None
    stored = StripeEvent.objects.get(stripe_event_id=older["id"])
    assert stored.status == "ignored"
    assert "older" in stored.outcome


def test_webhook_invoice_event_older_than_state_only_records_invoice(platform_client, customer_a, account_a):
    now = int(time.time())
    assert (
        post_event(platform_client, _subscription_event(customer_a, "active", created=now)).status_code == 200
    )
    failed = invoice_payload(customer=customer_a, subscription=None, paid=False, created=now - 100)
    post_event(platform_client, event_payload("invoice.payment_failed", failed, created=now - 100))
    account_a.refresh_from_db()
    assert account_a.status == "active"
    assert Invoice.objects.filter(stripe_invoice_id=failed["id"], status="open").exists()


def test_webhook_unknown_customer_is_logged_and_acknowledged(platform_client, account_a, caplog):
    event = _subscription_event("cus_nobody_knows")
    response = post_event(platform_client, event)
    assert response.status_code == 200
    assert response.json()["status"] == "ignored"
    assert "cus_nobody_knows" in caplog.text
    assert StripeEvent.objects.get(stripe_event_id=event["id"]).status == "ignored"
    account_a.refresh_from_db()
    assert account_a.status == "trialing"


def test_webhook_unhandled_type_is_stored_and_acknowledged(platform_client):
    event = event_payload("customer.created", {"id": "cus_x", "object": "customer"})
    response = post_event(platform_client, event)
    assert response.status_code == 200
    assert StripeEvent.objects.get(stripe_event_id=event["id"]).status == "ignored"


def test_webhook_handler_failure_is_kept_for_retry_and_nothing_half_applied(
    platform_client, customer_a, account_a, fake_stripe
):
    # given a completed checkout whose subscription Stripe cannot serve right now
    subscription = subscription_payload(customer=customer_a, price="price_test_regional", status="active")
    fake_stripe.put_subscription(subscription)
    session = {
        "id": "cs_test_failure",
        "object": "checkout.session",
        "mode": "subscription",
        "customer": customer_a,
        "client_reference_id": "alpha",
        "subscription": subscription["id"],
        "status": "complete",
        "payment_status": "paid",
    }
    event = event_payload("checkout.session.completed", session)
    fake_stripe.fail_next(f"/v1/subscriptions/{subscription['id']}")
    before = _snapshot(account_a)
    # when the event is delivered and its handler fails halfway (after recording the subscription id)
    response = post_event(platform_client, event)
    # then Stripe is told to retry, the event is marked failed, and nothing of it was applied
    assert response.status_code == 500
    assert response.json()["code"] == "event_failed"
    stored = StripeEvent.objects.get(stripe_event_id=event["id"])
    assert (stored.status, stored.attempts) == ("failed", 1)
    assert "APIError" in stored.handler_error
    assert _snapshot(account_a) == before
    # when Stripe retries the same event and the API answers again
    retry = post_event(platform_client, event)
    # then it is processed once and for all
    assert retry.status_code == 200
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.handler_error) == ("processed", 2, "")
    account_a.refresh_from_db()
    assert account_a.status == "active"
    assert account_a.plan == "regional"
    assert account_a.stripe_subscription_id == subscription["id"]


def test_webhook_for_one_region_never_changes_another(platform_client, customer_a, account_a, account_b):
    account_b.stripe_customer_id = "cus_beta_test"
    account_b.save()
    before_b = _snapshot(account_b)
    post_event(platform_client, _subscription_event(customer_a, "canceled"))
    post_event(
        platform_client,
        event_payload("invoice.paid", invoice_payload(customer=customer_a, subscription=None, paid=True)),
    )
    account_a.refresh_from_db()
    assert account_a.status == "canceled"
    assert _snapshot(account_b) == before_b
    assert not Invoice.objects.filter(account=account_b).exists()
    assert BillingAccount.objects.get(pk=account_b.pk).last_payment_at is None


def test_webhook_deleted_old_subscription_does_not_cancel_the_new_one(platform_client, customer_a, account_a):
    now = int(time.time())
    post_event(
        platform_client,
        _subscription_event(customer_a, "active", created=now - 10, subscription_id="sub_new"),
    )
    old = subscription_payload(
        customer=customer_a, price="price_test_essentiel", status="canceled", subscription_id="sub_old"
    )
    post_event(platform_client, event_payload("customer.subscription.deleted", old, created=now))
    account_a.refresh_from_db()
    assert (account_a.status, account_a.stripe_subscription_id) == ("active", "sub_new")


def test_webhook_region_host_of_the_event_is_irrelevant(region_a, customer_a, account_a):
    # the region's own host never accepts Stripe's calls, even with the customer of that region
    response = post_event(Client(HTTP_HOST=host_of(region_a)), _subscription_event(customer_a, "canceled"))
    assert response.status_code == 404
    account_a.refresh_from_db()
    assert account_a.status == "trialing"


@pytest.mark.parametrize(("status", "restored"), [("unpaid", True), ("past_due", True), ("canceled", False)])
def test_webhook_paid_invoice_restores_unless_canceled(
    platform_client, customer_a, account_a, status, restored
):
    now = int(time.time())
    post_event(
        platform_client, _subscription_event(customer_a, status, created=now - 10, subscription_id="sub_cur")
    )
    paid = invoice_payload(customer=customer_a, subscription="sub_cur", paid=True)
    post_event(platform_client, event_payload("invoice.paid", paid, created=now))
    account_a.refresh_from_db()
    assert account_a.status == ("active" if restored else status)
    assert (account_a.past_due_since is None) is restored
