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
