"""Migrating every region schema at once: the plan is built once, the applied state of every schema
is read in one catalog query, and only the schemas that lag are migrated, in forked workers.

Every region schema runs the same migrations (TENANT_APPS on top of the same graph), so the plan
django-tenants rebuilds for each schema — and the project state it renders from every migration —
is computed once here and reused. One schema's failure is reported and the others go on; a re-run
finds what is still pending and continues from there.
"""

import functools
import hashlib
import multiprocessing
import os
import resource
import traceback
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.operations import CreateModel, DeleteModel
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ProjectState

MigrationKey = tuple[str, str]
# A worker process is replaced after this many schemas, so memory stays flat however many there are.
SCHEMAS_PER_WORKER_PROCESS = 100


@dataclass(frozen=True)
class Plan:
    """Every migration on disk, in the order a fresh schema applies them."""

    loader: MigrationLoader
    migrations: tuple[Migration, ...]

    @functools.cached_property
    def keys(self) -> tuple[MigrationKey, ...]:
        return tuple((migration.app_label, migration.name) for migration in self.migrations)

    @functools.cached_property
    def state(self) -> str:
        return hashlib.sha256("\n".join(f"{app}.{name}" for app, name in self.keys).encode()).hexdigest()


def _modules_key() -> str:
    return repr(sorted((getattr(settings, "MIGRATION_MODULES", None) or {}).items()))


@functools.lru_cache(maxsize=8)
def _plan_for(modules_key: str) -> Plan:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    graph = loader.graph
    ordered: list[MigrationKey] = []
    seen: set[MigrationKey] = set()
    for leaf in sorted(graph.leaf_nodes()):
        for key in graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                ordered.append(key)
    return Plan(loader=loader, migrations=tuple(graph.nodes[key] for key in ordered))


def migration_plan() -> Plan:
    """The plan from the migrations on disk, read once per process (and per MIGRATION_MODULES)."""
    return _plan_for(_modules_key())


def migration_state() -> str:
    """A fingerprint of the migrations on disk: equal states mean the same schema layout."""
    return migration_plan().state


def existing_schemas(names: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [names])
        return {row[0] for row in cursor.fetchall()}


def pending_by_schema(schemas: list[str], plan: Plan | None = None) -> dict[str, tuple[MigrationKey, ...]]:
    """The migrations each schema still lacks, for the schemas that lack any: two statements in all,
    whatever the number of schemas (schemas that do not exist are left out)."""
    plan = plan or migration_plan()
    if not schemas:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, c.oid IS NOT NULL FROM pg_namespace n "
            "LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = 'django_migrations' "
            "WHERE n.nspname = ANY(%s)",
            [schemas],
        )
        found = dict(cursor.fetchall())
        tracked = sorted(name for name, has_table in found.items() if has_table)
        applied: dict[str, set[MigrationKey]] = {name: set() for name in found}
        if tracked:
            wanted = set(plan.keys)
            # One UNION over every schema's django_migrations: the catalog is read once, not per schema.
            union = " UNION ALL ".join(
                f"SELECT %s AS schema, app, name FROM {connection.ops.quote_name(name)}.django_migrations"  # noqa: S608 - quoted schema names
                for name in tracked
            )
            cursor.execute(union, tracked)
            for name, app, migration in cursor.fetchall():
                if (app, migration) in wanted:
                    applied[name].add((app, migration))
    pending = {}
    for name in schemas:
        if name not in found:
            continue
        missing = tuple(key for key in plan.keys if key not in applied[name])
        if missing:
            pending[name] = missing
    return pending


@dataclass
class SchemaResult:
    schema: str
    applied: list[str] = field(default_factory=list)
    error: str | None = None
    # Peak resident memory of the process that migrated it, in KiB.
    peak_rss_kib: int = 0
    # The process that migrated it (a worker's when forked).
    worker_pid: int = field(default_factory=os.getpid)


# Project states rendered once per set of pending migrations, per process (see _state_before).
_states: dict[tuple[MigrationKey, ...], ProjectState] = {}


def _state_before(plan: Plan, pending: tuple[MigrationKey, ...]) -> ProjectState:
    """The project state after every migration but `pending`, rendered once and reused for every
    schema in the same position (usually all of them)."""
    if pending not in _states:
        skipped = set(pending)
        state = ProjectState(real_apps=plan.loader.unmigrated_apps)
        for migration in plan.migrations:
            if (migration.app_label, migration.name) not in skipped:
                state = migration.mutate_state(state, preserve=False)
        state.apps  # noqa: B018 - rendered here once, cloned for each schema
        _states[pending] = state
    return _states[pending]


def migrate_schema(schema: str, pending: tuple[MigrationKey, ...], plan: Plan | None = None) -> SchemaResult:
    """Apply `pending` to one schema, each migration in its own transaction (as Django does).
    An error stops this schema only; what was applied before it stays recorded."""
    from django.core.management.sql import emit_post_migrate_signal

    plan = plan or migration_plan()
    result = SchemaResult(schema=schema)
    by_key = {(m.app_label, m.name): m for m in plan.migrations}
    state = _state_before(plan, pending).clone()
    connection.set_schema(schema, include_public=False)
    try:
        recorder = MigrationRecorder(connection)
        # Not recorder.ensure_schema()/record_applied(): they list every table visible on the
        # search_path, a scan of the whole catalog for each schema (quadratic over all regions).
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('django_migrations')")
            if cursor.fetchone()[0] is None:
                recorder.ensure_schema()
        for key in pending:
            migration = by_key[key]
            with connection.schema_editor(atomic=migration.atomic) as editor:
                state = migration.apply(state, editor)
                recorder.migration_qs.create(app=key[0], name=key[1])
            result.applied.append(f"{key[0]}.{key[1]}")
        if any(isinstance(op, CreateModel | DeleteModel) for k in pending for op in by_key[k].operations):
            # New models need their content types in this schema, as `migrate` would create them.
            emit_post_migrate_signal(0, False, connection.alias)
    except (DatabaseError, Exception) as error:  # noqa: B014 - one schema's failure never stops the others
        result.error = f"{type(error).__name__}: {error}".strip()
        if settings.DEBUG:
            result.error += "\n" + traceback.format_exc()
    finally:
        connection.set_schema_to_public()
    result.peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _migrate_in_worker(job: tuple[str, tuple[MigrationKey, ...]]) -> SchemaResult:
    schema, pending = job
    return migrate_schema(schema, pending)


def _worker_start() -> None:
    # The parent closed its connections before forking: each worker opens its own.
    for conn in connections.all(initialized_only=True):
        conn.connection = None


def migrate_pending(pending: dict[str, tuple[MigrationKey, ...]], *, workers: int, on_result=None) -> list:
    """Migrate each schema of `pending`; in `workers` forked processes when there is more than one
    schema and no transaction is open (a test's, for instance), otherwise here, one after another."""
    on_result = on_result or (lambda result: None)
    jobs = sorted(pending.items())
    results = []
    if workers <= 1 or len(jobs) <= 1 or connection.in_atomic_block:
        for job in jobs:
            results.append(_migrate_in_worker(job))
            on_result(results[-1])
        return results
    plan = migration_plan()
    for missing in set(pending.values()):
        _state_before(plan, missing)  # rendered before forking: every worker inherits them
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(
        workers, initializer=_worker_start, maxtasksperchild=SCHEMAS_PER_WORKER_PROCESS
    ) as pool:
        for result in pool.imap_unordered(_migrate_in_worker, jobs):
            results.append(result)
            on_result(result)
    return results
