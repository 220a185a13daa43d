"""Errors raised by the billing services: `code` for clients and tests, `detail` for people.

Same shape as tenants.errors.ProvisioningError (`code`, `detail`, `field`), so one API handler maps
both to `{"detail", "code"}`.
"""

from enum import StrEnum


class BillingErrorCode(StrEnum):
    PLAN_UNKNOWN = "plan_unknown"
    NO_CUSTOMER = "billing_no_customer"
    STRIPE_UNAVAILABLE = "billing_stripe_unavailable"
    STAFF_LIMIT_REACHED = "staff_limit_reached"
    READ_ONLY = "billing_read_only"


class BillingError(Exception):
    def __init__(self, code: BillingErrorCode, detail: str, field: str | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.field = field
