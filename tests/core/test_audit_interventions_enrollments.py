"""Interventions and enrollments are part of a person's file: each write leaves exactly one audit
event, inside its transaction, and a refused write leaves none."""

import datetime as dt

import pytest

from core import services
from core.errors import ApplicationError
from core.models import AuditAction, AuditEvent, EnrollmentStatus, InterventionMode, JourneyStep, Outcome
from tests.factories import core as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(in_a):
    return f.UserFactory(email="agent-audit@alpha.test", role="agent")


def _trail():
    return list(
        AuditEvent.objects.order_by("id").values_list(
            "action", "object_type", "participant_code", "actor_email"
        )
    )


def _refused_leaves_no_trace(call, code: str) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.code == code
    assert AuditEvent.objects.count() == before


def test_intervention_log_update_delete_each_leave_one_event(actor):
    person = f.ParticipantFactory()
    intervention = services.intervention_log(
        date=dt.date(2024, 6, 1), minutes=45, participant=person, actor=actor
    )
    services.intervention_update(intervention=intervention, minutes=60, actor=actor)
    services.intervention_delete(intervention=intervention, actor=actor)
    row = ("core.intervention", person.code, actor.email)
    assert _trail() == [("create", *row), ("update", *row), ("delete", *row)]
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).get().detail == {"fields": ["minutes"]}


def test_intervention_moved_to_no_person_is_logged_on_the_file_it_left(actor):
    person = f.ParticipantFactory()
    intervention = f.InterventionFactory(participant=person)
    services.intervention_update(
        intervention=intervention, participant=None, mode=InterventionMode.GROUP, group_size=5, actor=actor
    )
    assert _trail() == [("update", "core.intervention", person.code, actor.email)]


def test_group_intervention_names_nobody_and_logs_nothing(actor):
    services.intervention_log(date=dt.date(2024, 6, 1), minutes=90, mode=InterventionMode.GROUP, actor=actor)
    assert _trail() == []


def test_refused_intervention_writes_leave_no_event(actor):
    person = f.ParticipantFactory()
    _refused_leaves_no_trace(
        lambda: services.intervention_log(
            date=dt.date(2024, 6, 1), minutes=0, participant=person, actor=actor
        ),
        "minutes_invalid",
    )
    intervention = f.InterventionFactory(participant=person)
    _refused_leaves_no_trace(
        lambda: services.intervention_update(intervention=intervention, minutes=5000, actor=actor),
        "minutes_invalid",
    )


def test_enrollment_writes_each_leave_one_event(actor):
    person = f.ParticipantFactory()
    program = f.ProgramFactory()
    enrollment = services.participant_enroll(
        participant=person, program=program, applied_on=dt.date(2024, 6, 1), actor=actor
    )
    services.enrollment_transition(
        enrollment=enrollment, to_status=EnrollmentStatus.ACTIVE, on=dt.date(2024, 6, 2), actor=actor
    )
    # one event although the outcome also closes the enrollment (a second status change)
    services.enrollment_outcome_record(
        enrollment=enrollment, outcome=Outcome.EMPLOYED, on=dt.date(2024, 7, 1), actor=actor
    )
    row = ("core.enrollment", person.code, actor.email)
    assert _trail() == [("create", *row), ("update", *row), ("update", *row)]
    assert enrollment.status_changes.count() == 3


def test_migration_outcome_is_one_event_though_it_settles_the_person(actor):
    person = f.ParticipantFactory()
    enrollment = f.EnrollmentFactory(participant=person, status=EnrollmentStatus.APPLIED)
    services.migration_outcome_record(
        enrollment=enrollment, outcome=Outcome.SUCCESSFUL_MIGRATION, on=dt.date(2024, 8, 1), actor=actor
    )
    person.refresh_from_db()
    assert person.journey_step == JourneyStep.SETTLED
    assert _trail() == [("update", "core.enrollment", person.code, actor.email)]
    assert AuditEvent.objects.get().detail == {
        "outcome": Outcome.SUCCESSFUL_MIGRATION,
        "fields": ["journey_step", "settled_on"],
    }


def test_refused_enrollment_writes_leave_no_event(actor):
    enrollment = f.EnrollmentFactory(status=EnrollmentStatus.COMPLETED, end_date=dt.date(2024, 8, 1))
    _refused_leaves_no_trace(
        lambda: services.enrollment_transition(
            enrollment=enrollment, to_status=EnrollmentStatus.ACTIVE, on=dt.date(2024, 9, 1), actor=actor
        ),
        "enrollment_transition_invalid",
    )
    _refused_leaves_no_trace(
        lambda: services.participant_enroll(
            participant=enrollment.participant,
            program=f.ProgramFactory(is_active=False),
            applied_on=dt.date(2024, 9, 1),
            actor=actor,
        ),
        "program_inactive",
    )
    _refused_leaves_no_trace(
        lambda: services.enrollment_outcome_record(
            enrollment=enrollment, outcome="nope", on=dt.date(2024, 9, 1)
        ),
        "outcome_invalid",
    )


def test_retention_record_and_named_attendance_each_leave_one_event(actor):
    from core.models import RetentionStatus

    followup = f.RetentionFollowUpFactory()
    person = followup.participant
    _refused_leaves_no_trace(
        lambda: services.retention_followup_record(
            followup=followup, status="nope", recorded_on=dt.date(2025, 1, 1), actor=actor
        ),
        "retention_status_invalid",
    )
    services.retention_followup_record(
        followup=followup, status=RetentionStatus.STILL_HERE, recorded_on=dt.date(2025, 1, 1), actor=actor
    )
    activity = f.ActivityFactory()
    services.activity_attendance_add(activity=activity, participant=person, actor=actor)
    _refused_leaves_no_trace(
        lambda: services.activity_attendance_add(activity=activity, participant=person, actor=actor),
        "already_attending",
    )
    assert _trail() == [
        ("update", "core.retentionfollowup", person.code, actor.email),
        ("create", "core.activityattendance", person.code, actor.email),
    ]
