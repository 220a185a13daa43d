"""Fault tests reuse the billing fixtures (the local Stripe stand-in, accounts, signed webhooks)."""

from tests.billing.conftest import (  # noqa: F401 - fixtures, registered by being imported here
    account_a,
    account_b,
    fake_stripe,
    fake_stripe_server,
)
from tests.config.test_sentry import sentry_server  # noqa: F401, E402 - the local Sentry stand-in
