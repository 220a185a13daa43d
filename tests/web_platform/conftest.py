"""Fixtures of the platform pages, the public service map and the billing page: signed-in clients."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from tests.billing.conftest import fake_stripe, fake_stripe_server  # noqa: F401  (Stripe is a local fake here too)
from tests.conftest import TEST_PASSWORD, host_of


def user_in(region, role: str, email: str) -> User:
    """A user of `region` (the platform when None), created in that schema."""
    if region is None:
        connection.set_schema_to_public()
    else:
        connection.set_tenant(region)
    try:
        return User.objects.create_user(email, password=TEST_PASSWORD, role=role)
    finally:
        connection.set_schema_to_public()


def signed_in(host: str, region, user: User) -> Client:
    """A client on `host` holding a session opened in `region`'s schema (the platform's when None)."""
    client = Client(HTTP_HOST=host)
    if region is not None:
        connection.set_tenant(region)
    try:
        client.force_login(user)
    finally:
        connection.set_schema_to_public()
    return client


@pytest.fixture
def platform_admin(db) -> User:
    return user_in(None, Role.PLATFORM_ADMIN, "platform@web.test")


@pytest.fixture
def platform(platform_admin) -> Client:
    return signed_in(settings.BASE_DOMAIN, None, platform_admin)


@pytest.fixture
def region_user(region_a):
    """region_user(role) -> a client on region A's host signed in as a new user with that role."""

    def build(role: str, region=None) -> Client:
        region = region or region_a
        user = user_in(region, role, f"{role}@{region.slug}.web.test")
        return signed_in(host_of(region), region, user)

    return build
