"""Writes: billing accounts, Stripe customers, Checkout and Portal sessions, subscription sync.

Every Stripe call goes through billing.client.get_stripe(). Services that call Stripe commit what
Stripe confirmed (the customer id) before anything else can fail, so a retry never creates a
second customer: Stripe's idempotency key covers the same retry on its side.
"""

import logging
from datetime import UTC, datetime, timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.client import get_stripe
from billing.errors import BillingError, BillingErrorCode
from billing.models import BillingAccount, BillingSetup, Invoice, SubscriptionStatus
from billing.plans import Plan, plan_for_price, plan_get
from billing.selectors import GOOD_STANDING, staff_count
from tenants.models import Region

logger = logging.getLogger(__name__)

# Stripe Checkout refuses a subscription trial ending less than 48 hours away.
CHECKOUT_MIN_TRIAL = timedelta(hours=48)


def from_timestamp(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if value else None


def _stripe_unavailable(error: stripe.StripeError) -> BillingError:
    logger.warning("Stripe call failed: %s", error)
    return BillingError(
        BillingErrorCode.STRIPE_UNAVAILABLE,
        _("Le service de paiement ne répond pas pour le moment. Réessayez dans quelques minutes."),
    )


def billing_trial_message(plan: str) -> str:
    return _("Ouverture de l'essai gratuit de %(days)d jours (forfait %(plan)s)") % {
        "days": settings.BILLING_TRIAL_DAYS,
        "plan": plan,
    }


@transaction.atomic
def billing_account_open(*, region: Region, plan: str, now: datetime | None = None) -> BillingAccount:
    """Open the region's billing account on `plan`, with the free trial starting now (onboarding)."""
    plan_get(plan)
    now = now or timezone.now()
    account, created = BillingAccount.objects.get_or_create(
        region=region,
        defaults={
            "plan": plan,
            "status": SubscriptionStatus.TRIALING,
            "trial_end": now + timedelta(days=settings.BILLING_TRIAL_DAYS),
            # Stripe is called once the region is committed (billing_setup_complete), never inside.
            "setup": BillingSetup.PENDING,
        },
    )
    if not created:
        logger.info("Billing account of %s already open; left as is", region.slug)
    return account


def billing_customer_ensure(*, account: BillingAccount) -> str:
    """The region's Stripe customer id, created on the first billing action."""
    if account.stripe_customer_id:
        return account.stripe_customer_id
    region = account.region
    try:
        customer = get_stripe().v1.customers.create(
            params={
                "name": region.name,
                "metadata": {"region_slug": region.slug, "schema_name": region.schema_name},
                "preferred_locales": [region.default_language.split("-")[0]],
            },
            # Same key on a retry after a lost response: Stripe answers with the same customer.
            options={"idempotency_key": f"ancrage-customer-{region.pk}-{region.schema_name}"},
        )
    except stripe.StripeError as error:
        raise _stripe_unavailable(error) from error
    account.stripe_customer_id = customer.id
    account.setup = BillingSetup.COMPLETE
    account.save(update_fields=["stripe_customer_id", "setup", "updated_at"])
    return customer.id


def billing_setup_complete(*, account: BillingAccount) -> BillingAccount:
    """Create the region's Stripe customer if it does not exist yet and mark the setup complete.

    Idempotent: a complete account is left as is, and a retry after a lost response gets the same
    customer back (billing_customer_ensure's idempotency key). Raises BillingError
    (billing_stripe_unavailable) while Stripe does not answer; the account stays setup_pending,
    with full access, until a later retry (the task billing.setup_complete, `manage.py
    billing_setup_retry` or the platform admin's action).
    """
    account.refresh_from_db()
    if account.setup == BillingSetup.COMPLETE and account.stripe_customer_id:
        return account
    billing_customer_ensure(account=account)
    if account.setup != BillingSetup.COMPLETE:  # a customer made earlier, before setup existed
        account.setup = BillingSetup.COMPLETE
        account.save(update_fields=["setup", "updated_at"])
    logger.info("Billing setup of %s complete (customer %s)", account.region.slug, account.stripe_customer_id)
    return account


def billing_setup_pending_retry() -> tuple[int, int]:
    """Retry every pending setup once; returns (completed, still pending)."""
    completed = pending = 0
    for account in BillingAccount.objects.filter(setup=BillingSetup.PENDING).select_related("region"):
        try:
            billing_setup_complete(account=account)
        except BillingError:
            pending += 1
        else:
            completed += 1
    return completed, pending


def _account_for_action(region: Region, plan: str | None = None) -> BillingAccount:
    account = BillingAccount.objects.filter(region=region).first()
    if account is None:
        # Regions onboarded without a plan get their account on their first billing action.
        account = billing_account_open(region=region, plan=plan or settings.BILLING_DEFAULT_PLAN)
    return account


def checkout_session_create(*, region: Region, plan: str, return_url: str) -> str:
    """Start a Stripe Checkout session for `plan`; returns the URL to send the region admin to."""
    chosen: Plan = plan_get(plan)
    account = _account_for_action(region, plan)
    customer_id = billing_customer_ensure(account=account)
    metadata = {"region_slug": region.slug, "plan": chosen.code}
    subscription_data: dict = {"metadata": metadata}
    # Subscribing during the free trial keeps the days left: the first charge waits for its end.
    if (
        account.status == SubscriptionStatus.TRIALING
        and account.trial_end
        and account.trial_end - timezone.now() > CHECKOUT_MIN_TRIAL
    ):
        subscription_data["trial_end"] = int(account.trial_end.timestamp())
    try:
        session = get_stripe().v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": customer_id,
                "client_reference_id": region.slug,
                "line_items": [{"price": chosen.price_id, "quantity": 1}],
                "success_url": f"{return_url}?billing=success",
                "cancel_url": f"{return_url}?billing=cancel",
                "metadata": metadata,
                "subscription_data": subscription_data,
            }
        )
    except stripe.StripeError as error:
        raise _stripe_unavailable(error) from error
    return session.url


