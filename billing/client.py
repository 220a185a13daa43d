"""The one seam between Ancrage and Stripe: every call to the API goes through get_stripe().

Tests point STRIPE_API_BASE at a local fake Stripe server, so the real SDK runs unmodified.
"""

import stripe
from django.conf import settings


def get_stripe() -> stripe.StripeClient:
    """The SDK's client. Without STRIPE_SECRET_KEY it raises the SDK's own AuthenticationError
    (a StripeError, which every caller already turns into billing_stripe_unavailable) rather
    than sending a request Stripe would refuse: nothing leaves the machine."""
    if not settings.STRIPE_SECRET_KEY:
        raise stripe.AuthenticationError("STRIPE_SECRET_KEY is not set: Stripe is not called.")
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=settings.STRIPE_API_VERSION or None,
        base_addresses={"api": base, "connect": base, "files": base},
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
    )
