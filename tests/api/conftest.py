"""API fixtures: one user per role in region A (and a user of region B), each with a token issued
in its own schema, and clients bound to a host."""

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import REGION_ROLES, Role, User
from accounts.tokens import token_issue
from tests.conftest import TEST_PASSWORD, host_of

REGION_ROLES = sorted(REGION_ROLES)  # the one definition, beside Role; a stable order for ids


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
    key = token_issue(user=user)[1]
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

    def user(role):
        if role not in cache:
            cache[role] = make_user(region_a, role)
        return cache[role]

    def build(who, language: str | None = None, host: str | None = None) -> APIClient:
        if who == "anonymous":
            return client_for(host or host_of(region_a), language=language)
        if who == "platform_admin":
            if who not in cache:
                cache[who] = make_user(None, Role.PLATFORM_ADMIN, "platform@api.test")
            return client_for(host or settings.BASE_DOMAIN, token_for(None, cache[who]), language)
        if who == "other_region":
            if who not in cache:
                cache[who] = make_user(region_b, Role.REGION_ADMIN, "other@beta-nord.api.test")
            return client_for(host or host_of(region_a), token_for(region_b, cache[who]), language)
        return client_for(host or host_of(region_a), token_for(region_a, user(who)), language)

    build.user = user
    return build


class World:
    """One row of every resource in a region, linked so that each role has something to see:
    the agent owns `participant` (not `other_participant`); the funder's Funder pays for `program`
    (not `other_program`) and is party to `agreement` (not `other_agreement`)."""


def build_world(region, users: dict) -> World:
    """Rows of every resource in `region`, built through core.services; `users` maps role -> User."""
    import datetime as dt

    from core import services
    from core.models import (
        ActivityKind,
        AgeGroup,
        AgreementKind,
        Gender,
        IndicatorTarget,
        PartnerKind,
        ProgramAxis,
        TeamRole,
    )

    connection.set_tenant(region)
    w = World()
    today = dt.date(2024, 6, 1)
    w.partner = services.partner_create(name="CJE Test", kind=PartnerKind.COMMUNITY, city="Chicoutimi")
    w.company = services.partner_create(name="Usine Test", kind=PartnerKind.COMPANY)
    w.service_point = services.service_point_create(
        partner=w.partner, name="Bureau central", address="1 rue Racine", city="Chicoutimi"
    )
    w.funder = services.funder_create(
        name="Bailleur Test", accounts=[users[Role.FUNDER]] if Role.FUNDER in users else []
    )
    w.other_funder = services.funder_create(name="Autre bailleur")
    w.program = services.program_create(
        code="paj",
        name_fr="Place aux jeunes",
        axis=ProgramAxis.SETTLEMENT,
        funders=[w.funder],
        age_min=18,
        age_max=35,
    )
    w.other_program = services.program_create(code="autre", name_fr="Autre programme", axis=ProgramAxis.OTHER)
    w.agent_member = services.team_member_create(
        full_name="Agente Test",
        role=TeamRole.MIGRATION_AGENT,
        user=users.get(Role.AGENT),
        programs=[w.program],
    )
    w.other_member = services.team_member_create(full_name="Autre agent", role=TeamRole.MIGRATION_AGENT)
    w.agreement = services.agreement_create(
        title="Entente financée",
        kind=AgreementKind.FUNDING,
        parties=[{"funder": w.funder, "contribution": 50000}, {"partner": w.partner, "contribution": 50000}],
        programs=[w.program],
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )
    w.other_agreement = services.agreement_create(
        title="Autre entente",
        kind=AgreementKind.PARTNERSHIP,
        parties=[{"funder": w.other_funder}],
        programs=[w.other_program],
    )
    services.indicator_target_set(
        agreement=w.agreement, indicator="successful_migrations", target=70, program=w.program
    )
    w.deliverable = services.deliverable_create(agreement=w.agreement, title="Rapport annuel", due_date=today)
    w.other_deliverable = services.deliverable_create(agreement=w.other_agreement, title="Autre livrable")
    consent = {"given_on": today}
    w.participant = services.participant_intake(
        intake_date=today,
        age_group=AgeGroup.AGE_25_29,
        gender=Gender.WOMAN,
        identity={"first_name": "Fictive", "last_name": "Personne", "email": "fictive@example.test"},
        consent=consent,
        agent=w.agent_member,
        city="Alma",
    )
    w.other_participant = services.participant_intake(
        intake_date=today,
        age_group=AgeGroup.AGE_20_24,
        gender=Gender.MAN,
        identity={"first_name": "Autre", "last_name": "Fictif"},
        consent=consent,
        agent=w.other_member,
    )
    w.enrollment = services.participant_enroll(participant=w.participant, program=w.program, applied_on=today)
    w.other_enrollment = services.participant_enroll(
        participant=w.other_participant, program=w.program, applied_on=today
    )
    w.intervention = services.intervention_log(
        date=today, minutes=90, agent=w.agent_member, participant=w.participant, program=w.program
    )
    w.other_intervention = services.intervention_log(
        date=today, minutes=30, agent=w.other_member, participant=w.other_participant, program=w.program
    )
    w.activity = services.activity_create(
        title="Kiosque",
        kind=ActivityKind.KIOSK,
        start_date=today,
        program=w.program,
        reach={AgeGroup.AGE_20_24: 40},
    )
    w.other_activity = services.activity_create(
        title="Atelier", kind=ActivityKind.WORKSHOP, start_date=today, program=w.other_program
    )
    w.committee = services.committee_create(
        name="Table de concertation", kind="concertation", partners=[w.partner]
    )
    w.service = services.service_create(partner=w.partner, name_fr="Accueil des nouveaux arrivants")
    assert IndicatorTarget.objects.count() == 1
    connection.set_schema_to_public()
    return w


@pytest.fixture
def world(region_a, api):
    """A filled region A whose role users are the ones `api(role)` authenticates as."""
    users = {role: api.user(role) for role in REGION_ROLES}
    return build_world(region_a, users)
