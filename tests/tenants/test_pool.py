"""The spare schema pool: onboarding renames a spare made ahead of time, never one built for other
migrations, never one another onboarding took, and a spare carries nothing of any region."""

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tenants.models import SpareSchema
from tenants.pool import SPARE_TAKE_SQL, spare_pool_fill, spare_pool_status
from tenants.provisioning import provision_region
from tenants.schemas import migration_state
from tenants.tasks import spare_pool_refill, spare_pool_refill_soon

pytestmark = pytest.mark.django_db


def _schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def _row_counts(schema: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [schema],
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def _onboard(slug: str):
    steps = []
    region = provision_region(
        slug=slug, name=slug.title(), admin_email=f"admin@{slug}.test", progress=lambda s, m: steps.append(s)
    )
    return region, steps


def test_onboarding_renames_a_ready_spare_instead_of_cloning():
    # given one spare ready
    [spare] = spare_pool_fill(1)
    assert spare_pool_status()["ready"] == 1
    # when a region is onboarded
    region, steps = _onboard("gaspesie")
    # then the spare became the region's schema: no template check, no clone
    assert "template" not in steps
    assert not _schema_exists(spare)
    assert _schema_exists(region.schema_name)
    assert not SpareSchema.objects.exists()
    # and the region works: its first admin lives in its own schema
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT email FROM "{region.schema_name}".accounts_user')
        assert cursor.fetchall() == [("admin@gaspesie.test",)]


def test_empty_pool_falls_back_to_cloning_the_template():
    region, steps = _onboard("nunavik")
    assert "template" in steps
    assert _schema_exists(region.schema_name)


def test_a_spare_built_for_other_migrations_is_never_handed_out():
    # given a spare recorded at another migration state (a migration landed since it was built)
    [spare] = spare_pool_fill(1)
    SpareSchema.objects.filter(schema_name=spare).update(migration_state="before-a-new-migration")
    # when a region is onboarded, then it is cloned and the stale spare stays untouched
    region, steps = _onboard("chaudiere")
    assert "template" in steps
    assert _schema_exists(spare)
    # and `spare_pool rebuild` replaces it
    rebuilt = spare_pool_fill(1, drop_stale=True)
    assert not _schema_exists(spare)
    assert [s.schema_name for s in SpareSchema.objects.all()] == rebuilt
    assert SpareSchema.objects.get().migration_state == migration_state()


def test_a_spare_carries_nothing_of_any_region(region_a):
    # given region A holds people and accounts
    assert sum(_row_counts(region_a.schema_name).values()) > sum(_row_counts("_template").values())
    # when a spare is built and a new region takes it
    [spare] = spare_pool_fill(1)
    assert _row_counts(spare) == _row_counts("_template")
    region, _steps = _onboard("outaouais")
    # then the new region holds the template's rows and its own admin only, none of region A's
    counts = _row_counts(region.schema_name)
    template = _row_counts("_template")
    assert counts["accounts_user"] == 1
    assert {t: n for t, n in counts.items() if n != template[t]} == {"accounts_user": 1}
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT email FROM "{region.schema_name}".accounts_user')
        emails = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT email FROM "{region_a.schema_name}".accounts_user')
        assert not set(emails) & {row[0] for row in cursor.fetchall()}


def test_refill_builds_up_to_the_configured_size_and_no_more(settings, django_capture_on_commit_callbacks):
    settings.REGION_SPARE_POOL_SIZE = 2
    assert spare_pool_refill() == 2
    assert spare_pool_refill() == 0
    assert spare_pool_status() == {"size": 2, "ready": 2, "stale": 0}
    # and each onboarding queues a refill once it commits
    with django_capture_on_commit_callbacks() as callbacks:
        _onboard("mauricie")
    assert spare_pool_refill_soon in callbacks
    assert spare_pool_status()["ready"] == 1


def test_refill_soon_does_nothing_without_a_pool(settings):
    settings.REGION_SPARE_POOL_SIZE = 0
    spare_pool_refill_soon()
    assert not SpareSchema.objects.exists()


@pytest.fixture
def committed_spare_rows():
    """Two spare rows committed on their own connection (only the take is exercised: no schemas),
    so that other connections see them; deleted afterwards."""
    params = connection.get_connection_params()
    state = "concurrency-test-state"
    with psycopg.connect(**params, autocommit=True) as setup:
        setup.execute(
            "INSERT INTO tenants_spareschema (schema_name, migration_state, created_at) "
            "VALUES ('_spare_race_1', %s, now()), ('_spare_race_2', %s, now())",
            [state, state],
        )
        try:
            yield params, state
        finally:
            setup.execute("DELETE FROM tenants_spareschema WHERE migration_state = %s", [state])


def test_two_onboardings_at_once_never_take_the_same_spare(committed_spare_rows):
    params, state = committed_spare_rows
    with (
        psycopg.connect(**params) as first,
        psycopg.connect(**params) as second,
        psycopg.connect(**params) as third,
    ):
        # each connection is an onboarding's open transaction
        taken_first = first.execute(SPARE_TAKE_SQL, [state]).fetchone()
        taken_second = second.execute(SPARE_TAKE_SQL, [state]).fetchone()
        # a third finds both locked: it gets none (and clones) instead of waiting or sharing
        taken_third = third.execute(SPARE_TAKE_SQL, [state]).fetchone()
        assert taken_first
        assert taken_second
        assert taken_first != taken_second
        assert taken_third is None
        # an onboarding that fails gives its spare back
        first.rollback()
        assert third.execute(SPARE_TAKE_SQL, [state]).fetchone() == taken_first


def test_spare_pool_command_fills_shows_and_rebuilds(capsys):
    # given the pool filled by the command
    call_command("spare_pool", "fill", size=1)
    assert capsys.readouterr().out.splitlines() == [
        "1 spare schema(s) built.",
        "Spare schemas: 1 ready, 0 stale, size 0.",
    ]
    [old] = SpareSchema.objects.values_list("schema_name", flat=True)
    # when migrations change (here: the spare's recorded state no longer matches), then it is stale
    SpareSchema.objects.update(migration_state="built-for-other-migrations")
    call_command("spare_pool", "status")
    assert capsys.readouterr().out == "Spare schemas: 0 ready, 1 stale, size 0.\n"
    # when the pool is rebuilt, then the stale spare is dropped and a current one replaces it
    call_command("spare_pool", "rebuild", size=1)
    assert capsys.readouterr().out.splitlines() == [
        "1 spare schema(s) built.",
        "Spare schemas: 1 ready, 0 stale, size 0.",
    ]
    [new] = SpareSchema.objects.values_list("schema_name", flat=True)
    assert new != old
    assert not _schema_exists(old)
    assert _schema_exists(new)


def test_spare_pool_command_refuses_an_unknown_action():
    with pytest.raises(CommandError, match="invalid choice: 'empty'"):
        call_command("spare_pool", "empty")
