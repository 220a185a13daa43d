"""Writes through the services: intake, duplicates, consent, the journey, enrollments, outcomes,
retention follow-ups and interventions."""

import datetime as dt
from decimal import Decimal

import pytest

from core import services
from core.errors import ApplicationError
from core.models import EnrollmentStatus, JourneyStep, Outcome, RetentionStatus
from tests.factories import core as f

pytestmark = pytest.mark.django_db

CONSENT = {"given_on": dt.date(2024, 5, 1), "purpose_follow_up": True, "purpose_statistics": True}


def _intake(**overrides):
    data = {
        "intake_date": dt.date(2024, 5, 1),
        "age_group": "25_29",
        "gender": "woman",
        "identity": {
            "first_name": "Alex",
            "last_name": "Fictif",
            "birth_date": dt.date(1997, 3, 2),
            "email": "alex@exemple.invalid",
        },
        "consent": CONSENT,
        "city": "Chicoutimi",
    }
    return services.participant_intake(**{**data, **overrides})


def test_participant_intake_keeps_identity_apart_and_records_consent(in_a):
    # when a person is received
    participant = _intake()
    # then statistics, identity and consent are three rows, the file number says nothing
    assert participant.code.startswith("P-")
    assert "Fictif" not in participant.code
    assert participant.identity.last_name == "Fictif"
    assert participant.has_consent
    consent = participant.consents.get()
    assert (consent.given_on, consent.purpose_follow_up, consent.purpose_referral) == (
        dt.date(2024, 5, 1),
        True,
        False,
    )
    assert participant.possible_duplicate_of is None


def test_participant_intake_requires_consent(in_a):
    with pytest.raises(ApplicationError) as caught:
        _intake(consent=None)
    assert caught.value.code == "consent_required"
    with pytest.raises(ApplicationError) as caught:
        _intake(
            consent={"given_on": dt.date(2024, 5, 1), "purpose_follow_up": False, "purpose_statistics": False}
        )
    assert caught.value.code == "consent_no_purpose"


@pytest.mark.parametrize(
    "identity",
    [
        # same name (any case) and birth date, another e-mail
        {
            "first_name": "ALEX",
            "last_name": "fictif",
            "birth_date": dt.date(1997, 3, 2),
            "email": "autre@exemple.invalid",
        },
        # same e-mail, another name
        {"first_name": "Sam", "last_name": "Autre", "birth_date": None, "email": "Alex@Exemple.invalid"},
    ],
)
def test_participant_intake_flags_a_possible_duplicate(in_a, identity):
    first = _intake()
    second = _intake(identity=identity)
    # then the second file exists, flagged, instead of silently being a second person
    assert second.pk != first.pk
    assert second.possible_duplicate_of == first


def test_participant_intake_does_not_flag_a_namesake_born_another_day(in_a):
    _intake()
    other = _intake(identity={"first_name": "Alex", "last_name": "Fictif", "birth_date": dt.date(1990, 1, 1)})
    assert other.possible_duplicate_of is None


def test_participant_intake_requires_a_country_for_someone_from_abroad(in_a):
    with pytest.raises(ApplicationError) as caught:
        _intake(origin_kind="abroad")
    assert (caught.value.code, caught.value.field) == ("origin_country_required", "origin_country")


def test_consent_withdrawal_blocks_new_enrollments(in_a):
    participant = _intake()
    services.participant_consent_withdraw(participant=participant, withdrawn_on=dt.date(2024, 6, 1))
    assert not participant.has_consent
    assert participant.consents.get().withdrawn_on == dt.date(2024, 6, 1)
    with pytest.raises(ApplicationError) as caught:
        services.participant_enroll(
            participant=participant, program=f.ProgramFactory(), applied_on=dt.date(2024, 6, 2)
        )
    assert caught.value.code == "consent_withdrawn"


