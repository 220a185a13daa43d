"""The access trail (core_auditevent) is partitioned by month on `at`, in each region's schema.

Inserts land in the current month's small partition and its indexes, whatever the size of the
trail, so logging every participant shown never slows the lists; retention drops whole months
(`DROP TABLE`, instant) instead of deleting rows. A default partition catches anything outside the
months prepared; `audit_partitions_ensure` (run by `apply_retention`, nightly) prepares the next
months and moves any row the default caught into its month.

The table keeps Django's columns; its primary key is (id, at), as PostgreSQL requires of a
partitioned table, and ids come from a plain sequence (identity columns need PostgreSQL 17 there).
No database foreign key to accounts_user: an entry outlives its author's account (actor_email stays,
Django still nulls actor on delete), and schema cloning does not copy a partitioned table's keys.
"""

import datetime as dt

from django.db import connection

TABLE = "core_auditevent"
DEFAULT = f"{TABLE}_default"
MONTHS_AHEAD = 3


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def is_partitioned() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = %s",
            [TABLE],
        )
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def _existing_partitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT child.relname FROM pg_inherits i "
            "JOIN pg_class parent ON parent.oid = i.inhparent "
            "JOIN pg_class child ON child.oid = i.inhrelid "
            "JOIN pg_namespace n ON n.oid = parent.relnamespace "
            "WHERE n.nspname = current_schema() AND parent.relname = %s",
            [TABLE],
        )
        return {row[0] for row in cursor.fetchall()}


def partition_table() -> None:
    """Turn the plain table into a partitioned one, keeping every row (a migration runs it)."""
    if is_partitioned():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM core_auditevent")
        last_id = cursor.fetchone()[0]
        cursor.execute(
            """
            ALTER TABLE core_auditevent RENAME TO core_auditevent_unpartitioned;
            ALTER TABLE core_auditevent_unpartitioned
                RENAME CONSTRAINT core_auditevent_pkey TO core_auditevent_unpartitioned_pkey;
            CREATE SEQUENCE core_auditevent_id_seq_p;
            CREATE TABLE core_auditevent (
                id bigint NOT NULL DEFAULT nextval('core_auditevent_id_seq_p'),
                at timestamp with time zone NOT NULL,
                actor_email varchar(254) NOT NULL,
                action varchar(20) NOT NULL,
                object_type varchar(60) NOT NULL,
                object_id varchar(40) NOT NULL,
                participant_code varchar(30) NOT NULL,
                detail jsonb NOT NULL,
                actor_id bigint NULL,
                CONSTRAINT core_auditevent_pkey PRIMARY KEY (id, at)
            ) PARTITION BY RANGE (at);
            ALTER SEQUENCE core_auditevent_id_seq_p OWNED BY core_auditevent.id;
            CREATE TABLE core_auditevent_default PARTITION OF core_auditevent DEFAULT;
            """
        )
        cursor.execute("SELECT setval('core_auditevent_id_seq_p', %s, true)", [max(last_id, 1)])
    audit_partitions_ensure(today=dt.date.today(), back_to=_oldest_month())  # noqa: DTZ011
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO core_auditevent
                (id, at, actor_email, action, object_type, object_id, participant_code, detail, actor_id)
            SELECT id, at, actor_email, action, object_type, object_id, participant_code, detail, actor_id
            FROM core_auditevent_unpartitioned;
            DROP TABLE core_auditevent_unpartitioned;
            CREATE INDEX core_auditevent_at_p ON core_auditevent (at);
            CREATE INDEX core_auditevent_participant_code_p ON core_auditevent (participant_code);
            CREATE INDEX core_auditevent_actor_id_p ON core_auditevent (actor_id);
            """
        )


def _oldest_month() -> dt.date | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(at) FROM core_auditevent_unpartitioned")
        oldest = cursor.fetchone()[0]
    return _month(oldest.date()) if oldest else None


def audit_partitions_ensure(*, today: dt.date, back_to: dt.date | None = None) -> list[str]:
    """Monthly partitions from `back_to` (or this month) to MONTHS_AHEAD months ahead; rows the
    default partition caught for those months move into them. Returns the partitions created."""
    if not is_partitioned():
        return []
    existing = _existing_partitions()
    month = _month(back_to or today)
    last = _month(today)
    for _ in range(MONTHS_AHEAD):
        last = _next_month(last)
    created = []
    with connection.cursor() as cursor:
        while month <= last:
            name = partition_name(month)
            if name not in existing:
                low, high = month.isoformat(), _next_month(month).isoformat()
                # Built apart, filled from the default partition, then attached: PostgreSQL
                # refuses a new partition while the default holds rows of its range.
                cursor.execute(f'CREATE TABLE "{name}" (LIKE core_auditevent INCLUDING DEFAULTS)')
                cursor.execute(
                    f'WITH moved AS (DELETE FROM "{DEFAULT}" WHERE at >= %s AND at < %s RETURNING *) '  # noqa: S608
                    f'INSERT INTO "{name}" SELECT * FROM moved',
                    [low, high],
                )
                cursor.execute(
                    f'ALTER TABLE core_auditevent ATTACH PARTITION "{name}" FOR VALUES FROM (%s) TO (%s)',
                    [low, high],
                )
                created.append(name)
            month = _next_month(month)
    return created


def audit_partitions_drop_before(cutoff: dt.date) -> int:
    """Remove the trail before `cutoff`: whole months dropped, the rest deleted. Returns rows removed."""
    if not is_partitioned():
        from core.models import AuditEvent

        return AuditEvent.objects.filter(at__date__lt=cutoff).delete()[0]
    removed = 0
    with connection.cursor() as cursor:
        for name in sorted(_existing_partitions()):
            if name == DEFAULT:
                continue
            month = dt.date(int(name[-6:-2]), int(name[-2:]), 1)
            if _next_month(month) <= cutoff:
                cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608
                removed += cursor.fetchone()[0]
                cursor.execute(f'DROP TABLE "{name}"')
        cursor.execute("DELETE FROM core_auditevent WHERE at < %s", [cutoff.isoformat()])
        removed += cursor.rowcount
    return removed
