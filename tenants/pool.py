"""The pool of spare schemas: region schemas cloned and migrated ahead of time, so onboarding only
renames one (`ALTER SCHEMA ... RENAME`, constant time whatever the number of regions or migrations).

A background job keeps REGION_SPARE_POOL_SIZE spares ready (tenants.tasks.spare_pool_refill, queued
after each onboarding); a spare built before a new migration landed is migrated by migrate_regions,
or dropped and rebuilt by `manage.py spare_pool rebuild`, and is never handed out meanwhile.
"""

import uuid

from django.conf import settings
from django.db import connection, transaction
from django_tenants.clone import CloneSchema

from tenants.models import SpareSchema
from tenants.schemas import migration_state

# pg_advisory_lock key: one process fills the pool at a time (two would overshoot its size).
POOL_LOCK_KEY = 0x616E6373

# Takes the oldest ready spare and forgets it, in the caller's transaction. SKIP LOCKED: two
# onboardings at once each get a different spare (or none), and neither waits for the other.
SPARE_TAKE_SQL = """
    DELETE FROM tenants_spareschema
    WHERE id = (
        SELECT id FROM tenants_spareschema
        WHERE migration_state = %s
        ORDER BY created_at, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
    )
    RETURNING schema_name
"""


def spare_ready_count() -> int:
    return SpareSchema.objects.filter(migration_state=migration_state()).count()


def spare_take(schema_name: str) -> bool:
    """Rename a ready spare to `schema_name`, inside the caller's transaction. False when the pool
    is empty (or every spare is being taken by another onboarding)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A spare is taken inside the onboarding's transaction only.")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(SPARE_TAKE_SQL, [migration_state()])
        row = cursor.fetchone()
        if row is None:
            return False
        cursor.execute(f"ALTER SCHEMA {quote(row[0])} RENAME TO {quote(schema_name)}")
    return True


def _spare_build() -> str:
    from tenants.provisioning import align_constraint_names

    template = settings.TENANT_TEMPLATE_SCHEMA
    name = f"_spare_{uuid.uuid4().hex[:16]}"
    state = migration_state()
    with transaction.atomic():
        CloneSchema().clone_schema(template, name, "DATA")
        align_constraint_names(template, name)
        # Written with the clone: a row always names a complete schema.
        SpareSchema.objects.create(schema_name=name, migration_state=state)
    connection.set_schema_to_public()
    return name


def _spare_drop(spare: SpareSchema) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(spare.schema_name)} CASCADE")
        spare.delete()


def spare_pool_fill(size: int | None = None, *, drop_stale: bool = False) -> list[str]:
    """Build spares until `size` (default REGION_SPARE_POOL_SIZE) are ready; returns their names.

    Does nothing when another process is already filling. `drop_stale` first drops the spares
    built for other migrations (migrate_regions migrates them instead when it runs).
    """
    from tenants.provisioning import template_refresh

    size = settings.REGION_SPARE_POOL_SIZE if size is None else size
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [POOL_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return []
    built = []
    try:
        if drop_stale:
            for spare in SpareSchema.objects.exclude(migration_state=migration_state()):
                _spare_drop(spare)
        if spare_ready_count() >= size:
            return built
        template_refresh()
        while spare_ready_count() < size:
            built.append(_spare_build())
    finally:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [POOL_LOCK_KEY])
    return built


def spare_pool_status() -> dict:
    state = migration_state()
    spares = list(SpareSchema.objects.all())
    return {
        "size": settings.REGION_SPARE_POOL_SIZE,
        "ready": sum(spare.migration_state == state for spare in spares),
        "stale": sum(spare.migration_state != state for spare in spares),
    }
