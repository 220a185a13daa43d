"""migrate_regions' forked workers, for real: outside any test transaction (a transaction open in
the parent makes migrate_pending run serially), on committed schemas removed at the end."""

import os

import pytest
from django.db import connection

from tenants.models import SpareSchema
from tenants.pool import _spare_drop, spare_pool_fill
from tenants.schemas import migrate_pending, pending_by_schema


def _table_exists(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{table}"'])
        return cursor.fetchone()[0]


def test_forked_workers_migrate_every_lagging_schema_once(
    new_core_migration, settings, django_db_setup, django_db_blocker
):
    with django_db_blocker.unblock():
        # given two schemas built before a new migration (spares: complete region schemas)
        with_new_migration = settings.MIGRATION_MODULES
        settings.MIGRATION_MODULES = {}
        schemas = spare_pool_fill(2)
        settings.MIGRATION_MODULES = with_new_migration
        try:
            pending = pending_by_schema(schemas)
            assert set(pending) == set(schemas)
            # when they are migrated by two workers
            seen = []
            results = migrate_pending(pending, workers=2, on_result=seen.append)
            # then each was migrated once, in a worker process, and reported as it finished
            assert sorted(result.schema for result in results) == sorted(schemas)
            assert seen == results
            assert [result.error for result in results] == [None, None]
            assert all(result.applied == ["core.9999_probe"] for result in results)
            assert os.getpid() not in {result.worker_pid for result in results}
            assert all(result.peak_rss_kib > 0 for result in results)
            assert all(_table_exists(schema, new_core_migration) for schema in schemas)
            assert pending_by_schema(schemas) == {}
        finally:
            connection.set_schema_to_public()
            for spare in SpareSchema.objects.filter(schema_name__in=schemas):
                _spare_drop(spare)
        assert not SpareSchema.objects.filter(schema_name__in=schemas).exists()


@pytest.mark.django_db
def test_a_transaction_open_in_the_caller_keeps_the_work_in_its_process(new_core_migration, settings):
    with_new_migration = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = {}
    schemas = spare_pool_fill(2)
    settings.MIGRATION_MODULES = with_new_migration
    results = migrate_pending(pending_by_schema(schemas), workers=2)
    # a forked worker could not see the uncommitted spares: they are migrated here instead
    assert {result.worker_pid for result in results} == {os.getpid()}
    assert [result.error for result in results] == [None, None]
