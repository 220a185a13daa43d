"""Law 25: every access to personal information leaves a trace; export and erasure on request."""

import pytest
from django.db import connection

from core import selectors
from core.audit import audit_identities_viewed
from core.errors import ApplicationError, ParticipantErrorCode
from core.models import AuditAction, AuditEvent, Participant, ParticipantIdentity
from core.services import participant_erase, participant_export
from tests.factories import core as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(region_a):
    """A followed person in region A, with identity, consent, enrollment, hours and a note."""
    connection.set_tenant(region_a)
    identity = f.ParticipantIdentityFactory(
        first_name="Camille", last_name="Fictive", email="camille@exemple.invalid"
    )
    participant = identity.participant
    f.ConsentFactory(participant=participant)
    enrollment = f.EnrollmentFactory(participant=participant)
    f.InterventionFactory(
        participant=participant, enrollment=enrollment, minutes=90, notes="Camille cherche un logement"
    )
    return participant


@pytest.fixture
def coordinator(region_a):
    connection.set_tenant(region_a)
    return f.UserFactory(email="coordination@alpha.test")


def test_export_gives_everything_held_and_is_logged(person, coordinator):
    document = participant_export(participant=person, actor=coordinator)
    assert document["code"] == person.code
    assert document["identity"]["first_name"] == "Camille"
    assert document["identity"]["email"] == "camille@exemple.invalid"
    assert len(document["consents"]) == 1
    assert len(document["enrollments"]) == 1
    assert document["interventions"][0]["minutes"] == 90
    assert document["interventions"][0]["notes"] == "Camille cherche un logement"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor_email, event.participant_code) == ("coordination@alpha.test", person.code)


def test_erase_removes_personal_information_and_keeps_statistics(person, coordinator):
    participants_before = selectors.participant_count()
    hours_before = selectors.intervention_hours()
    # when the person asks to be erased
    participant_erase(participant=person, actor=coordinator, reason="Demande écrite du 2024-06-01")
    # then nothing can name them any more
    assert not ParticipantIdentity.objects.filter(participant=person).exists()
    person.refresh_from_db()
    assert person.erased_on is not None
    assert not person.has_consent
    assert list(person.interventions.values_list("notes", flat=True)) == [""]
    assert participant_export(participant=person, actor=coordinator)["identity"] is None
    # and the anonymous statistics still count them
    assert selectors.participant_count() == participants_before
    assert selectors.intervention_hours() == hours_before
    assert Participant.objects.filter(pk=person.pk).exists()
    erase_event = AuditEvent.objects.get(action=AuditAction.ERASE)
    assert erase_event.detail == {"reason": "Demande écrite du 2024-06-01"}


def test_erasing_twice_is_refused_with_a_clear_error(person, coordinator):
    participant_erase(participant=person, actor=coordinator)
    with pytest.raises(ApplicationError) as raised:
        participant_erase(participant=person, actor=coordinator)
    assert raised.value.code == ParticipantErrorCode.ALREADY_ERASED
    assert "déjà été effacés" in raised.value.detail


def test_erasure_clears_duplicate_links(person, coordinator):
    twin = f.ParticipantFactory(possible_duplicate_of=person)
    participant_erase(participant=person, actor=coordinator)
    twin.refresh_from_db()
    assert twin.possible_duplicate_of is None


def test_trail_holds_file_numbers_never_names(person, coordinator):
    audit_identities_viewed(actor=coordinator, participants=[person], context="participants-list")
    participant_export(participant=person, actor=coordinator)
    for event in AuditEvent.objects.all():
        text = f"{event.participant_code} {event.object_id} {event.detail}"
        assert "Camille" not in text
        assert "Fictive" not in text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, participant_code=person.code).count() == 1


def test_trail_and_erasure_stay_in_their_region(person, coordinator, region_b):
    participant_erase(participant=person, actor=coordinator)
    connection.set_tenant(region_b)
    assert not AuditEvent.objects.exists()
    assert not Participant.objects.filter(code=person.code).exists()
