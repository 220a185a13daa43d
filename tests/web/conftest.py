"""Web app fixtures: region A filled with one row of every resource (tests.api.conftest's world,
built through core.services), its users per role, and logged-in clients on a region's host."""

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role
from tests.api.conftest import REGION_ROLES, build_world, make_user
from tests.conftest import host_of


def login(region, user, **headers) -> Client:
    """A client on `region`'s host with `user` signed in (the session lives in the region's schema)."""
    client = Client(HTTP_HOST=host_of(region), **headers)
    connection.set_tenant(region)
    client.force_login(user)
    connection.set_schema_to_public()
    return client


@pytest.fixture
def users(region_a):
    return {role: make_user(region_a, role) for role in REGION_ROLES}


@pytest.fixture
def world(region_a, users):
    return build_world(region_a, users)


@pytest.fixture
def web(region_a, users, world):
    """web(role) -> a client of region A's host signed in with that role."""

    def build(role, **headers):
        return login(region_a, users[role], **headers)

    return build


@pytest.fixture
def admin_b(region_b):
    return make_user(region_b, Role.REGION_ADMIN, "admin2@beta-nord.web.test")
