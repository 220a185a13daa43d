"""A data version per region, bumped when the data feeding the indicators changes (network view cache).

The network view (network.fanout) caches each region's indicators under the region's data version:
a write to any table below bumps it, so the next read recomputes that region only. The triggers are
deferred to the commit, so the new version becomes visible together with the data (a reader never
caches old figures under a new version), and they bump once per transaction, not once per row.
"""

from django.db import migrations

# Tables the indicators read (core.selectors.indicators and core.access.programs_funded_by).
FEEDING_TABLES = [
    "core_participant",
    "core_enrollment",
    "core_intervention",
    "core_activity",
    "core_activityreach",
    "core_activityattendance",
    "core_program",
    "core_program_funders",
    "core_agreement",
    "core_agreement_programs",
    "core_agreementparty",
    "core_partner",
    "core_funder",
]

# One function for every schema (created idempotently: each region's migration runs it); it bumps
# the version of the schema whose table fired it.
BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION public.ancrage_data_version_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    marker text := '|' || txid_current()::text || ':' || TG_TABLE_SCHEMA || '|';
    done text := coalesce(current_setting('ancrage.data_version_bumped', true), '');
BEGIN
    IF position(marker IN done) > 0 THEN
        RETURN NULL;
    END IF;
    EXECUTE format(
        'UPDATE %I.core_dataversion SET version = version + 1, changed_at = now()', TG_TABLE_SCHEMA
    );
    PERFORM set_config('ancrage.data_version_bumped', done || marker, true);
    RETURN NULL;
END
$$;
"""

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS core_dataversion (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version bigint NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO core_dataversion (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
"""

TRIGGER = """
DROP TRIGGER IF EXISTS ancrage_data_version ON {table};
CREATE CONSTRAINT TRIGGER ancrage_data_version AFTER INSERT OR UPDATE OR DELETE ON {table}
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ancrage_data_version_bump();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0010_report_indices")]

    operations = [
        migrations.RunSQL(BUMP_FUNCTION, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(CREATE_TABLE, reverse_sql="DROP TABLE IF EXISTS core_dataversion;"),
        *[
            migrations.RunSQL(
                TRIGGER.format(table=table),
                reverse_sql=f"DROP TRIGGER IF EXISTS ancrage_data_version ON {table};",
            )
            for table in FEEDING_TABLES
        ],
    ]
