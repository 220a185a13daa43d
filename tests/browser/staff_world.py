"""Two regions for the staff pages' browser tests, committed so the live server sees them, and
dropped at the end of the module so no other test ever counts them.

Region "vitrine-nord" has a small working world built through core.services (an agent's caseload,
a funded program and agreement with a late deliverable, a group activity); "vitrine-sud" has only
its admin and its own colours."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import connection

from tests.conftest import TEST_PASSWORD

NORD = {
    "slug": "vitrine-nord",
    "name": "Vitrine Nord",
    "primary_color": "#7a1f5c",
    "secondary_color": "#f2c14e",
}
SUD = {"slug": "vitrine-sud", "name": "Vitrine Sud", "primary_color": "#0d6b3a", "secondary_color": "#e07a1f"}
ROLES = ("region_admin", "coordinator", "agent", "funder")
CASELOAD = 6


@dataclass
class StaffWorld:
    hosts: dict = field(default_factory=dict)
    emails: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    names: list = field(default_factory=list)
    codes: list = field(default_factory=list)


def _drop(slug: str) -> None:
    from tenants.models import Region

    connection.set_schema_to_public()
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{region.schema_name}" CASCADE')
    region.domains.all().delete()
    region.delete()


def _fill_nord(region, world: StaffWorld) -> None:
    from accounts.models import User
    from core import services
    from core.models import ActivityKind, AgeGroup, AgreementKind, Gender, PartnerKind, ProgramAxis, TeamRole

    connection.set_tenant(region)
    users = {}
    for role in ROLES:
        email = f"{role.split('_')[-1]}@vitrine-nord.test"
        users[role] = User.objects.filter(email=email).first() or User.objects.create_user(
            email, password=TEST_PASSWORD, role=role, full_name=f"{role} Vitrine"
        )
        world.emails[role] = email
    today = dt.date.today()
    partner = services.partner_create(name="CJE Vitrine", kind=PartnerKind.COMMUNITY, city="Alma")
    services.service_point_create(
        partner=partner, name="Bureau d'Alma", address="1 rue Sacré-Cœur", city="Alma"
    )
    funder = services.funder_create(name="Ministère Vitrine", accounts=[users["funder"]])
    program = services.program_create(
        code="paj-vitrine", name_fr="Place aux jeunes Vitrine", axis=ProgramAxis.SETTLEMENT, funders=[funder]
    )
    agent = services.team_member_create(
        full_name="Agente Vitrine", role=TeamRole.MIGRATION_AGENT, user=users["agent"], programs=[program]
    )
    services.committee_create(name="Table Vitrine", kind="concertation", partners=[partner])
    agreement = services.agreement_create(
        title="Entente Vitrine",
        kind=AgreementKind.FUNDING,
        parties=[{"funder": funder, "contribution": 50000}, {"partner": partner, "contribution": 50000}],
        programs=[program],
        start_date=today - dt.timedelta(days=200),
        end_date=today + dt.timedelta(days=200),
    )
    services.deliverable_create(
        agreement=agreement, title="Bilan de mi-parcours", due_date=today - dt.timedelta(days=20)
    )
    services.deliverable_create(
        agreement=agreement, title="Rapport final", due_date=today + dt.timedelta(days=150)
    )
    for n in range(CASELOAD):
        first, last = f"Prénom{n}", "Vitrine"
        participant = services.participant_intake(
            intake_date=today - dt.timedelta(days=30),
            age_group=AgeGroup.AGE_25_29 if n % 2 else AgeGroup.AGE_20_24,
            gender=Gender.WOMAN if n % 2 else Gender.MAN,
            identity={"first_name": first, "last_name": last},
            consent={"given_on": today - dt.timedelta(days=30)},
            agent=agent,
            city="Alma",
        )
        services.participant_enroll(
            participant=participant, program=program, applied_on=today - dt.timedelta(days=30)
        )
        services.intervention_log(
            date=today - dt.timedelta(days=1),
            minutes=60,
            agent=agent,
            participant=participant,
            program=program,
        )
        world.names.append(f"{first} {last}")
        world.codes.append(participant.code)
        world.ids.setdefault("participants", []).append(participant.pk)
    activity = services.activity_create(
        title="Atelier de groupe Vitrine", kind=ActivityKind.WORKSHOP, start_date=today, program=program
    )
    world.ids.update(agreement=agreement.pk, activity=activity.pk, partner=partner.pk, program=program.pk)
    connection.set_schema_to_public()


@pytest.fixture(scope="module", name="staff_world")
def staff_world_fixture(live_port, django_db_blocker):
    from tenants.provisioning import provision_region, region_host

    world = StaffWorld()
    with django_db_blocker.unblock():
        for spec in (NORD, SUD):
            _drop(spec["slug"])
            region = provision_region(
                slug=spec["slug"],
                name=spec["name"],
                admin_email=f"admin@{spec['slug']}.test",
                admin_password=TEST_PASSWORD,
                branding={"primary_color": spec["primary_color"], "secondary_color": spec["secondary_color"]},
            )
            world.hosts[spec["slug"]] = region_host(spec["slug"])
            if spec is NORD:
                _fill_nord(region, world)
        connection.set_schema_to_public()
    yield world
    with django_db_blocker.unblock():
        for spec in (NORD, SUD):
            _drop(spec["slug"])
        connection.set_schema_to_public()
