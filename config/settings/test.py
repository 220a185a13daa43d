"""Test speed-ups only: everything else is base.py."""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the finders in tests: no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Nothing leaves the machine in tests: Stripe is the local stand-in (tests/billing/fake_stripe.py)
# where a test starts one, else a closed port, which fails at once (a Stripe outage).
STRIPE_API_BASE = "http://127.0.0.1:9"
STRIPE_MAX_NETWORK_RETRIES = 0
# Every request reads the shared routing version: a test's rolled-back changes never outlive it.
ROUTING_VERSION_CHECK_SECONDS = 0
# No spare pool in tests (each spare is a clone): the tests of the pool set their own size.
REGION_SPARE_POOL_SIZE = 0
