"""Annual report benchmark: a region's annual report over 1 000 000 interventions, computed exactly
as the product computes it (core.reports.annual.annual_report_for_actor, the function behind the
page, the API and the files), against ONE hand-written SQL statement producing the same totals
(the limit), measured in the same run; both must agree.

Targets: the report under 1 s, and within 3x of the SQL statement. When one is missed, the bench
prints EXPLAIN (ANALYZE, BUFFERS) of the report's slowest statements.

The data lives in a region of its own (`bench-report`) of the `ancrage_bench` database, generated
in PostgreSQL (INSERT ... SELECT generate_series): a few seconds per million rows, and reused by the
next run when the volume is unchanged.

    .venv/bin/python bench/report.py [--interventions 1000000] [--repeat 5]
    from bench.report import main; main([...])   # what bench/run.py calls: returns the figures

main() runs the measurement in a child process, so it works whatever Django state its caller has.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_SLUG = "bench-report"
ADMIN_EMAIL = "bench@bench-report.test"
DEFAULT_INTERVENTIONS = 1_000_000
# One fiscal year: every generated intervention falls in it, the worst case for the report.
DATE_FROM, DATE_TO = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
TARGET_MS = 1000.0
TARGET_RATIO = 3.0
# Volumes that follow the interventions: a region with a million interventions in a year has about
# twenty thousand people followed, a few dozen programs, a few thousand activities.
INTERVENTIONS_PER_PARTICIPANT = 50
INTERVENTIONS_PER_ACTIVITY = 500
PROGRAMS = 24
COMPANIES = 200
AXES = [
    "universal_welcome",
    "socioprofessional",
    "education",
    "autonomy",
    "settlement",
    "immigrant_integration",
    "employers",
    "entrepreneurship",
]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--interventions", type=int, default=DEFAULT_INTERVENTIONS)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side (median)")
    parser.add_argument("--regenerate", action="store_true", help="generate the data even when it is there")
    parser.add_argument("--explain", action="store_true", help="print the slowest statements' plans anyway")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict:
    """Runs the benchmark in a fresh interpreter and returns its figures."""
    from bench.common import run_in_child  # imported here: the child runs this file as a script

    args = _arguments(argv)
    # run_in_child passes no arguments: the child reads them from its environment.
    os.environ["BENCH_REPORT_INTERVENTIONS"] = str(args.interventions)
    os.environ["BENCH_REPORT_REPEAT"] = str(args.repeat)
    os.environ["BENCH_REPORT_EXPLAIN"] = "1" if args.explain else ""
    os.environ["BENCH_REPORT_REGENERATE"] = "1" if args.regenerate else ""
    return run_in_child(__file__)


# --- child process ------------------------------------------------------------------------------


def _setup_django() -> None:
    # Run as a script, this file's folder comes first on sys.path: put the project root there.
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    from bench.common import django_setup_on_bench_database

    django_setup_on_bench_database()


def _bench_region():
    from django.db import connection

    from accounts.models import Role, User
    from tenants.models import Region
    from tenants.provisioning import platform_ensure, provision_region

    connection.set_schema_to_public()
    platform_ensure()
    region = Region.objects.filter(slug=BENCH_SLUG).first()
    if region is None:
        region = provision_region(slug=BENCH_SLUG, name="Bench rapport", admin_email=ADMIN_EMAIL)
    connection.set_tenant(region)
    admin = User.objects.get(email=ADMIN_EMAIL)
    if admin.role != Role.REGION_ADMIN:
        admin.role = Role.REGION_ADMIN
        admin.save(update_fields=["role"])
    return region, admin


def _volumes(interventions: int) -> dict:
    return {
        "interventions": interventions,
        "participants": max(interventions // INTERVENTIONS_PER_PARTICIPANT, 100),
        "activities": max(interventions // INTERVENTIONS_PER_ACTIVITY, 20),
    }


def _generated(volumes: dict) -> bool:
    from core.models import Activity, Intervention, Participant

    return (
        Intervention.objects.count() == volumes["interventions"]
        and Participant.objects.count() == volumes["participants"]
        and Activity.objects.count() == volumes["activities"]
    )


# Every generated row derives from its number `n`, so two runs generate the same region.
GENERATE_SQL = [
    """
    INSERT INTO core_participant (
        created_at, updated_at, code, agent_id, intake_date, age_group, gender, education,
        immigration_status, city, mrc, origin_kind, origin_country, origin_region, origin_mrc,
        destination_mrc, destination_municipality, journey_step, exploratory_stay_on,
        job_or_studies_found_on, settled_on, has_consent, possible_duplicate_of_id, erased_on, is_synthetic)
    SELECT now(), now(), 'R-' || lpad(n::text, 8, '0'), %(agent)s,
        %(date_from)s::date - 200 + n %% 500,
        (ARRAY['under_15','15_19','20_24','25_29','30_35','over_35'])[1 + n %% 6],
        (ARRAY['woman','man','non_binary','undisclosed'])[1 + n %% 4],
        (ARRAY['secondary','college','university','unknown'])[1 + n %% 4],
        (ARRAY['citizen','permanent_resident','unknown'])[1 + n %% 3],
        (ARRAY['Alma','Chicoutimi','Jonquière','Roberval','Dolbeau','La Baie','Saint-Félicien'])[1 + n %% 7],
        '', 'unknown', '', '', '', '', '', 'exploring',
        CASE WHEN n %% 10 = 0 THEN %(date_from)s::date + n %% 365 END,
        NULL, NULL, true, NULL, NULL, true
    FROM generate_series(1, %(participants)s) AS n
    """,
    # One enrollment per person, a second one for every third person, in another program.
    """
    WITH people AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM core_participant),
    programs AS (SELECT array_agg(id ORDER BY id) AS ids FROM core_program WHERE code LIKE 'bench-%%'),
    rows AS (
        SELECT people.id AS participant_id, programs.ids[1 + (people.n + k) %% %(programs)s] AS program_id,
               (people.n * 2 + k)::int AS n
        FROM people, programs, generate_series(0, 1) AS k
        WHERE k = 0 OR people.n %% 3 = 0
    )
    INSERT INTO core_enrollment (
        created_at, updated_at, participant_id, program_id, agent_id, status, applied_on,
        start_date, end_date, outcome, outcome_on, outcome_recorded_by_id)
    SELECT now(), now(), participant_id, program_id, %(agent)s,
        (ARRAY['applied','waitlisted','enrolled','active','completed','withdrawn'])[1 + n %% 6],
        %(date_from)s::date - 100 + n %% 450,
        NULL,
        CASE WHEN n %% 6 >= 4 THEN %(date_from)s::date - 100 + n %% 450 + 30 END,
        CASE WHEN n %% 6 = 4
             THEN (ARRAY['successful_migration','parallel_migration','employed','back_to_school',
                         'job_retained','referred','no_result'])[1 + n %% 7]
             ELSE '' END,
        CASE WHEN n %% 6 = 4 THEN %(date_from)s::date - 100 + n %% 450 + 30 END,
        NULL
    FROM rows
    """,
    """
    WITH programs AS (SELECT array_agg(id ORDER BY id) AS ids FROM core_program WHERE code LIKE 'bench-%%')
    INSERT INTO core_activity (
        created_at, updated_at, title, kind, program_id, agreement_id, deliverable_id, organizer_id,
        start_date, end_date, place, city, description)
    SELECT now(), now(), 'Activité ' || n,
        (ARRAY['kiosk','fair','school_visit','exploratory_stay','workshop','meeting','event'])[1 + n %% 7],
        programs.ids[1 + n %% %(programs)s], NULL, NULL, NULL,
        %(date_from)s::date - 30 + n %% 420, NULL, '', '', ''
    FROM programs, generate_series(1, %(activities)s) AS n
    """,
    """
    INSERT INTO core_activityreach (activity_id, age_band, headcount)
    SELECT id, (ARRAY['15_19','20_24','25_29','30_35'])[1 + id %% 4], 5 + id %% 90 FROM core_activity
    """,
    # Interventions: mostly individual, a fifth without appointment, some groups (nobody named)
    # and some with a company; each on the program of one of the person's enrollments; written in
    # date order, as a region records them.
    """
    WITH enrollments AS MATERIALIZED (
        SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, participant_id, program_id FROM core_enrollment
    ),
    companies AS MATERIALIZED (
        SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM core_partner
        WHERE kind = 'company' AND name LIKE 'Entreprise bench%%'
    ),
    counts AS (
        SELECT (SELECT count(*) FROM enrollments)::int AS enrollments,
               (SELECT count(*) FROM companies)::int AS companies
    )
    INSERT INTO core_intervention (
        created_at, updated_at, participant_id, enrollment_id, program_id, agent_id, partner_id,
        date, minutes, mode, group_size, subject, notes)
    SELECT now(), now(),
        CASE WHEN n %% 10 = 7 THEN NULL ELSE enrollment.participant_id END,
        NULL,
        CASE WHEN n %% 50 = 0 THEN NULL ELSE enrollment.program_id END,
        %(agent)s,
        CASE WHEN n %% 33 = 0 OR n %% 10 = 7 THEN company.id END,
        %(date_from)s::date + n %% 365,
        15 + 15 * (n %% 8),
        CASE WHEN n %% 10 = 7 THEN 'group' WHEN n %% 5 = 1 THEN 'walk_in'
             WHEN n %% 10 = 9 THEN 'remote' ELSE 'individual' END,
        CASE WHEN n %% 10 = 7 THEN 2 + n %% 10 END,
        '', ''
    FROM generate_series(1, %(interventions)s) AS n
    CROSS JOIN counts
    JOIN enrollments AS enrollment ON enrollment.k = n %% counts.enrollments
    JOIN companies AS company ON company.k = n %% counts.companies
    ORDER BY n %% 365, n
    """,
]


def _generate(volumes: dict) -> float:
    """The region's data, generated in PostgreSQL; returns the seconds it took."""
    from django.db import DatabaseError, connection, transaction

    from core.models import Partner, Program, TeamMember

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE core_intervention, core_activityreach, core_activityattendance, core_activity,"
            " core_enrollment, core_participant CASCADE"
        )
    with transaction.atomic():
        agent, _ = TeamMember.objects.get_or_create(full_name="Agent bench", defaults={"role": "other"})
        operator, _ = Partner.objects.get_or_create(name="CJE bench", defaults={"kind": "community"})
        for index in range(PROGRAMS):
            Program.objects.get_or_create(
                code=f"bench-{index:02d}",
                defaults={
                    "name_fr": f"Programme {index:02d}",
                    "axis": AXES[index % len(AXES)],
                    "operator": operator,
                },
            )
        existing = Partner.objects.filter(name__startswith="Entreprise bench").count()
        Partner.objects.bulk_create(
            Partner(name=f"Entreprise bench {index:03d}", kind="company")
            for index in range(existing, COMPANIES)
        )
        params = {
            **volumes,
            "agent": agent.pk,
            "programs": PROGRAMS,
            "date_from": DATE_FROM,
        }
        with connection.cursor() as cursor:
            # A bulk load: the interventions' indexes are built once at the end, not row by row.
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = 'core_intervention' AND indexname NOT LIKE '%%_pkey'"
            )
            indexes = cursor.fetchall()
            try:
                # Every generated reference is an id read from its table: no foreign-key check per
                # row (the server's superuser, the embedded database's, may skip them).
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:
                # Else checked at each statement's end, so none is pending at CREATE INDEX.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            for statement in GENERATE_SQL:
                cursor.execute(statement, params)
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
    with connection.cursor() as cursor:
        # Fresh statistics and visibility map, as autovacuum would leave them on a live region.
        for table in (
            "core_participant",
            "core_enrollment",
            "core_activity",
            "core_activityreach",
            "core_intervention",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - start


# The limit: the report's totals in one statement, written by hand for this schema.
LIMIT_SQL = """
SELECT
    (SELECT json_object_agg(coalesce(program_id, 0), minutes) FROM (
        SELECT program_id, sum(minutes) AS minutes FROM core_intervention
        WHERE date BETWEEN %(from)s AND %(to)s GROUP BY program_id) AS by_program) AS minutes_by_program,
    (SELECT count(DISTINCT participant_id) FROM core_intervention
        WHERE date BETWEEN %(from)s AND %(to)s AND mode = 'walk_in') AS walk_in_participants,
    (SELECT count(*) FROM core_partner AS company WHERE kind = 'company' AND EXISTS (
        SELECT 1 FROM core_intervention WHERE partner_id = company.id AND date BETWEEN %(from)s AND %(to)s)
    ) AS companies_accompanied,
    (SELECT json_build_object('total', count(DISTINCT participant_id),
                              'by_program', (SELECT json_object_agg(program_id, n) FROM (
                                  SELECT program_id, count(DISTINCT participant_id) AS n FROM core_enrollment
                                  WHERE applied_on <= %(to)s AND (end_date IS NULL OR end_date >= %(from)s)
                                  GROUP BY program_id) AS served))
        FROM core_enrollment WHERE applied_on <= %(to)s AND (end_date IS NULL OR end_date >= %(from)s)
    ) AS participants,
    (SELECT count(*) FROM core_enrollment WHERE applied_on BETWEEN %(from)s AND %(to)s) AS new_candidates,
    (SELECT json_object_agg(outcome, n) FROM (
        SELECT outcome, count(*) AS n FROM core_enrollment
        WHERE outcome <> '' AND outcome_on BETWEEN %(from)s AND %(to)s GROUP BY outcome) AS outcomes) AS outcomes,
    (SELECT count(*) FROM core_participant AS person
        WHERE exploratory_stay_on BETWEEN %(from)s AND %(to)s
          AND EXISTS (SELECT 1 FROM core_enrollment WHERE participant_id = person.id)) AS exploratory_stays,
    (SELECT json_build_object('activities', count(*), 'people_reached', coalesce(sum(reached), 0))
        FROM (SELECT (SELECT sum(headcount) FROM core_activityreach WHERE activity_id = activity.id) AS reached
              FROM core_activity AS activity WHERE start_date BETWEEN %(from)s AND %(to)s) AS activities
    ) AS activities,
    (SELECT json_object_agg(field, cells) FROM (
        SELECT field, json_object_agg(value, n) AS cells FROM (
            SELECT field, value, count(*) AS n
            FROM core_participant AS person
            CROSS JOIN LATERAL (VALUES ('age_group', person.age_group), ('city', person.city),
                                       ('education', person.education), ('gender', person.gender),
                                       ('immigration_status', person.immigration_status)) AS cell(field, value)
            WHERE EXISTS (SELECT 1 FROM core_enrollment WHERE participant_id = person.id
                          AND applied_on <= %(to)s AND (end_date IS NULL OR end_date >= %(from)s))
            GROUP BY field, value) AS cells
        GROUP BY field) AS portrait) AS portrait
"""


def _limit_totals() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(LIMIT_SQL, {"from": DATE_FROM, "to": DATE_TO})
        columns = [column.name for column in cursor.description]
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    return {key: json.loads(value) if isinstance(value, str) else value for key, value in row.items()}


def hours_from_minutes(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_same_totals(report: dict, limit: dict) -> None:
    """The report and the hand-written statement give the same figures (else the race means nothing)."""
    summary = report["summary"]
    minutes = limit["minutes_by_program"]
    pairs = {
        "intervention_hours": (summary["intervention_hours"], hours_from_minutes(sum(minutes.values()))),
        "walk_in_participants": (summary["walk_in_participants"], limit["walk_in_participants"]),
        "companies_accompanied": (summary["companies_accompanied"], limit["companies_accompanied"]),
        "participants": (summary["participants"], limit["participants"]["total"]),
        "new_candidates": (summary["new_candidates"], limit["new_candidates"]),
        "outcomes": (
            {key: value for key, value in summary["outcomes"].items() if value},
            limit["outcomes"] or {},
        ),
        "exploratory_stay_participants": (
            summary["exploratory_stay_participants"],
            limit["exploratory_stays"],
        ),
        "activities": (summary["activity_count"], limit["activities"]["activities"]),
        "people_reached": (summary["people_reached"], limit["activities"]["people_reached"]),
        "program_hours": (
            {str(row["program_id"]): row["intervention_hours"] for row in summary["programs"]},
            {key: hours_from_minutes(value) for key, value in minutes.items() if key != "0"},
        ),
        "program_participants": (
            {
                str(row["program_id"]): row["participants"]
                for row in summary["programs"]
                if row["participants"]
            },
            limit["participants"]["by_program"],
        ),
        "portrait": (
            {
                field: {row["value"]: row["count"] for row in rows}
                for field, rows in summary["portrait"].items()
            },
            limit["portrait"],
        ),
    }
    wrong = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
    assert not wrong, f"the report and the SQL statement disagree: {wrong}"


def _timed_alternately(first, second, repeat: int) -> tuple[float, object, float, object]:
    """Median ms and last result of each, their runs alternated so that both see the same machine
    (the cores are shared: a burst of load then weighs on both sides alike)."""
    first(), second()  # warm-up: plans, caches, the first connection
    samples: tuple[list[float], list[float]] = ([], [])
    results = [None, None]
    for _ in range(repeat):
        for index, fn in enumerate((first, second)):
            start = time.perf_counter()
            results[index] = fn()
            samples[index].append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[0]), results[0], statistics.median(samples[1]), results[1]


def _explain_slowest(report_fn, count: int = 3) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the report's `count` slowest statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        report_fn()
    statements = sorted(captured.captured_queries, key=lambda query: float(query["time"]), reverse=True)
    for query in statements[:count]:
        print(f"\n-- {float(query['time']) * 1000:.0f} ms: {query['sql'][:300]}")
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            print("\n".join(row[0] for row in cursor.fetchall()))


def child() -> dict:
    _setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import figure
    from core.reports.annual import annual_report_for_actor

    interventions = int(os.environ.get("BENCH_REPORT_INTERVENTIONS", DEFAULT_INTERVENTIONS))
    repeat = int(os.environ.get("BENCH_REPORT_REPEAT", "5"))
    volumes = _volumes(interventions)
    region, admin = _bench_region()
    if _generated(volumes) and not os.environ.get("BENCH_REPORT_REGENERATE"):
        print(f"Annual report: reusing {interventions:,} interventions in region {BENCH_SLUG}")
    else:
        seconds = _generate(volumes)
        print(
            f"Annual report: generated {interventions:,} interventions in region {BENCH_SLUG} in {seconds:.1f} s"
        )

    def report():
        return annual_report_for_actor(actor=admin, region=region, date_from=DATE_FROM, date_to=DATE_TO)

    with CaptureQueriesContext(connection) as captured:
        report()
    statements = len(captured.captured_queries)
    report_ms, report_data, limit_ms, limit_data = _timed_alternately(report, _limit_totals, repeat)
    _check_same_totals(report_data, limit_data)
    ratio = report_ms / limit_ms
    print(
        f"annual report ({volumes['participants']:,} people, {interventions:,} interventions, median of {repeat}):"
        f" report {report_ms:.0f} ms in {statements} statements, one SQL statement {limit_ms:.0f} ms,"
        f" ratio {ratio:.2f}x (targets: < {TARGET_MS:.0f} ms, <= {TARGET_RATIO:.0f}x)"
    )
    if report_ms >= TARGET_MS or ratio > TARGET_RATIO or os.environ.get("BENCH_REPORT_EXPLAIN"):
        print(
            "The report's slowest statements"
            + (" (target missed)" if ratio > TARGET_RATIO or report_ms >= TARGET_MS else "")
        )
        _explain_slowest(report)
    label = f"annual report, {interventions:,} interventions"
    return {
        "figures": [
            figure(
                f"{label} (ms)",
                report_ms,
                "ms",
                "1 SQL statement",
                limit_ms,
                f"<{TARGET_MS:.0f} ms",
                report_ms < TARGET_MS,
            ),
            figure(
                f"{label} vs 1 SQL statement",
                report_ms,
                "ms",
                "1 SQL statement",
                limit_ms,
                f"<= {TARGET_RATIO:.0f}x",
                ratio <= TARGET_RATIO,
            ),
        ]
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    arguments = _arguments(sys.argv[1:])
    if arguments.child:
        print(json.dumps(child()))
    else:
        from bench.common import print_figures

        print_figures(main(sys.argv[1:])["figures"])
