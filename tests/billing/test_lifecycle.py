"""The whole billing lifecycle through HTTP: trial → checkout → active → payment failed → past_due
(warning) → grace over → read-only → paid → active, with a replayed and an out-of-order event."""

import time

import pytest

from billing.models import BillingAccount, Invoice, StripeEvent
from tests.billing.conftest import let_days_pass, post_event
from tests.billing.fake_stripe import (
    checkout_completed_payload,
    event_payload,
    invoice_payload,
    subscription_payload,
)

pytestmark = pytest.mark.django_db

WRITE = "/api/v1/partners/"


def _reaches_the_view(response) -> bool:
    """The write got past billing to the view, which refused the empty form by naming its fields."""
    return response.status_code == 400 and set(response.json()["fields"]) == {"name", "kind"}


WARNING = "X-Ancrage-Billing-Warning"


def test_billing_lifecycle_end_to_end(account_a, account_b, admin_a, client_a, platform_client, fake_stripe):
    # given a region on its free trial
    status = admin_a.get("/api/v1/billing/status/")
    assert status.status_code == 200
    assert status.json()["status"] == "trialing"
    assert status.json()["access"] == "full"
    assert _reaches_the_view(admin_a.post(WRITE, {}))
    assert WARNING not in status.headers

    # when the trial is nearly over and the admin checks out the "regional" plan
    let_days_pass(account_a, 29)
    checkout = admin_a.post(
        "/api/v1/billing/checkout/", {"plan": "regional"}, content_type="application/json"
    )
    assert checkout.status_code == 201
    assert checkout.json()["url"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
    [customer_call] = fake_stripe.requests_to("POST", "/v1/customers")
    [checkout_call] = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert checkout_call.params["line_items[0][price]"] == "price_test_regional"
    # a day of trial left is under Checkout's 48-hour minimum: the subscription starts at once
    assert "subscription_data[trial_end]" not in checkout_call.params
    account_a.refresh_from_db()
    customer = account_a.stripe_customer_id
    assert customer.startswith("cus_")

    # and Stripe completes the checkout: subscription active, first invoice paid
    subscription = subscription_payload(customer=customer, price="price_test_regional", status="active")
    fake_stripe.put_subscription(subscription)
    session = fake_stripe.state.checkout_sessions[checkout_call_id(fake_stripe)]
    completed = event_payload(
        "checkout.session.completed",
        checkout_completed_payload(session=session, subscription=subscription["id"]),
    )
    assert post_event(platform_client, completed).status_code == 200
    first_invoice = invoice_payload(customer=customer, subscription=subscription["id"], paid=True)
    assert post_event(platform_client, event_payload("invoice.paid", first_invoice)).status_code == 200

    # then the region is active on the regional plan, with its invoice and next invoice date
    body = admin_a.get("/api/v1/billing/status/").json()
    assert body["status"] == "active"
    assert body["plan"]["code"] == "regional"
    assert body["next_invoice_at"] is not None
    assert [invoice["id"] for invoice in body["invoices"]] == [first_invoice["id"]]

    # when the next payment fails (Stripe sends the invoice failure and the subscription update)
    failed_at = int(time.time())
    failed_invoice = invoice_payload(customer=customer, subscription=subscription["id"], paid=False)
    past_due = event_payload(
        "customer.subscription.updated", {**subscription, "status": "past_due"}, created=failed_at
    )
    assert (
        post_event(platform_client, event_payload("invoice.payment_failed", failed_invoice)).status_code
        == 200
    )
    assert post_event(platform_client, past_due).status_code == 200

    # then the region keeps full access, with a warning on every response
    status = admin_a.get("/api/v1/billing/status/")
    assert status.json()["status"] == "past_due"
    assert status.json()["access"] == "grace"
    assert status.headers[WARNING].startswith("grace; status=past_due; grace_until=")
    write = admin_a.post(WRITE, {})
    assert _reaches_the_view(write)
    assert write.headers[WARNING].startswith("grace")

    # when the grace period runs out
    let_days_pass(account_a, 15)

    # then writes get 402 in the request's language, while reads keep working
    refused = admin_a.post(WRITE, {"name": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 402
    assert refused.json()["code"] == "billing_read_only"
    assert "read-only" in refused.json()["detail"]
    assert admin_a.get("/api/v1/billing/status/").status_code == 200
    assert admin_a.get("/api/v1/billing/status/").headers[WARNING].startswith("read_only")
    assert client_a.get("/").status_code == 200
    # and the admin can still reach the payment pages
    assert admin_a.post("/api/v1/billing/portal/").status_code == 201

    # when the overdue invoice is finally paid
    paid = event_payload(
        "invoice.paid", {**failed_invoice, "status": "paid", "amount_paid": failed_invoice["amount_due"]}
    )
    assert post_event(platform_client, paid).status_code == 200

    # then the region is active again at once
    status = admin_a.get("/api/v1/billing/status/")
    assert status.json()["status"] == "active"
    assert WARNING not in status.headers
    assert _reaches_the_view(admin_a.post(WRITE, {}))

    # and a replay of that payment changes nothing
    replay = post_event(platform_client, paid)
    assert replay.status_code == 200
    assert replay.json()["duplicate"] is True
    assert StripeEvent.objects.filter(stripe_event_id=paid["id"]).get().attempts == 1
    assert Invoice.objects.filter(account=account_a).count() == 2

    # and the old past_due update, delivered late, does not undo the payment
    late = event_payload(
        "customer.subscription.updated", {**subscription, "status": "past_due"}, created=failed_at - 60
    )
    assert post_event(platform_client, late).status_code == 200
    assert StripeEvent.objects.get(stripe_event_id=late["id"]).status == "ignored"
    assert admin_a.get("/api/v1/billing/status/").json()["status"] == "active"

    # and the other region never moved
    account_b_now = BillingAccount.objects.get(pk=account_b.pk)
    assert (account_b_now.status, account_b_now.stripe_customer_id) == ("trialing", None)
    assert not Invoice.objects.filter(account=account_b).exists()


def checkout_call_id(fake_stripe) -> str:
    [session_id] = fake_stripe.state.checkout_sessions
    return session_id
