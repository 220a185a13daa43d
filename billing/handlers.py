"""One function per Stripe event type. Each runs inside the event's transaction (billing.webhooks):
raising rolls back everything it wrote and leaves the event marked for retry."""

import logging
from collections.abc import Callable
from datetime import datetime

from billing.models import BillingAccount, SubscriptionStatus
from billing.selectors import GOOD_STANDING
from billing.services import (
    billing_status_apply,
    from_timestamp,
    invoice_record,
    payment_record,
    subscription_refresh,
    subscription_sync,
)

logger = logging.getLogger(__name__)


# Statuses a paid invoice of the current subscription brings back to active.
RESTORABLE = frozenset(
    {
        SubscriptionStatus.PAST_DUE,
        SubscriptionStatus.UNPAID,
        SubscriptionStatus.INCOMPLETE,
        SubscriptionStatus.PAUSED,
    }
)


class EventIgnored(Exception):
    """Acknowledged but not applied (unknown customer, nothing to do): Stripe must not retry it."""


def _id(value) -> str | None:
    # Stripe sends either an id or the expanded object.
    return value.get("id") if isinstance(value, dict) else value


def _account_for_customer(customer) -> BillingAccount:
    customer_id = _id(customer)
    account = (
        BillingAccount.objects.select_for_update()
        .select_related("region")
        .filter(stripe_customer_id=customer_id)
        .first()
        if customer_id
        else None
    )
    if account is None:
        logger.warning("Stripe event for unknown customer %s: acknowledged, not applied", customer_id)
        raise EventIgnored(f"unknown customer {customer_id}")
    return account


def _invoice_subscription_id(invoice: dict) -> str | None:
    # API 2025-03-31 moved it under parent.subscription_details; older versions kept it on top.
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return _id(details.get("subscription")) or _id(invoice.get("subscription"))


def handle_checkout_session_completed(obj: dict, created: datetime) -> str:
    if obj.get("mode") != "subscription" or not obj.get("subscription"):
        raise EventIgnored("not a subscription checkout")
    account = _account_for_customer(obj.get("customer"))
    if obj.get("client_reference_id") not in (None, account.region.slug):
        logger.warning(
            "Checkout %s names region %s but its customer is %s's",
            obj.get("id"),
            obj.get("client_reference_id"),
            account.region.slug,
        )
    subscription_id = _id(obj["subscription"])
    account.stripe_subscription_id = subscription_id
    account.save(update_fields=["stripe_subscription_id", "updated_at"])
    # The session only names the subscription: read its current state from the API.
    subscription_refresh(account=account, subscription_id=subscription_id, event_created=created)
    return f"{account.region.slug}: subscription {subscription_id} {account.status}"


def handle_subscription_changed(obj: dict, created: datetime) -> str:
    account = _account_for_customer(obj.get("customer"))
    current = account.stripe_subscription_id
    if obj.get("status") == SubscriptionStatus.CANCELED and current and current != obj["id"]:
        raise EventIgnored(f"old subscription {obj['id']} ended; {current} is current")
    if not subscription_sync(account=account, subscription=obj, event_created=created):
        raise EventIgnored("older than the state already applied")
    return f"{account.region.slug}: {account.status}"


def _invoice_for_current_subscription(account: BillingAccount, obj: dict) -> bool:
    # One-off invoices, or those of a subscription since replaced, say nothing about access.
    subscription_id = _invoice_subscription_id(obj)
    return subscription_id is not None and account.stripe_subscription_id in ("", subscription_id)


def handle_invoice_paid(obj: dict, created: datetime) -> str:
    account = _account_for_customer(obj.get("customer"))
    invoice = invoice_record(account=account, invoice=obj)
    payment_record(account=account, invoice=invoice)
    # A payment restores access at once, without waiting for customer.subscription.updated; a
    # canceled subscription stays canceled (paying an old invoice does not revive it at Stripe).
    if account.status in RESTORABLE and _invoice_for_current_subscription(account, obj):
        billing_status_apply(account=account, status=SubscriptionStatus.ACTIVE, event_created=created)
    return f"{account.region.slug}: invoice {invoice.stripe_invoice_id} paid; {account.status}"


def handle_invoice_payment_failed(obj: dict, created: datetime) -> str:
    account = _account_for_customer(obj.get("customer"))
    invoice = invoice_record(account=account, invoice=obj)
    if account.status in GOOD_STANDING and _invoice_for_current_subscription(account, obj):
        billing_status_apply(account=account, status=SubscriptionStatus.PAST_DUE, event_created=created)
    return f"{account.region.slug}: invoice {invoice.stripe_invoice_id} failed; {account.status}"


HANDLERS: dict[str, Callable[[dict, datetime], str]] = {
    "checkout.session.completed": handle_checkout_session_completed,
    "customer.subscription.created": handle_subscription_changed,
    "customer.subscription.updated": handle_subscription_changed,
    "customer.subscription.deleted": handle_subscription_changed,
    "invoice.paid": handle_invoice_paid,
    "invoice.payment_failed": handle_invoice_payment_failed,
}


def event_dispatch(payload: dict) -> str:
    handler = HANDLERS.get(payload.get("type", ""))
    if handler is None:
        raise EventIgnored(f"no handler for {payload.get('type')}")
    return handler(payload["data"]["object"], from_timestamp(payload["created"]))