def portal_session_create(*, region: Region, return_url: str) -> str:
    """Open the Stripe Billing Portal (payment method, invoices, cancel); returns its URL."""
    account = _account_for_action(region)
    customer_id = billing_customer_ensure(account=account)
    try:
        session = get_stripe().v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url}
        )
    except stripe.StripeError as error:
        raise _stripe_unavailable(error) from error
    return session.url


def _subscription_period_end(subscription: dict) -> datetime | None:
    # Since API 2025-03-31 the period lives on each item; older versions kept it on the subscription.
    items = (subscription.get("items") or {}).get("data") or []
    ends = [item.get("current_period_end") for item in items if item.get("current_period_end")]
    return from_timestamp(max(ends) if ends else subscription.get("current_period_end"))


def _subscription_price(subscription: dict) -> str | None:
    items = (subscription.get("items") or {}).get("data") or []
    for item in items:
        price = item.get("price") or {}
        return price.get("id") if isinstance(price, dict) else price
    return None


def _status_set(account: BillingAccount, status: str, *, at: datetime) -> list[str]:
    """Set the status; the grace period starts the first time the region leaves good standing."""
    account.status = status
    fields = ["status"]
    if status in GOOD_STANDING:
        if account.past_due_since is not None:
            account.past_due_since = None
            fields.append("past_due_since")
    elif account.past_due_since is None:
        account.past_due_since = at
        fields.append("past_due_since")
    return fields


def _is_stale(account: BillingAccount, event_created: datetime) -> bool:
    marker = account.updated_from_event_created
    return marker is not None and event_created < marker


def subscription_sync(
    *, account: BillingAccount, subscription: dict, event_created: datetime, authoritative: bool = False
) -> bool:
    """Apply a Stripe Subscription object to the account. False when it was older than the state.

    `authoritative`: the object was just read from the API, so it is current whatever the event's age.
    """
    if not authoritative and _is_stale(account, event_created):
        return False
    fields = _status_set(account, subscription["status"], at=event_created)
    account.stripe_subscription_id = subscription["id"]
    account.current_period_end = _subscription_period_end(subscription)
    trial_end = from_timestamp(subscription.get("trial_end"))
    if trial_end:
        account.trial_end = trial_end
    plan = plan_for_price(_subscription_price(subscription))
    if plan is not None:
        account.plan = plan.code
    if account.updated_from_event_created is None or event_created > account.updated_from_event_created:
        account.updated_from_event_created = event_created
    account.save(
        update_fields=[
            *fields,
            "stripe_subscription_id",
            "current_period_end",
            "trial_end",
            "plan",
            "updated_from_event_created",
            "updated_at",
        ]
    )
    return True


