"""migrate_regions: the plan is built once and every schema's state read in one query; a failing
region is reported without stopping the others; a re-run continues with what is left."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tenants.models import SpareSchema
from tenants.pool import spare_pool_fill, spare_take
from tenants.schemas import migration_state, pending_by_schema

pytestmark = pytest.mark.django_db


def _table_exists(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'"{schema}"."{table}"'])
        return cursor.fetchone()[0]


def test_reading_every_schemas_state_costs_the_same_statements_for_one_or_many(region_a, region_b):
    with CaptureQueriesContext(connection) as one:
        assert pending_by_schema([region_a.schema_name]) == {}
    with CaptureQueriesContext(connection) as many:
        assert pending_by_schema([region_a.schema_name, region_b.schema_name, "_template"]) == {}
    assert len(one) == len(many) == 2


def test_nothing_to_apply_migrates_no_schema(capsys):
    call_command("migrate_regions", verbosity=1)
    out = capsys.readouterr().out
    assert "0 of " in out
    assert "Template schema already up to date." in out


def test_one_failing_region_is_reported_the_others_migrated_and_a_rerun_resumes(
    region_a, region_b, new_core_migration, capsys
):
    # given a new migration, and region B in a state where it cannot apply (its table already exists)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE TABLE "{region_b.schema_name}"."{new_core_migration}" (id int)')
    pending = pending_by_schema([region_a.schema_name, region_b.schema_name, "_template"])
    assert set(pending) == {region_a.schema_name, region_b.schema_name, "_template"}
    # when the regions are migrated, then region B's failure is named and the command fails at the end
    with pytest.raises(CommandError, match=region_b.schema_name):
        call_command("migrate_regions", verbosity=2)
    assert f"{region_b.schema_name}: FAILED" in capsys.readouterr().err
    # and every other schema got the migration
    assert _table_exists(region_a.schema_name, new_core_migration)
    assert _table_exists("_template", new_core_migration)
    assert set(pending_by_schema([region_a.schema_name, region_b.schema_name, "_template"])) == {
        region_b.schema_name
    }
    # when the cause is fixed and the command re-run, then only region B is migrated
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{region_b.schema_name}"."{new_core_migration}"')
    call_command("migrate_regions", verbosity=2)
    out = capsys.readouterr().out
    assert f"{region_b.schema_name}: core.9999_probe" in out
    assert region_a.schema_name not in out
    assert pending_by_schema([region_a.schema_name, region_b.schema_name]) == {}


def test_spares_are_migrated_and_handed_out_again(new_core_migration, settings):
    # given a spare built before the new migration: it lags and is not handed out
    with_new_migration = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = {}
    [spare] = spare_pool_fill(1)
    settings.MIGRATION_MODULES = with_new_migration
    assert SpareSchema.objects.get().migration_state != migration_state()
    # when the regions are migrated
    call_command("migrate_regions", verbosity=0)
    # then the spare has the new table and is current again
    assert _table_exists(spare, new_core_migration)
    assert SpareSchema.objects.get().migration_state == migration_state()
    with transaction.atomic():
        assert spare_take("spare_after_migrate")
    assert _table_exists("spare_after_migrate", new_core_migration)
