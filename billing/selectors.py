"""Reads: a region's billing state and what it may do, and the platform's view of every region."""

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from accounts.models import Role, User
from billing.errors import BillingError
from billing.models import BillingAccount, Invoice, SubscriptionStatus
from billing.plans import Plan, plan_get, plan_list
from tenants.models import Region
from tenants.routing import routing_memo


class Access(StrEnum):
    FULL = "full"
    # Payment overdue but within the grace period: everything works, with a warning.
    GRACE = "grace"
    # Reads and exports only; writes get 402 until a payment comes in.
    READ_ONLY = "read_only"


# Statuses in good standing; the others start (or continue) the grace period.
GOOD_STANDING = frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING})
# Statuses that stop writes at once: Stripe has given up collecting, or the region cancelled.
CLOSED = frozenset(
    {SubscriptionStatus.UNPAID, SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED}
)


@dataclass(frozen=True)
class BillingState:
    """What the enforcement middleware, the pages and the API need to know about a region."""

    account: BillingAccount | None
    access: Access
    # Set during the grace period and after it: when writes stop(ped).
    grace_until: datetime | None = None

    @property
    def status(self) -> str | None:
        return self.account.status if self.account else None

    @property
    def is_read_only(self) -> bool:
        return self.access == Access.READ_ONLY

    @property
    def show_warning(self) -> bool:
        return self.access != Access.FULL


def billing_account_get(*, region: Region) -> BillingAccount | None:
    return BillingAccount.objects.filter(region=region).first()


def billing_access(*, account: BillingAccount | None, now: datetime | None = None) -> BillingState:
    """Full access, grace (full with a warning) or read-only, at `now`.

    A region without a billing account (onboarded without a plan) is not billed: full access.
    An expired free trial without a subscription counts as overdue from the trial's end.
    """
    if account is None:
        return BillingState(account=None, access=Access.FULL)
    now = now or timezone.now()
    status = account.status
    if status in CLOSED:
        return BillingState(account=account, access=Access.READ_ONLY, grace_until=account.past_due_since)
    if status == SubscriptionStatus.ACTIVE:
        return BillingState(account=account, access=Access.FULL)
    if status == SubscriptionStatus.TRIALING:
        if account.trial_end is None or now < account.trial_end:
            return BillingState(account=account, access=Access.FULL)
        overdue_since = account.trial_end
    else:  # past_due, incomplete, paused
        overdue_since = account.past_due_since or account.updated_at or now
    grace_until = overdue_since + timedelta(days=settings.BILLING_GRACE_DAYS)
    access = Access.GRACE if now < grace_until else Access.READ_ONLY
    return BillingState(account=account, access=access, grace_until=grace_until)


def billing_state_for_region(*, region: Region, now: datetime | None = None) -> BillingState:
    return billing_access(account=billing_account_get(region=region), now=now)


def billing_state_cached(*, region: Region, now: datetime | None = None) -> BillingState:
    """billing_state_for_region without a query once warm: the account is memoised with the routes
    (dropped on any change to a billing account); the access is worked out afresh, at `now`."""
    account = routing_memo("billing-account", region.schema_name, lambda: billing_account_get(region=region))
    # Each caller gets its own instance: nothing set on it reaches another request.
    return billing_access(account=copy.copy(account) if account is not None else None, now=now)


def invoice_list(*, account: BillingAccount, limit: int = 24) -> QuerySet[Invoice]:
    return account.invoices.all()[:limit]


def staff_count() -> int:
    """Staff accounts (everyone but funders) in the current region's schema."""
    return User.objects.filter(is_active=True).exclude(role=Role.FUNDER).count()


def plans_available() -> list[Plan]:
    return plan_list()


def billing_summary(*, region: Region, state: BillingState | None = None) -> dict:
    """What the region admin sees of their billing (the API's status and the billing page)."""
    state = state or billing_state_for_region(region=region)
    account = state.account
    plan = None
    if account is not None:
        try:
            plan = plan_get(account.plan)
        except BillingError:
            # A plan since removed from BILLING_PLANS: still show what the region is on.
            plan = Plan(code=account.plan, name=account.plan, price_id="", staff_limit=0)
    return {
        "plan": plan,
        "status": state.status,
        "access": state.access,
        "trial_end": account.trial_end if account else None,
        "next_invoice_at": account.current_period_end if account else None,
        "grace_until": state.grace_until,
        "last_payment_at": account.last_payment_at if account else None,
        "staff_count": staff_count(),
        "plans": plans_available(),
        "invoices": list(invoice_list(account=account)) if account else [],
    }


def billing_overview() -> QuerySet[Region]:
    """Every region (not the platform itself) with its billing account, in one query."""
    return (
        Region.objects.exclude(schema_name=get_public_schema_name())
        .select_related("billing")
        .order_by("name")
    )
