"""Under 14, a parent or tutor consents: the intake says who, or is refused. Privacy by default:
optional purposes start refused, retention starts at its shortest default."""

import datetime as dt

import pytest
from django.db import connection

from core import services
from core.errors import ApplicationError
from core.models import AgeGroup, Consent, Gender, PrivacySettings

pytestmark = pytest.mark.django_db


def _intake(*, birth_date=None, age_group=AgeGroup.UNDER_15, consent=None):
    return services.participant_intake(
        intake_date=dt.date(2026, 5, 1),
        age_group=age_group,
        gender=Gender.WOMAN,
        identity={"first_name": "Jeune", "last_name": "Fictive", "birth_date": birth_date},
        consent=consent or {"given_on": dt.date(2026, 5, 1)},
    )


def test_a_thirteen_year_old_needs_a_guardians_consent(region_a):
    connection.set_tenant(region_a)
    with pytest.raises(ApplicationError) as error:
        _intake(birth_date=dt.date(2012, 6, 1))
    assert error.value.code == "parental_consent_required"
    assert error.value.field == "guardian_name"
    participant = _intake(
        birth_date=dt.date(2012, 6, 1),
        consent={
            "given_on": dt.date(2026, 5, 1),
            "guardian_name": "Parent Fictif",
            "guardian_relationship": "mère",
        },
    )
    consent = Consent.objects.get(participant=participant)
    assert (consent.guardian_name, consent.guardian_relationship) == ("Parent Fictif", "mère")


def test_fourteen_on_the_day_consents_alone(region_a):
    connection.set_tenant(region_a)
    participant = _intake(birth_date=dt.date(2012, 5, 1))
    assert Consent.objects.get(participant=participant).guardian_name == ""


def test_without_a_birth_date_the_under_15_group_needs_a_guardian(region_a):
    connection.set_tenant(region_a)
    with pytest.raises(ApplicationError):
        _intake()
    assert _intake(age_group=AgeGroup.AGE_15_19).has_consent


def test_privacy_by_default(region_a):
    connection.set_tenant(region_a)
    participant = _intake(age_group=AgeGroup.AGE_20_24)
    consent = Consent.objects.get(participant=participant)
    # only what the service needs is agreed unless the person says more
    assert (consent.purpose_referral, consent.purpose_communications) == (False, False)
    assert (PrivacySettings.current().retention_years, PrivacySettings.current().audit_retention_months) == (
        5,
        36,
    )