def test_enrollment_lifecycle_and_one_open_enrollment(in_a):
    participant, program, agent = _intake(), f.ProgramFactory(), f.TeamMemberFactory()
    enrollment = services.participant_enroll(
        participant=participant, program=program, applied_on=dt.date(2024, 5, 2), agent=agent
    )
    assert enrollment.status == EnrollmentStatus.APPLIED
    # a second open enrollment in the same program is refused
    with pytest.raises(ApplicationError) as caught:
        services.participant_enroll(participant=participant, program=program, applied_on=dt.date(2024, 5, 3))
    assert caught.value.code == "enrollment_already_open"
    # applied -> waitlisted -> enrolled -> active -> completed
    for status, day in (("waitlisted", 5), ("enrolled", 10), ("active", 12), ("completed", 30)):
        services.enrollment_transition(enrollment=enrollment, to_status=status, on=dt.date(2024, 5, day))
    assert (enrollment.start_date, enrollment.end_date) == (dt.date(2024, 5, 10), dt.date(2024, 5, 30))
    assert list(enrollment.status_changes.values_list("to_status", flat=True)) == [
        "applied",
        "waitlisted",
        "enrolled",
        "active",
        "completed",
    ]
    # a closed enrollment does not reopen
    with pytest.raises(ApplicationError) as caught:
        services.enrollment_transition(enrollment=enrollment, to_status="active", on=dt.date(2024, 6, 1))
    assert caught.value.code == "enrollment_transition_invalid"
    # and once closed, the person may enroll again
    again = services.participant_enroll(
        participant=participant, program=program, applied_on=dt.date(2024, 7, 1)
    )
    assert again.is_open


def test_enrollment_refuses_an_age_group_outside_the_program(in_a):
    participant = _intake(age_group="30_35")
    program = f.ProgramFactory(age_min=15, age_max=19)
    with pytest.raises(ApplicationError) as caught:
        services.participant_enroll(participant=participant, program=program, applied_on=dt.date(2024, 5, 2))
    assert caught.value.code == "age_out_of_range"
    assert "15 à 19 ans" in caught.value.detail


def test_migration_outcome_settles_the_person_and_schedules_retention(in_a):
    participant, agent = _intake(), f.TeamMemberFactory()
    enrollment = services.participant_enroll(
        participant=participant, program=f.ProgramFactory(), applied_on=dt.date(2023, 11, 1), status="active"
    )
    services.participant_journey_advance(
        participant=participant, step="exploratory_stay", on=dt.date(2023, 11, 20)
    )
    services.participant_journey_advance(
        participant=participant, step="job_or_studies_found", on=dt.date(2024, 1, 5)
    )
    # when the agent records a successful migration on 31 January
    services.migration_outcome_record(
        enrollment=enrollment,
        outcome=Outcome.SUCCESSFUL_MIGRATION,
        on=dt.date(2024, 1, 31),
        recorded_by=agent,
        destination_mrc="Le Fjord-du-Saguenay",
        destination_municipality="Saint-Fulgence",
    )
    # then the outcome is dated and signed, the enrollment closed, the person settled
    enrollment.refresh_from_db()
    participant.refresh_from_db()
    assert (enrollment.outcome, enrollment.outcome_on, enrollment.outcome_recorded_by) == (
        "successful_migration",
        dt.date(2024, 1, 31),
        agent,
    )
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert (participant.journey_step, participant.settled_on) == (JourneyStep.SETTLED, dt.date(2024, 1, 31))
    assert participant.destination_municipality == "Saint-Fulgence"
    # and follow-ups at 3, 6, 12 and 24 months (31 January + 1 month clamps to month ends)
    followups = list(
        participant.retention_followups.order_by("months_after").values_list(
            "months_after", "due_on", "status"
        )
    )
    assert followups == [
        (3, dt.date(2024, 4, 30), "scheduled"),
        (6, dt.date(2024, 7, 31), "scheduled"),
        (12, dt.date(2025, 1, 31), "scheduled"),
        (24, dt.date(2026, 1, 31), "scheduled"),
    ]
    # scheduling again changes nothing
    assert len(services.retention_followups_schedule(participant=participant)) == 4
    # recording one
    first = participant.retention_followups.get(months_after=3)
    services.retention_followup_record(
        followup=first, status=RetentionStatus.STILL_HERE, recorded_on=dt.date(2024, 5, 2), recorded_by=agent
    )
    first.refresh_from_db()
    assert (first.status, first.recorded_by) == ("still_here", agent)
    with pytest.raises(ApplicationError) as caught:
        services.retention_followup_record(
            followup=first, status="scheduled", recorded_on=dt.date(2024, 5, 2)
        )
    assert caught.value.code == "retention_status_invalid"
    # the journey does not go backwards
    with pytest.raises(ApplicationError) as caught:
        services.participant_journey_advance(
            participant=participant, step="exploratory_stay", on=dt.date(2024, 6, 1)
        )
    assert caught.value.code == "journey_step_backwards"


def test_migration_outcome_must_be_a_migration(in_a):
    enrollment = f.EnrollmentFactory()
    with pytest.raises(ApplicationError) as caught:
        services.migration_outcome_record(enrollment=enrollment, outcome="employed", on=dt.date(2024, 6, 1))
    assert caught.value.code == "outcome_invalid"


