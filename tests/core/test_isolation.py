"""A row written in one region's workspace is invisible from another region."""

import pytest
from django.db import connection

from core.models import Partner, PartnerKind

pytestmark = pytest.mark.django_db


def test_partner_written_in_a_is_invisible_from_b(region_a, region_b):
    # given a partner written in region A
    connection.set_tenant(region_a)
    Partner.objects.create(name="Seulement en Alpha", kind=PartnerKind.COMMUNITY)
    assert Partner.objects.filter(name="Seulement en Alpha").exists()

    # when region B looks for it, then it is not there
    connection.set_tenant(region_b)
    assert not Partner.objects.filter(name="Seulement en Alpha").exists()


def test_indicators_of_b_do_not_count_a(region_a, region_b):
    from core import selectors
    from tests.factories import core as f

    # given people, hours and reach in region A
    connection.set_tenant(region_a)
    f.InterventionFactory(minutes=600, enrollment=f.EnrollmentFactory())
    f.ActivityReachFactory(headcount=50)
    assert selectors.intervention_hours() >= 10
    a_ids = list(Partner.objects.values_list("pk", flat=True))

    # then region B's reports and lookups see none of it
    connection.set_tenant(region_b)
    assert selectors.intervention_hours() == 0
    assert selectors.people_reached() == 0
    assert selectors.participant_count() == 0
    assert not Partner.objects.filter(pk__in=a_ids).exists()


def test_duplicate_check_never_looks_into_another_region(region_a, region_b):
    import datetime as dt

    from core import services

    intake = {
        "intake_date": dt.date(2024, 5, 1),
        "age_group": "25_29",
        "gender": "man",
        "identity": {"first_name": "Sam", "last_name": "Fictif", "email": "sam@exemple.invalid"},
        "consent": {"given_on": dt.date(2024, 5, 1), "purpose_follow_up": True},
    }
    connection.set_tenant(region_a)
    services.participant_intake(**intake)
    connection.set_tenant(region_b)
    # the same person received in B is not flagged against A's file
    assert services.participant_intake(**intake).possible_duplicate_of is None
