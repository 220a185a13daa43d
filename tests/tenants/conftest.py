"""Fixtures of the tenants tests: a new migration on disk, as a developer would add one."""

import shutil
import uuid
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

import core

PROBE_MIGRATION = """
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = {dependencies!r}
    operations = [
        migrations.RunSQL(
            "CREATE TABLE {table} (id bigserial PRIMARY KEY, note text NOT NULL DEFAULT 'sonde')",
            "DROP TABLE {table}",
        ),
    ]
"""


@pytest.fixture
def new_core_migration(tmp_path, monkeypatch, settings):
    """Core's migrations plus one new migration creating a probe table, as a developer would add."""
    package = f"core_migrations_{uuid.uuid4().hex[:8]}"
    target = tmp_path / package
    shutil.copytree(
        Path(core.__file__).parent / "migrations", target, ignore=shutil.ignore_patterns("__pycache__")
    )
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("core")
    table = f"probe_{uuid.uuid4().hex[:8]}"
    (target / "9999_probe.py").write_text(PROBE_MIGRATION.format(dependencies=list(leaves), table=table))
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.MIGRATION_MODULES = {"core": package}
    return table