def subscription_refresh(*, account: BillingAccount, subscription_id: str, event_created: datetime) -> None:
    """Re-read the subscription from Stripe and apply it: immune to the order events arrive in."""
    subscription = get_stripe().v1.subscriptions.retrieve(subscription_id)
    subscription_sync(
        account=account, subscription=subscription.to_dict(), event_created=event_created, authoritative=True
    )


def billing_status_apply(*, account: BillingAccount, status: str, event_created: datetime) -> bool:
    """Status change known from an invoice event (paid → active, failed → past_due), unless stale."""
    if _is_stale(account, event_created):
        return False
    fields = _status_set(account, status, at=event_created)
    account.updated_from_event_created = event_created
    account.save(update_fields=[*fields, "updated_from_event_created", "updated_at"])
    return True


def invoice_record(*, account: BillingAccount, invoice: dict) -> Invoice:
    """Create or update the local copy of a Stripe invoice (keyed by its id: replays change nothing)."""
    transitions = invoice.get("status_transitions") or {}
    row, _created = Invoice.objects.update_or_create(
        stripe_invoice_id=invoice["id"],
        defaults={
            "account": account,
            "number": invoice.get("number") or "",
            "status": invoice.get("status") or "",
            "currency": invoice.get("currency") or "",
            "amount_due": invoice.get("amount_due") or 0,
            "amount_paid": invoice.get("amount_paid") or 0,
            "created": from_timestamp(invoice.get("created")) or timezone.now(),
            "paid_at": from_timestamp(transitions.get("paid_at")),
            "hosted_invoice_url": invoice.get("hosted_invoice_url") or "",
            "invoice_pdf": invoice.get("invoice_pdf") or "",
        },
    )
    return row


def payment_record(*, account: BillingAccount, invoice: Invoice) -> None:
    """Remember the newest payment (the platform admin's "last payment" column)."""
    paid_at = invoice.paid_at or invoice.created
    if account.last_payment_at is not None and paid_at <= account.last_payment_at:
        return
    account.last_payment_at = paid_at
    account.last_payment_amount = invoice.amount_paid
    account.last_payment_currency = invoice.currency
    account.save(
        update_fields=["last_payment_at", "last_payment_amount", "last_payment_currency", "updated_at"]
    )


def invoices_refresh(*, account: BillingAccount, limit: int = 24) -> int:
    """Re-read the customer's recent invoices from Stripe (recovery after missed webhooks)."""
    if not account.stripe_customer_id:
        return 0
    page = get_stripe().v1.invoices.list(params={"customer": account.stripe_customer_id, "limit": limit})
    count = 0
    for invoice in page.data:
        row = invoice_record(account=account, invoice=invoice.to_dict())
        if row.status == "paid":
            payment_record(account=account, invoice=row)
        count += 1
    return count


@transaction.atomic
def billing_account_refresh(*, account: BillingAccount) -> None:
    """Bring the account in line with Stripe: subscription and invoices (platform admin action)."""
    if account.stripe_subscription_id:
        subscription_refresh(
            account=account, subscription_id=account.stripe_subscription_id, event_created=timezone.now()
        )
    invoices_refresh(account=account)


def staff_seat_ensure(*, region: Region) -> None:
    """Refuse one more staff account beyond the plan's limit (call it before creating a user)."""
    account = BillingAccount.objects.filter(region=region).first()
    if account is None:
        return
    limit = plan_get(account.plan).staff_limit
    if limit and staff_count() >= limit:
        raise BillingError(
            BillingErrorCode.STAFF_LIMIT_REACHED,
            _("Le forfait %(plan)s permet %(limit)d comptes d'équipe ; changez de forfait pour en ajouter.")
            % {"plan": account.plan, "limit": limit},
        )
