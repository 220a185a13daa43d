"""Errors raised by the billing services, of the one family config.errors.CodedError."""

from enum import StrEnum

from config.errors import CodedError


class BillingErrorCode(StrEnum):
    PLAN_UNKNOWN = "plan_unknown"
    NO_CUSTOMER = "billing_no_customer"
    STRIPE_UNAVAILABLE = "billing_stripe_unavailable"
    STAFF_LIMIT_REACHED = "staff_limit_reached"
    READ_ONLY = "billing_read_only"


class BillingError(CodedError):
    """Billing's refusal (see config.errors.CodedError); codes in BillingErrorCode."""
