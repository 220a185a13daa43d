"""The network world: region A and region B each have their own MIFI (a core.Funder in their own
schema) funding programs, both linked to one network funder; A has small counts (under the
threshold) that must never leave, B has a program MIFI does not fund."""

import datetime as dt
import itertools

import pytest
from django.db import connection

from accounts.models import Role
from network import services
from network.periods import Period
from tests.api.conftest import client_for, make_user, token_for
from tests.conftest import host_of
from tests.factories import core as f

_codes = itertools.count(1)
FISCAL_YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
QUERY = "?from=2024-04-01&to=2025-03-31"
# Names and file numbers that must never reach a network funder.
SECRET_CODE_PREFIX = "NETSECRET-"


def _enroll(program, count: int, *, code_prefix: str, outcome: str = ""):
    for _ in range(count):
        participant = f.ParticipantFactory(code=f"{code_prefix}{next(_codes):05d}")
        f.ParticipantIdentityFactory(participant=participant, last_name="Tremblay-Secret")
        f.EnrollmentFactory(
            participant=participant,
            program=program,
            applied_on=dt.date(2024, 6, 1),
            outcome=outcome,
            outcome_on=dt.date(2024, 9, 1) if outcome else None,
        )


@pytest.fixture
def world(region_a, region_b):
    """{"funder": NetworkFunder, "a": {...}, "b": {...}}: both regions linked, neither opted in yet."""
    network_funder = services.network_funder_ensure(name="MIFI (réseau)", slug="mifi-test")
    data = {"funder": network_funder}
    for key, region, sizes in (("a", region_a, (12, 3)), ("b", region_b, (8, 0))):
        connection.set_tenant(region)
        mifi = f.FunderFactory(name="Ministère de l'Immigration (test)", acronym="MIFI")
        settle = f.ProgramFactory(axis="settlement", funders=[mifi])
        integration = f.ProgramFactory(axis="immigrant_integration", funders=[mifi])
        other = f.ProgramFactory(axis="education")  # funded by nobody in the network
        _enroll(settle, sizes[0], code_prefix=SECRET_CODE_PREFIX, outcome="successful_migration")
        _enroll(integration, sizes[1], code_prefix=SECRET_CODE_PREFIX)
        _enroll(other, 20, code_prefix=SECRET_CODE_PREFIX)
        admin = make_user(region, Role.REGION_ADMIN, f"admin@{region.slug}.network.test")
        connection.set_tenant(region)
        services.region_link_set(actor=admin, region=region, network_funder=network_funder, funder_id=mifi.pk)
        connection.set_schema_to_public()
        data[key] = {
            "region": region,
            "funder": mifi,
            "admin": admin,
            "programs": (settle, integration, other),
        }
    return data


def opt_in(world, key: str):
    region = world[key]["region"]
    connection.set_tenant(region)
    services.region_opt_in(actor=world[key]["admin"], region=region, network_funder=world["funder"])
    connection.set_schema_to_public()


def opt_out(world, key: str):
    region = world[key]["region"]
    connection.set_tenant(region)
    services.region_opt_out(actor=world[key]["admin"], region=region, network_funder=world["funder"])
    connection.set_schema_to_public()


@pytest.fixture
def network_user(world):
    user = make_user(None, Role.NETWORK_FUNDER, "mifi@network.test")
    services.network_account_set(user=user, network_funder=world["funder"])
    return user


@pytest.fixture
def network_api(network_user):
    from django.conf import settings

    return client_for(settings.BASE_DOMAIN, token_for(None, network_user))


@pytest.fixture
def platform_api(db):
    from django.conf import settings

    admin = make_user(None, Role.PLATFORM_ADMIN, "platform@network.test")
    return client_for(settings.BASE_DOMAIN, token_for(None, admin))


def region_api(region, user):
    return client_for(host_of(region), token_for(region, user))
