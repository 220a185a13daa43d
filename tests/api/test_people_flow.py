"""An agent's day through the API only: intake, enrollment, lifecycle, hours, outcome."""

import pytest

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_agent_follows_a_person_end_to_end(api, world):
    agent = api(Role.AGENT)
    # intake with personal information and consent; the file is the agent's own
    response = agent.post(
        "/api/v1/participants/",
        {
            "intake_date": "2024-06-03",
            "age_group": "25_29",
            "gender": "non_binary",
            "city": "Alma",
            "origin_kind": "abroad",
            "origin_country": "France",
            "identity": {"first_name": "Camille", "last_name": "Fictive", "email": "camille@example.test"},
            "consent": {"given_on": "2024-06-03", "purpose_referral": True},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    person = response.json()
    assert person["agent"] == world.agent_member.pk
    assert person["has_consent"] is True
    assert person["code"].startswith("P-")
    assert person["identity"]["first_name"] == "Camille"
    assert "consent" not in person
    # a second intake with the same e-mail is flagged, not refused
    duplicate = agent.post(
        "/api/v1/participants/",
        {
            "intake_date": "2024-06-04",
            "age_group": "25_29",
            "gender": "non_binary",
            "identity": {"first_name": "Cam", "last_name": "F", "email": "CAMILLE@example.test"},
            "consent": {"given_on": "2024-06-04"},
        },
        format="json",
    ).json()
    assert duplicate["possible_duplicate_of"] == person["id"]
    # the journey moves forward, identity is corrected
    response = agent.patch(
        f"/api/v1/participants/{person['id']}/",
        {
            "journey_step": "exploratory_stay",
            "exploratory_stay_on": "2024-06-10",
            "identity": {"phone": "418-555-0000"},
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["journey_step"] == "exploratory_stay"
    assert response.json()["identity"]["phone"] == "418-555-0000"
    # enrollment, then its lifecycle
    response = agent.post(
        "/api/v1/enrollments/",
        {"participant": person["id"], "program": world.program.pk, "applied_on": "2024-06-03"},
        format="json",
    )
    assert response.status_code == 201, response.content
    enrollment = response.json()
    assert enrollment["agent"] == world.agent_member.pk
    response = agent.post(
        f"/api/v1/enrollments/{enrollment['id']}/transition/",
        {"to_status": "active", "on": "2024-06-05"},
        format="json",
    )
    assert response.json()["status"] == "active"
    # an impossible transition is a 400 with the service's code
    response = agent.post(
        f"/api/v1/enrollments/{enrollment['id']}/transition/",
        {"to_status": "applied", "on": "2024-06-06"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "enrollment_transition_invalid"
    # hours
    response = agent.post(
        "/api/v1/interventions/",
        {"enrollment": enrollment["id"], "date": "2024-06-05", "minutes": 45, "mode": "individual"},
        format="json",
    )
    assert response.status_code == 201, response.content
    intervention = response.json()
    assert intervention["participant"] == person["id"]
    assert intervention["program"] == world.program.pk
    assert (
        agent.patch(f"/api/v1/interventions/{intervention['id']}/", {"minutes": 60}, format="json").json()[
            "minutes"
        ]
        == 60
    )
    assert (
        agent.patch(f"/api/v1/interventions/{intervention['id']}/", {"minutes": 0}, format="json").status_code
        == 400
    )
    # a successful migration closes the follow-up and settles the person
    response = agent.post(
        f"/api/v1/enrollments/{enrollment['id']}/outcome/",
        {"outcome": "successful_migration", "on": "2024-09-01", "destination_mrc": "Lac-Saint-Jean-Est"},
        format="json",
    )
    assert response.status_code == 200, response.content
    closed = response.json()
    assert closed["outcome"] == "successful_migration"
    assert closed["status"] == "completed"
    assert closed["outcome_recorded_by"] == world.agent_member.pk
    settled = agent.get(f"/api/v1/participants/{person['id']}/").json()
    assert settled["journey_step"] == "settled"
    assert settled["settled_on"] == "2024-09-01"
    # the coordinator sees it; the funder sees it only as a count
    assert api(Role.COORDINATOR).get(f"/api/v1/participants/{person['id']}/").status_code == 200
    assert api(Role.FUNDER).get(f"/api/v1/participants/{person['id']}/").status_code == 403


def test_agent_without_team_member_cannot_open_files(api, world):
    from tenants.models import Region
    from tests.api.conftest import client_for, make_user, token_for

    alpha = Region.objects.get(slug="alpha")
    # an agent account the region never linked to a team member
    loose = make_user(alpha, Role.AGENT, "loose-agent@alpha.test")
    client = client_for("alpha.localhost", token_for(alpha, loose))
    assert client.get("/api/v1/participants/").json()["count"] == 0
    response = client.post(
        "/api/v1/participants/",
        {
            "intake_date": "2024-06-03",
            "age_group": "25_29",
            "gender": "woman",
            "identity": {"first_name": "A", "last_name": "B"},
            "consent": {"given_on": "2024-06-03"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "agent" in response.json()["fields"]


def test_agent_cannot_assign_a_file_to_someone_else(api, world):
    response = api(Role.AGENT).patch(
        f"/api/v1/participants/{world.participant.pk}/", {"agent": world.other_member.pk}, format="json"
    )
    assert response.status_code == 400
    assert "agent" in response.json()["fields"]


def test_coordinator_creates_reference_data_through_services(api, world):
    coordinator = api(Role.COORDINATOR)
    response = coordinator.post(
        "/api/v1/partners/", {"name": "Ville d'Alma", "kind": "municipality"}, format="json"
    )
    assert response.status_code == 201, response.content
    taken = coordinator.post(
        "/api/v1/partners/", {"name": "ville d'alma", "kind": "municipality"}, format="json"
    )
    assert taken.status_code == 400
    assert taken.json()["code"] == "partner_name_taken"
    response = coordinator.post(
        "/api/v1/agreements/",
        {
            "title": "Entente ARBJ–MIDI",
            "kind": "administrative",
            "signed_on": "2013-10-15",
            "programs": [world.program.pk],
            "parties": [
                {"partner": world.partner.pk, "contribution": "50000.00"},
                {"funder": world.funder.pk, "contribution": "50000.00", "role": "funder"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [party["contribution"] for party in body["parties"]] == ["50000.00", "50000.00"]
    response = coordinator.post(
        "/api/v1/activities/",
        {
            "title": "Kiosque au cégep",
            "kind": "kiosk",
            "start_date": "2024-03-01",
            "program": world.program.pk,
            "reach": [{"age_band": "15_19", "headcount": 120}, {"age_band": "20_24", "headcount": 80}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert sum(row["headcount"] for row in response.json()["reach"]) == 200
