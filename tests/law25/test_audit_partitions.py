"""The access trail is partitioned by month in every region's schema (cloned regions included):
rows land in their month's partition, coming months are prepared, expired months dropped whole."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from core.audit_partitions import (
    audit_partitions_drop_before,
    audit_partitions_ensure,
    is_partitioned,
    partition_name,
)
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _partition_of(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM core_auditevent WHERE id = %s", [event_id])
        return cursor.fetchone()[0].split(".")[-1]


def _event(at: dt.datetime) -> AuditEvent:
    event = AuditEvent.objects.create(action="view", object_type="core.participant", object_id="1")
    AuditEvent.objects.filter(pk=event.pk).update(at=at)
    return event


def test_every_region_and_the_template_have_a_partitioned_trail(region_a, region_b):
    from django.conf import settings

    for schema in ("alpha", "beta_nord", settings.TENANT_TEMPLATE_SCHEMA):
        connection.set_schema(schema)
        assert is_partitioned(), schema


def test_a_new_row_lands_in_its_months_partition(region_a):
    connection.set_tenant(region_a)
    event = AuditEvent.objects.create(action="view", object_type="core.participant", object_id="7")
    assert _partition_of(event.pk) == partition_name(timezone.now().date().replace(day=1))


def test_coming_months_are_prepared_and_the_default_partitions_rows_move_in(region_a):
    connection.set_tenant(region_a)
    far = timezone.now() + dt.timedelta(days=200)
    event = _event(far)
    assert _partition_of(event.pk) == "core_auditevent_default"
    created = audit_partitions_ensure(today=far.date())
    assert partition_name(far.date().replace(day=1)) in created
    assert _partition_of(event.pk) == partition_name(far.date().replace(day=1))
    assert audit_partitions_ensure(today=far.date()) == []  # idempotent


def test_expired_months_are_dropped_whole(region_a):
    connection.set_tenant(region_a)
    audit_partitions_ensure(today=dt.date(2024, 1, 15), back_to=dt.date(2024, 1, 1))
    january = _event(dt.datetime(2024, 1, 10, tzinfo=dt.UTC))
    march = _event(dt.datetime(2024, 3, 10, tzinfo=dt.UTC))
    assert _partition_of(january.pk) == "core_auditevent_p202401"
    removed = audit_partitions_drop_before(dt.date(2024, 2, 1))
    assert removed >= 1
    assert not AuditEvent.objects.filter(pk=january.pk).exists()
    assert AuditEvent.objects.filter(pk=march.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('core_auditevent_p202401')")
        assert cursor.fetchone()[0] is None
