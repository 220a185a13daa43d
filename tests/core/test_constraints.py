"""Every rule is enforced by the database itself (IntegrityError naming the constraint), and the
services refuse the same bad data first with a clear ApplicationError code and message."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core import services
from core.errors import ApplicationError
from core.models import EnrollmentStatus, InterventionMode
from tests.factories import core as f

pytestmark = pytest.mark.django_db


def _db_rejects(build, constraint: str):
    """The insert fails in PostgreSQL; `constraint` is its name, or the key columns for plain unique
    constraints (schemas cloned from the template carry PostgreSQL's own names for those)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        build()
    assert constraint in str(caught.value)


@pytest.mark.parametrize(
    ("build", "constraint"),
    [
        (
            lambda: f.AgreementFactory(start_date=dt.date(2024, 4, 1), end_date=dt.date(2024, 3, 1)),
            "core_agreement_end_after_start",
        ),
        (
            lambda: f.AgreementPartyFactory(contribution=Decimal("-1")),
            "core_agreementparty_contribution_not_negative",
        ),
        (lambda: f.AgreementPartyFactory(partner=None, funder=None), "core_agreementparty_has_party"),
        (lambda: f.DeliverableFactory(status="done", completed_on=None), "core_deliverable_done_has_date"),
        (
            lambda: f.DeliverableFactory(start_date=dt.date(2024, 5, 1), due_date=dt.date(2024, 4, 1)),
            "core_deliverable_due_after_start",
        ),
        (lambda: f.IndicatorTargetFactory(target=Decimal("-5")), "core_indicatortarget_target_not_negative"),
        (lambda: f.ProgramFactory(age_min=30, age_max=20), "core_program_age_range_valid"),
        (lambda: f.ProgramFactory(age_min=15, age_max=150), "core_program_age_range_valid"),
        (lambda: f.InterventionFactory(minutes=0), "core_intervention_minutes_valid"),
        (lambda: f.InterventionFactory(minutes=24 * 60 + 1), "core_intervention_minutes_valid"),
        (
            lambda: f.InterventionFactory(participant=None, partner=None, mode=InterventionMode.INDIVIDUAL),
            "core_intervention_has_subject",
        ),
        (lambda: f.InterventionFactory(group_size=1), "core_intervention_group_size_valid"),
        (
            lambda: f.EnrollmentFactory(start_date=dt.date(2024, 4, 1)),
            "core_enrollment_start_after_application",
        ),
        (
            lambda: f.EnrollmentFactory(status=EnrollmentStatus.COMPLETED, end_date=None),
            "core_enrollment_closed_has_end",
        ),
        (lambda: f.EnrollmentFactory(end_date=dt.date(2024, 4, 30)), "core_enrollment_end_after_application"),
        (
            lambda: f.EnrollmentFactory(outcome="employed", outcome_on=None),
            "core_enrollment_outcome_has_date",
        ),
        (
            lambda: f.ParticipantFactory(journey_step="settled", settled_on=None),
            "core_participant_settled_has_date",
        ),
        (
            lambda: f.ParticipantFactory(origin_kind="abroad", origin_country=""),
            "core_participant_abroad_has_country",
        ),
        (lambda: f.ConsentFactory(withdrawn_on=dt.date(2024, 4, 1)), "core_consent_withdrawn_after_given"),
        (
            lambda: f.ConsentFactory(
                purpose_follow_up=False,
                purpose_statistics=False,
                purpose_referral=False,
                purpose_communications=False,
            ),
            "core_consent_has_purpose",
        ),
        (lambda: f.RetentionFollowUpFactory(months_after=5), "core_retention_months_valid"),
        (
            lambda: f.RetentionFollowUpFactory(status="still_here", recorded_on=None),
            "core_retention_recorded_has_date",
        ),
        (lambda: f.ActivityFactory(end_date=dt.date(2024, 5, 1)), "core_activity_end_after_start"),
        (lambda: f.ObjectiveFactory(agreement=f.AgreementFactory()), "core_objective_exactly_one_owner"),
        (
            lambda: f.TeamMemberFactory(started_on=dt.date(2024, 1, 1), ended_on=dt.date(2023, 1, 1)),
            "core_teammember_end_after_start",
        ),
        (lambda: f.ServicePointFactory(latitude=Decimal("95")), "core_servicepoint_coordinates_valid"),
    ],
)
def test_database_rejects_bad_rows(in_a, build, constraint):
    _db_rejects(build, constraint)


def test_database_allows_one_open_enrollment_per_participant_and_program(in_a):
    # given an open enrollment
    first = f.EnrollmentFactory()
    # then a second open one for the same person and program is refused by the database
    _db_rejects(
        lambda: f.EnrollmentFactory(participant=first.participant, program=first.program, status="applied"),
        "core_enrollment_one_open_per_program",
    )
    # but a closed one beside it is history, and allowed
    f.EnrollmentFactory(
        participant=first.participant, program=first.program, status="withdrawn", end_date=dt.date(2024, 6, 1)
    )


def test_database_rejects_duplicates(in_a):
    partner = f.PartnerFactory(name="CJE Test")
    _db_rejects(lambda: f.PartnerFactory(name="cje test"), "core_partner_name_unique")
    party = f.AgreementPartyFactory(partner=partner)
    _db_rejects(
        lambda: f.AgreementPartyFactory(agreement=party.agreement, partner=partner),
        "core_agreementparty_partner_once",
    )
    target = f.IndicatorTargetFactory()
    # NULLS NOT DISTINCT: one target per indicator even without a program
    _db_rejects(
        lambda: f.IndicatorTargetFactory(agreement=target.agreement), "(agreement_id, indicator, program_id)"
    )
    reach = f.ActivityReachFactory()
    _db_rejects(
        lambda: f.ActivityReachFactory(activity=reach.activity, age_band=reach.age_band),
        "(activity_id, age_band)",
    )
    followup = f.RetentionFollowUpFactory()
    _db_rejects(
        lambda: f.RetentionFollowUpFactory(participant=followup.participant),
        "(participant_id, months_after)",
    )


def test_protected_rows_cannot_vanish(in_a):
    from django.db.models import ProtectedError

    deliverable = f.DeliverableFactory()
    with pytest.raises(ProtectedError):
        deliverable.agreement.delete()
    intervention = f.InterventionFactory()
    with pytest.raises(ProtectedError):
        intervention.participant.delete()
    enrollment = f.EnrollmentFactory()
    with pytest.raises(ProtectedError):
        enrollment.program.delete()


@pytest.mark.parametrize(
    ("call", "code", "field", "message"),
    [
        (
            lambda: services.agreement_create(
                title="X",
                kind="administrative",
                parties=[{"partner": f.PartnerFactory(), "contribution": 1}],
                start_date=dt.date(2024, 4, 1),
                end_date=dt.date(2024, 1, 1),
            ),
            "dates_inverted",
            "end_date",
            "La fin de l'entente ne peut précéder son début.",
        ),
        (
            lambda: services.agreement_create(
                title="X",
                kind="administrative",
                parties=[{"partner": f.PartnerFactory(), "contribution": "-10"}],
            ),
            "contribution_negative",
            "contribution",
            "Un montant ne peut pas être négatif.",
        ),
        (
            lambda: services.agreement_create(title="X", kind="administrative", parties=[]),
            "agreement_no_party",
            "parties",
            "Une entente compte au moins une partie.",
        ),
        (
            lambda: services.program_create(code="p", name_fr="P", axis="settlement", age_min=35, age_max=15),
            "age_range_invalid",
            "age_max",
            "L'âge maximum doit être supérieur ou égal à l'âge minimum.",
        ),
        (
            lambda: services.intervention_log(
                date=dt.date(2024, 1, 1), minutes=0, participant=f.ParticipantFactory()
            ),
            "minutes_invalid",
            "minutes",
            "La durée doit être de 1 à 1 440 minutes.",
        ),
        (
            lambda: services.deliverable_update(deliverable=f.DeliverableFactory(), status="done"),
            "deliverable_done_without_date",
            "completed_on",
            "Un livrable réalisé doit avoir une date de réalisation.",
        ),
        (
            lambda: services.indicator_target_set(
                agreement=f.AgreementFactory(), indicator="participants", target=-1
            ),
            "target_negative",
            "target",
            "Un montant ne peut pas être négatif.",
        ),
        (
            lambda: services.activity_reach_set(activity=f.ActivityFactory(), age_band="20_24", headcount=-3),
            "headcount_negative",
            "headcount",
            "Le nombre de personnes ne peut pas être négatif.",
        ),
        (
            lambda: services.partner_create(name=f.PartnerFactory().name.upper(), kind="community"),
            "partner_name_taken",
            "name",
            "Un organisme porte déjà ce nom.",
        ),
    ],
)
def test_services_refuse_bad_input_with_a_clear_error(in_a, call, code, field, message):
    with pytest.raises(ApplicationError) as caught:
        call()
    assert (caught.value.code, caught.value.field, caught.value.detail) == (code, field, message)


def test_service_errors_are_translated(in_a):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError) as caught:
        services.intervention_log(date=dt.date(2024, 1, 1), minutes=-5, participant=f.ParticipantFactory())
    assert caught.value.detail == "The duration must be from 1 to 1,440 minutes."
