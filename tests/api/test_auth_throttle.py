"""Password guessing on the token endpoint is slowed, per region."""

import pytest
from rest_framework.test import APIClient

# Imported with the real settings: the class binds its rates when first imported.
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db


def _attempt(host: str):
    return APIClient(HTTP_HOST=host).post(
        "/api/v1/auth/token/", {"email": "admin@alpha.test", "password": "wrong"}, format="json"
    )


def test_token_endpoint_is_throttled_per_region(region_a, region_b, settings):
    # given a limit of 3 attempts a minute
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth_token": "3/minute"},
    }
    from rest_framework.settings import api_settings

    original = ScopedRateThrottle.THROTTLE_RATES
    api_settings.reload()
    ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        statuses = [_attempt("alpha.localhost").status_code for _ in range(4)]
        # then the fourth wrong guess is refused with a clear JSON error and a delay
        assert statuses == [400, 400, 400, 429]
        refused = _attempt("alpha.localhost")
        assert refused.json()["code"] == "throttled"
        assert int(refused["Retry-After"]) > 0
        # and another region's host still answers: each counts on its own
        assert _attempt("beta-nord.localhost").status_code == 400
    finally:
        # (settings.REST_FRAMEWORK is still the 3/minute one here: reloading now would keep it for
        # every later test of the session)
        ScopedRateThrottle.THROTTLE_RATES = original
