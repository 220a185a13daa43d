"""Law 25 through the API: views of personal information are logged; access and erasure requests."""

import pytest
from django.db import connection

from accounts.models import Role
from core.models import AuditAction, AuditEvent, Participant, ParticipantIdentity

pytestmark = pytest.mark.django_db


def _events(region, **filters):
    connection.set_tenant(region)
    events = list(
        AuditEvent.objects.filter(**filters).values_list("actor_email", "action", "participant_code")
    )
    connection.set_schema_to_public()
    return events


def test_list_and_retrieve_are_logged_by_file_number(api, world, region_a):
    coordinator = api(Role.COORDINATOR)
    assert coordinator.get("/api/v1/participants/?page_size=1").status_code == 200
    assert coordinator.get(f"/api/v1/participants/{world.participant.pk}/").status_code == 200
    email = api.user(Role.COORDINATOR).email
    views = _events(region_a, action=AuditAction.VIEW)
    assert len(views) == 2
    assert (email, AuditAction.VIEW, world.participant.code) in views


def test_export_returns_everything_held_and_is_logged(api, world, region_a):
    response = api(Role.COORDINATOR).get(f"/api/v1/participants/{world.participant.pk}/export/")
    assert response.status_code == 200
    document = response.json()
    assert document["identity"]["email"] == "fictive@example.test"
    assert document["enrollments"][0]["program"] == "paj"
    assert document["interventions"][0]["minutes"] == 90
    assert _events(region_a, action=AuditAction.EXPORT) == [
        (api.user(Role.COORDINATOR).email, AuditAction.EXPORT, world.participant.code)
    ]


def test_erase_keeps_the_file_without_personal_information(api, world, region_a):
    admin = api(Role.REGION_ADMIN)
    response = admin.post(
        f"/api/v1/participants/{world.participant.pk}/erase/",
        {"reason": "Demande du 2024-06-02"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["identity"] is None
    assert response.json()["erased_on"]
    connection.set_tenant(region_a)
    assert not ParticipantIdentity.objects.filter(participant=world.participant).exists()
    assert Participant.objects.filter(pk=world.participant.pk).exists()
    connection.set_schema_to_public()
    # the file still lists, and a second request gets a clear error
    again = admin.post(f"/api/v1/participants/{world.participant.pk}/erase/", {"reason": "x"}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "participant_already_erased"


def test_erase_needs_a_reason(api, world):
    response = api(Role.REGION_ADMIN).post(
        f"/api/v1/participants/{world.participant.pk}/erase/", {}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["fields"]


@pytest.mark.parametrize(("who", "status"), [(Role.AGENT, 403), (Role.FUNDER, 403), ("anonymous", 401)])
def test_agents_funders_and_strangers_cannot_export_or_erase(api, world, who, status):
    client = api(who)
    assert client.get(f"/api/v1/participants/{world.participant.pk}/export/").status_code == status
    erase = client.post(f"/api/v1/participants/{world.participant.pk}/erase/", {"reason": "x"}, format="json")
    assert erase.status_code == status


def test_other_region_cannot_export_or_erase(api, world, region_a):
    # region B's admin, with B's token, on A's host: 401; and A's ids do not exist on B's host
    assert api("other_region").get(f"/api/v1/participants/{world.participant.pk}/export/").status_code == 401
    b_admin_on_b = api("other_region", host="beta-nord.localhost")
    assert b_admin_on_b.get(f"/api/v1/participants/{world.participant.pk}/export/").status_code == 404
    assert (
        b_admin_on_b.post(
            f"/api/v1/participants/{world.participant.pk}/erase/", {"reason": "x"}, format="json"
        ).status_code
        == 404
    )
    withdraw = f"/api/v1/participants/{world.participant.pk}/withdraw-consent/"
    assert b_admin_on_b.post(withdraw, {}, format="json").status_code == 404
    connection.set_tenant(region_a)
    assert ParticipantIdentity.objects.filter(participant=world.participant).exists()
    assert Participant.objects.get(pk=world.participant.pk).has_consent


def test_agent_records_the_withdrawal_of_consent_of_their_own_participant(api, world, region_a):
    agent = api(Role.AGENT)
    response = agent.post(
        f"/api/v1/participants/{world.participant.pk}/withdraw-consent/",
        {"withdrawn_on": "2024-07-01"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["has_consent"] is False
    assert _events(region_a, action=AuditAction.CONSENT_WITHDRAW) == [
        (api.user(Role.AGENT).email, AuditAction.CONSENT_WITHDRAW, world.participant.code)
    ]
    # not someone else's participant: the same 404 as a file that does not exist
    other = agent.post(
        f"/api/v1/participants/{world.other_participant.pk}/withdraw-consent/", {}, format="json"
    )
    assert other.status_code == 404


def test_withdrawal_before_consent_was_given_is_refused(api, world):
    response = api(Role.COORDINATOR).post(
        f"/api/v1/participants/{world.participant.pk}/withdraw-consent/",
        {"withdrawn_on": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["withdrawn_on"]
