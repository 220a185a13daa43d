"""Each update service refuses bad input with its code and the field at fault, and writes nothing."""

import datetime as dt

import pytest

from core import services
from core.errors import ApplicationError
from core.models import ActivityKind, AuditEvent, Participant
from tests.factories import core as f

pytestmark = pytest.mark.django_db


def _refused(call, code: str, field: str | None, obj=None) -> None:
    with pytest.raises(ApplicationError) as caught:
        call()
    assert (caught.value.code, caught.value.field) == (code, field)
    if obj is not None:
        obj.refresh_from_db()  # the refused values stay on the Python object, not in the database


def test_funder_update(in_a):
    funder = f.FunderFactory(name="Bailleur")
    _refused(lambda: services.funder_update(funder=funder, name=""), "blank", "name", funder)
    _refused(lambda: services.funder_update(funder=funder, accounts_typo=[]), "invalid", "accounts_typo")
    services.funder_update(funder=funder, acronym="BF")
    funder.refresh_from_db()
    assert (funder.name, funder.acronym) == ("Bailleur", "BF")


def test_team_member_update(in_a):
    member = f.TeamMemberFactory(started_on=dt.date(2024, 1, 1), ended_on=None)
    _refused(
        lambda: services.team_member_update(team_member=member, ended_on=dt.date(2023, 1, 1)),
        "dates_inverted",
        "ended_on",
    )
    member.refresh_from_db()
    assert member.ended_on is None


def test_committee_update(in_a):
    committee = f.CommitteeFactory()
    _refused(lambda: services.committee_update(committee=committee, kind="nope"), "invalid_choice", "kind")


def test_service_point_update(in_a):
    point = f.ServicePointFactory(name="Bureau A")
    f.ServicePointFactory(partner=point.partner, name="Bureau B")
    _refused(
        lambda: services.service_point_update(service_point=point, name="Bureau B"),
        "service_point_name_taken",
        "name",
    )
    _refused(
        lambda: services.service_point_update(service_point=point, partner=f.PartnerFactory()),
        "invalid",
        "partner",
    )


def test_intervention_update(in_a):
    intervention = f.InterventionFactory(minutes=60)
    _refused(
        lambda: services.intervention_update(intervention=intervention, minutes=0),
        "minutes_invalid",
        "minutes",
        intervention,
    )
    _refused(
        lambda: services.intervention_update(intervention=intervention, group_size=1),
        "group_size_invalid",
        "group_size",
    )
    intervention.refresh_from_db()
    assert (intervention.minutes, intervention.group_size) == (60, None)


def test_activity_update(in_a):
    activity = services.activity_create(
        title="Kiosque", kind=ActivityKind.KIOSK, start_date=dt.date(2024, 6, 1)
    )
    _refused(
        lambda: services.activity_update(activity=activity, end_date=dt.date(2024, 5, 1)),
        "dates_inverted",
        "end_date",
        activity,
    )
    _refused(
        lambda: services.activity_update(activity=activity, reach={"25_29": -1}),
        "headcount_negative",
        "headcount",
    )
    services.activity_update(activity=activity, title="Kiosque d'été", reach={"25_29": 4})
    activity.refresh_from_db()
    assert (activity.title, activity.reach.get().headcount) == ("Kiosque d'été", 4)


def test_participant_update_refuses_and_leaves_no_trace(in_a):
    participant = services.participant_intake(
        intake_date=dt.date(2024, 5, 1),
        age_group="25_29",
        gender="woman",
        identity={"first_name": "Alex", "last_name": "Fictif"},
        consent={"given_on": dt.date(2024, 5, 1), "purpose_statistics": True},
        journey_step="exploratory_stay",
        exploratory_stay_on=dt.date(2024, 5, 20),
    )
    events = AuditEvent.objects.count()
    _refused(
        lambda: services.participant_update(participant=participant, journey_step="exploring"),
        "journey_step_backwards",
        "journey_step",
        participant,
    )
    _refused(
        lambda: services.participant_update(participant=participant, intake_date=dt.date(2024, 1, 1)),
        "invalid",
        "intake_date",
    )
    _refused(
        lambda: services.participant_update(participant=participant, identity={"first_name": ""}),
        "blank",
        "first_name",
    )
    assert AuditEvent.objects.count() == events
    stored = Participant.objects.get(pk=participant.pk)
    assert (stored.journey_step, stored.intake_date) == ("exploratory_stay", dt.date(2024, 5, 1))
    assert stored.identity.first_name == "Alex"
