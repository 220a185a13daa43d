"""Stripe's delivery faults: the same event delivered 100 times, a subscription's events in any order."""

import itertools
import random
import time

import pytest

from billing.models import BillingAccount, Invoice, StripeEvent
from tests.billing.conftest import _fresh_account, post_event
from tests.billing.fake_stripe import event_payload, invoice_payload, subscription_payload

pytestmark = pytest.mark.django_db


def _with_customer(account, customer="cus_faults_alpha"):
    account.stripe_customer_id = customer
    account.save()
    return customer


def test_a_webhook_replayed_100_times_has_exactly_one_effect(platform_client, account_a):
    customer = _with_customer(account_a)
    invoice = invoice_payload(customer=customer, subscription=None, paid=True)
    event = event_payload("invoice.paid", invoice)
    assert post_event(platform_client, event).json() == {"received": True, "status": "processed"}
    account_a.refresh_from_db()
    first = (account_a.last_payment_at, account_a.status)
    for _ in range(99):
        response = post_event(platform_client, event)
        assert response.status_code == 200
        assert response.json()["duplicate"] is True
    assert StripeEvent.objects.filter(stripe_event_id=event["id"]).count() == 1
    assert StripeEvent.objects.get(stripe_event_id=event["id"]).attempts == 1
    assert Invoice.objects.filter(stripe_invoice_id=invoice["id"]).count() == 1
    account_a.refresh_from_db()
    assert (account_a.last_payment_at, account_a.status) == first


def _lifecycle(customer: str, statuses: list[str]) -> list[dict]:
    """One subscription's events, one second apart, in the order Stripe created them."""
    now = int(time.time()) - 100
    subscription_id = f"sub_shuffle_{customer}"
    events = []
    for n, status in enumerate(statuses):
        subscription = subscription_payload(
            customer=customer, price="price_test_regional", status=status, subscription_id=subscription_id
        )
        kind = "customer.subscription.deleted" if status == "canceled" else "customer.subscription.updated"
        events.append(event_payload(kind, subscription, created=now + n))
    return events


@pytest.mark.parametrize(
    "statuses",
    [
        ["trialing", "active", "past_due", "active"],
        ["active", "past_due", "unpaid"],
        ["trialing", "active", "past_due", "canceled"],
    ],
)
def test_a_subscriptions_events_in_any_order_end_in_the_newest_state(platform_client, region_a, statuses):
    in_order = tuple(range(len(statuses)))
    orders = [order for order in itertools.permutations(in_order) if order != in_order]
    random.Random(12).shuffle(orders)  # noqa: S311 - a reproducible sample of delivery orders
    outcomes = {}
    for order in [in_order, tuple(reversed(in_order)), *orders[:4]]:
        account = _fresh_account(region_a)
        customer = _with_customer(account, f"cus_shuffle_{''.join(map(str, order))}")
        events = _lifecycle(customer, statuses)
        for index in order:
            assert post_event(platform_client, events[index]).status_code == 200
        account = BillingAccount.objects.get(pk=account.pk)
        assert account.status == statuses[-1], (order, account.status)
        assert account.stripe_subscription_id == f"sub_shuffle_{customer}"
        outcomes[order] = (account.status, account.plan, account.past_due_since is not None)
    # whatever the order of delivery, the account ends as if the events had arrived in order
    assert set(outcomes.values()) == {outcomes[in_order]}, outcomes
