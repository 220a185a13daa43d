"""Plans come from the environment (settings.BILLING_PLANS), never from the database: a Stripe
Price id differs between test and live mode, and a plan change is a deploy, not a data edit."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from billing.errors import BillingError, BillingErrorCode


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    price_id: str
    # Staff accounts (everyone but funders) the region may have on this plan.
    staff_limit: int


def plan_list() -> list[Plan]:
    return [
        Plan(
            code=code,
            name=str(spec.get("name", code)),
            price_id=str(spec["price"]),
            staff_limit=int(spec.get("staff_limit", 0)),
        )
        for code, spec in settings.BILLING_PLANS.items()
    ]


def plan_get(code: object) -> Plan:
    for plan in plan_list():
        if plan.code == code:
            return plan
    raise BillingError(
        BillingErrorCode.PLAN_UNKNOWN,
        _("Forfait inconnu : « %(plan)s ». Forfaits offerts : %(plans)s.")
        % {"plan": code, "plans": ", ".join(p.code for p in plan_list())},
        field="plan",
    )


def plan_for_price(price_id: str | None) -> Plan | None:
    return next((plan for plan in plan_list() if plan.price_id == price_id), None)
