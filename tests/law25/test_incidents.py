"""The register of confidentiality incidents: recorded by the region admin, read by them alone,
kept at least five years, in the region's own schema."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from core.access import incident_for_actor
from core.errors import ApplicationError
from core.models import AuditEvent, ConfidentialityIncident
from core.services.incidents import incident_delete, incident_record, incident_update
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ENTRY = {
    "discovered_on": dt.date(2026, 3, 2),
    "occurred_on": dt.date(2026, 2, 27),
    "description": "Un portable contenant une liste de dossiers a été volé.",
    "people_concerned": "Participant·e·s suivi·e·s à Alma en 2025",
    "people_count": 42,
    "information_concerned": "Numéros de dossier, noms, courriels",
    "serious_injury_risk": True,
    "risk_assessment": "Liste non chiffrée : risque de préjudice sérieux.",
}


@pytest.fixture
def people(region_a):
    connection.set_tenant(region_a)
    made = {
        role: User.objects.create_user(
            f"{role}@alpha.incident.test", password=TEST_PASSWORD, role=role, is_staff=True
        )
        for role in (Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT, Role.FUNDER)
    }
    return made


def test_region_admin_records_and_completes_an_incident(people):
    boss = people[Role.REGION_ADMIN]
    incident = incident_record(actor=boss, **ENTRY)
    incident = incident_update(
        incident=incident,
        actor=boss,
        cai_notified_on=dt.date(2026, 3, 3),
        people_notified_on=dt.date(2026, 3, 4),
        measures_taken="Mots de passe changés; chiffrement des portables.",
    )
    stored = ConfidentialityIncident.objects.get()
    assert (stored.cai_notified_on, stored.people_notified_on) == (dt.date(2026, 3, 3), dt.date(2026, 3, 4))
    assert stored.recorded_by == boss
    assert stored.keep_until() == dt.date(2031, 3, 2)
    actions = list(
        AuditEvent.objects.filter(object_type="core.confidentialityincident").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "update"]


def test_only_the_region_admin_reads_or_writes_the_register(people):
    incident_record(actor=people[Role.REGION_ADMIN], **ENTRY)
    assert incident_for_actor(actor=people[Role.REGION_ADMIN]).count() == 1
    for role in (Role.COORDINATOR, Role.AGENT, Role.FUNDER):
        assert incident_for_actor(actor=people[role]).count() == 0
        with pytest.raises(ApplicationError) as error:
            incident_record(actor=people[role], **ENTRY)
        assert error.value.code == "incident_register_forbidden"


def test_register_is_kept_five_years(people):
    boss = people[Role.REGION_ADMIN]
    incident = incident_record(actor=boss, **ENTRY)
    with pytest.raises(ApplicationError) as error:
        incident_delete(incident=incident, actor=boss, today=dt.date(2031, 3, 1))
    assert error.value.code == "incident_kept_five_years"
    assert ConfidentialityIncident.objects.count() == 1
    incident_delete(incident=incident, actor=boss, today=dt.date(2031, 3, 2))
    assert ConfidentialityIncident.objects.count() == 0


def test_an_incident_cannot_occur_after_it_was_discovered(people):
    with pytest.raises(ApplicationError):
        incident_record(actor=people[Role.REGION_ADMIN], **{**ENTRY, "occurred_on": dt.date(2026, 4, 1)})


def test_back_office_register_is_the_region_admins_alone(people, region_a, region_b):
    incident_record(actor=people[Role.REGION_ADMIN], **ENTRY)
    url = "/admin/core/confidentialityincident/"
    # (logins are written in the user's own schema)
    boss = Client(HTTP_HOST="alpha.localhost")
    boss.force_login(people[Role.REGION_ADMIN])
    coordinator = Client(HTTP_HOST="alpha.localhost")
    coordinator.force_login(people[Role.COORDINATOR])
    connection.set_schema_to_public()
    page = boss.get(url)
    assert page.status_code == 200
    assert "Un portable contenant" in page.content.decode()
    assert coordinator.get(url).status_code == 403
    # region B's register is its own: empty, and A's entry is not there
    connection.set_tenant(region_b)
    assert ConfidentialityIncident.objects.count() == 0
    other = User.objects.create_user(
        "boss@beta.incident.test", password=TEST_PASSWORD, role=Role.REGION_ADMIN, is_staff=True
    )
    b = Client(HTTP_HOST="beta-nord.localhost")
    b.force_login(other)
    connection.set_schema_to_public()
    assert "Un portable contenant" not in b.get(url).content.decode()