def test_retention_needs_a_settled_person(in_a):
    with pytest.raises(ApplicationError) as caught:
        services.retention_followups_schedule(participant=f.ParticipantFactory())
    assert caught.value.code == "participant_not_settled"


def test_intervention_log_checks_subject_and_enrollment(in_a):
    enrollment, agent = f.EnrollmentFactory(), f.TeamMemberFactory()
    logged = services.intervention_log(
        date=dt.date(2024, 6, 1), minutes=90, agent=agent, enrollment=enrollment
    )
    # the participant and program come from the enrollment
    assert (logged.participant, logged.program) == (enrollment.participant, enrollment.program)
    with pytest.raises(ApplicationError) as caught:
        services.intervention_log(
            date=dt.date(2024, 6, 1), minutes=30, participant=f.ParticipantFactory(), enrollment=enrollment
        )
    assert caught.value.code == "enrollment_mismatch"
    with pytest.raises(ApplicationError) as caught:
        services.intervention_log(date=dt.date(2024, 6, 1), minutes=30, agent=agent)
    assert caught.value.code == "intervention_no_subject"
    # a group session or a company needs no participant
    assert services.intervention_log(date=dt.date(2024, 6, 1), minutes=120, mode="group", group_size=8).pk
    assert services.intervention_log(date=dt.date(2024, 6, 1), minutes=60, partner=f.CompanyFactory()).pk


def test_agreement_create_with_parties_deliverables_and_targets(in_a):
    arbj, midi = f.PartnerFactory(name="ARBJ test"), f.FunderFactory(name="MIDI test")
    agreement = services.agreement_create(
        title="Entente administrative test",
        kind="administrative",
        parties=[
            services.PartySpec(partner=arbj, contribution="50000"),
            services.PartySpec(funder=midi, contribution=Decimal("50000.00"), role="funder"),
        ],
        signed_on=dt.date(2013, 10, 1),
        start_date=dt.date(2013, 10, 1),
    )
    assert sorted(agreement.parties.values_list("contribution", flat=True)) == [Decimal("50000.00")] * 2
    with pytest.raises(ApplicationError) as caught:
        services.agreement_party_add(agreement=agreement, partner=arbj, contribution=1)
    assert caught.value.code == "agreement_party_duplicate"
    deliverable = services.deliverable_create(
        agreement=agreement, title="Diagnostic", due_date=dt.date(2015, 3, 31)
    )
    services.deliverable_update(
        deliverable=deliverable, status="done", completed_on=dt.date(2015, 3, 31), evidence="Rapport"
    )
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.position) == ("done", 1)
    target = services.indicator_target_set(agreement=agreement, indicator="deliverables_done", target=2)
    replaced = services.indicator_target_set(agreement=agreement, indicator="deliverables_done", target=3)
    assert replaced.pk == target.pk
    assert replaced.target == Decimal("3")


def test_activity_keeps_headcounts_apart_from_named_attendance(in_a):
    person = f.ParticipantFactory()
    activity = services.activity_create(
        title="Kiosque au cégep",
        kind="kiosk",
        start_date=dt.date(2024, 9, 12),
        reach={"15_19": 40, "20_24": 25},
        participants=[person],
    )
    assert sorted(activity.reach.values_list("age_band", "headcount")) == [("15_19", 40), ("20_24", 25)]
    assert list(activity.participants.all()) == [person]
    with pytest.raises(ApplicationError) as caught:
        services.activity_attendance_add(activity=activity, participant=person)
    assert caught.value.code == "already_attending"
    services.activity_reach_set(activity=activity, age_band="15_19", headcount=0)
    assert activity.reach.count() == 1


def test_service_point_partner_program_and_service(in_a):
    partner = services.partner_create(name="Organisme test", kind="community", city="Alma")
    point = services.service_point_create(
        partner=partner, name="Bureau d'Alma", address="1, rue Sacré-Cœur", city="Alma"
    )
    funder = f.FunderFactory()
    program = services.program_create(
        code="accueil",
        name_fr="Accueil",
        name_en="Welcome",
        axis="settlement",
        funders=[funder],
        age_min=18,
        age_max=35,
    )
    service = services.service_create(
        partner=partner,
        name_fr="Accueil",
        name_en="Welcome",
        service_points=[point],
        languages=["fr", "en"],
        program=program,
    )
    assert list(service.service_points.all()) == [point]
    assert list(program.funders.all()) == [funder]
    member = services.team_member_create(
        full_name="Agent test", role="integration_agent", employer=partner, programs=[program]
    )
    assert list(member.programs.all()) == [program]
