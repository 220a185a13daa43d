"""The template schema new regions are cloned from is never stale."""

import pytest
from django.core.management import call_command
from django.db import connection

from tenants.provisioning import provision_region, template_pending_migrations

pytestmark = pytest.mark.django_db


def _table_exists(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
            [schema, table],
        )
        return cursor.fetchone() is not None


def test_template_is_fresh_after_setup():
    assert template_pending_migrations() == []


def test_new_migration_reaches_regions_cloned_after_migrate(new_core_migration):
    # given a new migration on disk: the template lags behind
    assert template_pending_migrations() == ["core.9999_probe"]
    # when the project is migrated, then a region is onboarded by cloning
    call_command("migrate_regions", verbosity=0)
    assert template_pending_migrations() == []
    region = provision_region(slug="abitibi", name="Abitibi", admin_email="a@abitibi.test")
    # then the new region really has the new table, not just a migration marked applied
    assert _table_exists(region.schema_name, new_core_migration)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{region.schema_name}"."{new_core_migration}" DEFAULT VALUES RETURNING note'
        )
        assert cursor.fetchone() == ("sonde",)


def test_provisioning_refreshes_a_stale_template_by_itself(new_core_migration):
    # given nobody ran migrate after the new migration landed
    assert template_pending_migrations() == ["core.9999_probe"]
    # when a region is onboarded
    region = provision_region(slug="bas-saint-laurent", name="Bas-Saint-Laurent", admin_email="a@bsl.test")
    # then the template was brought up to date first, and the clone carries the new table
    assert template_pending_migrations() == []
    assert _table_exists("_template", new_core_migration)
    assert _table_exists(region.schema_name, new_core_migration)
