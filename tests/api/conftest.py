"""API fixtures: one user per role in region A (and a user of region B), each with a token issued
in its own schema, and clients bound to a host."""

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Role, User
from tests.conftest import TEST_PASSWORD, host_of

REGION_ROLES = (Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT, Role.FUNDER)


def make_user(region, role: str, email: str | None = None) -> User:
    """A user of `region` (or of the platform when region is None), created in that schema."""
    if region is None:
        connection.set_schema_to_public()
    else:
        connection.set_tenant(region)
    slug = region.slug if region else "platform"
    user = User.objects.create_user(
        email or f"{role}@{slug}.api.test", password=TEST_PASSWORD, role=role, full_name=f"{role} {slug}"
    )
    connection.set_schema_to_public()
    return user


def token_for(region, user: User) -> str:
    if region is None:
        connection.set_schema_to_public()
    else:
        connection.set_tenant(region)
    key = Token.objects.get_or_create(user=user)[0].key
    connection.set_schema_to_public()
    return key


def client_for(host: str, token: str | None = None, language: str | None = None) -> APIClient:
    headers = {"HTTP_HOST": host}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    client = APIClient(**headers)
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}", **headers)
    return client


@pytest.fixture
def users_a(region_a):
    return {role: make_user(region_a, role) for role in REGION_ROLES}


@pytest.fixture
def user_b(region_b):
    return make_user(region_b, Role.REGION_ADMIN, "admin2@beta-nord.api.test")


@pytest.fixture
def platform_admin(db):
    return make_user(None, Role.PLATFORM_ADMIN, "platform@api.test")


@pytest.fixture
def api(region_a, region_b):
    """api(who) -> an APIClient on the right host with that user's token.

    who: a Role of region A, "anonymous", "platform_admin", "other_region" (a region B admin
    calling region A's host with B's token), or ("b", role) for a region B user on B's host.
    """
    cache: dict = {}

    def build(who, language: str | None = None, host: str | None = None) -> APIClient:
        if who == "anonymous":
            return client_for(host or host_of(region_a), language=language)
        if who == "platform_admin":
            user = cache.get(who) or make_user(None, Role.PLATFORM_ADMIN, "platform@api.test")
            cache[who] = user
            return client_for(host or settings.BASE_DOMAIN, token_for(None, user), language)
        if who == "other_region":
            user = cache.get(who) or make_user(region_b, Role.REGION_ADMIN, "other@beta-nord.api.test")
            cache[who] = user
            return client_for(host or host_of(region_a), token_for(region_b, user), language)
        user = cache.get(who) or make_user(region_a, who)
        cache[who] = user
        return client_for(host or host_of(region_a), token_for(region_a, user), language)

    return build
