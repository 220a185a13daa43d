"""Time to onboard one region (schema, domain, first admin, branding, trial) at 1, 100 and 500
existing regions: a spare from the pool, a clone of the template and a replay of every migration,
side by side in the same run. The pool's figure is its 95th percentile; the others are medians.

    .venv/bin/python -m bench.provisioning [--sizes 1,100,500] [--repeat 20] [--repeat-slow 3]

The pool is also timed alternately on a copy of the database at the first size and on the largest
one (the 500-vs-1 figure), so that both see the same machine. The spares the pool hands out are
built before each timed series, and the refill after each
onboarding is switched off while timing (in production it runs in a Celery worker, not in the
onboarding request); a spare's build time is the clone's.

`grow_to(n)` makes n existing regions cheaply: the template's pg_dump replayed under new schema names
by psql, 50 regions per call, with their region, domain and billing rows.
"""

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import time

from bench.common import BENCH_DB_NAME, ROOT, django_setup_on_bench_database, figure

_counter = itertools.count()
GROW_BATCH = 50
# A copy of the bench database as it was at the first size: the pool is timed on it and on the
# largest one alternately, so both figures see the same machine (2 shared cores are noisy).
FIRST_SIZE_COPY = f"{BENCH_DB_NAME}_first"


def run_module_in_child(module: str, argv: list[str]) -> dict:
    """`python -m <module> --child ...` in a fresh interpreter (its own Django, connections and
    memory); echoes its output and returns the JSON of its last line."""
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, "--child", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = completed.stdout.rstrip("\n").splitlines()
    sys.stdout.write("".join(line + "\n" for line in lines[:-1]))
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise RuntimeError(f"{module} failed")
    return json.loads(lines[-1])


def existing_regions():
    from tenants.models import Region

    return Region.objects.filter(slug__startswith="existing-")


def grow_to(size: int) -> float:
    """Add regions (`existing-N`) until `size` of them exist; returns the seconds it took."""
    from django.conf import settings
    from django.db import connection

    from billing.services import billing_account_open
    from tenants.backups import _libpq_env, _rename_schema, pg_binary
    from tenants.models import Domain, Region
    from tenants.provisioning import region_host, template_refresh

    start = time.perf_counter()
    have = existing_regions().count()
    if have >= size:
        return 0.0
    template_refresh()
    template = settings.TENANT_TEMPLATE_SCHEMA
    dump = subprocess.run(  # noqa: S603
        [pg_binary("pg_dump"), "--format=plain", "--no-owner", "--no-privileges", f"--schema={template}"],
        env=_libpq_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # psql meta-commands of recent pg_dump (\restrict) would be renamed too: keep them out.
    dump = "".join(line for line in dump.splitlines(keepends=True) if not line.startswith("\\restrict"))
    dump = "".join(line for line in dump.splitlines(keepends=True) if not line.startswith("\\unrestrict"))
    numbers = list(range(have, size))
    for offset in range(0, len(numbers), GROW_BATCH):
        batch = numbers[offset : offset + GROW_BATCH]
        slugs = [f"existing-{number}" for number in batch]
        # One transaction per schema: a whole batch in one would exhaust the lock table.
        script = "".join(
            f"BEGIN;\n{_rename_schema(dump, template, slug.replace('-', '_'))}COMMIT;\n" for slug in slugs
        )
        loaded = subprocess.run(  # noqa: S603
            [pg_binary("psql"), "-q", "-v", "ON_ERROR_STOP=1"],
            env={**_libpq_env(), "PGOPTIONS": "-c synchronous_commit=off"},
            input=script,
            capture_output=True,
            text=True,
            check=False,
        )
        if loaded.returncode:
            raise RuntimeError(f"psql: {loaded.stderr[:2000]}")
        regions = Region.objects.bulk_create(
            [Region(slug=slug, name=slug, schema_name=slug.replace("-", "_")) for slug in slugs]
        )
        Domain.objects.bulk_create(
            [Domain(domain=region_host(r.slug), tenant=r, is_primary=True) for r in regions]
        )
        for region in regions:
            billing_account_open(region=region, plan=settings.BILLING_DEFAULT_PLAN)
        print(f"  … {batch[-1] + 1}/{size} régions existantes", flush=True)
    connection.set_schema_to_public()
    return time.perf_counter() - start


def shrink_to(size: int) -> None:
    """Drop the newest `existing-N` regions until `size` remain, then vacuum the catalog of their
    dead rows (which would slow every catalog lookup)."""
    from django.db import connection

    extra = list(existing_regions().order_by("-pk")[: max(0, existing_regions().count() - size)])
    for region in extra:
        _drop(region)
    if extra:
        with connection.cursor() as cursor:
            for table in ("pg_class", "pg_attribute", "pg_index", "pg_constraint", "pg_depend", "pg_type"):
                cursor.execute(f"VACUUM pg_catalog.{table}")


def _drop(region) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{region.schema_name}" CASCADE')
    from billing.models import BillingAccount

    BillingAccount.objects.filter(region=region).delete()
    region.domains.all().delete()
    region.delete()


def _onboard(prefix: str, method: str):
    from django.db import connection

    from onboarding.services import region_onboard

    # Each onboarding on a new connection, as each web request gets one (CONN_MAX_AGE=0): a backend
    # that has cloned hundreds of schemas carries their catalog caches and slows down tenfold.
    connection.close()
    slug = f"{prefix}-{next(_counter)}"
    return region_onboard(slug=slug, name=slug, admin_email=f"admin@{slug}.bench", method=method).region


def _timed_onboardings(method: str, count: int, created: list) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        created.append(_onboard(f"probe-{method}", method))
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]


def _measure(repeat: int, repeat_slow: int) -> dict:
    from django.conf import settings

    from tenants.pool import spare_pool_fill

    created: list = []
    spare_pool_fill(repeat + 1)
    created.append(_onboard("warm-up", "pool"))  # not timed: the process's first imports and caches
    build_start = time.perf_counter()
    spare_pool_fill(repeat + 1)  # one more, timed: what the background refill pays per spare
    spare_build_ms = (time.perf_counter() - build_start) * 1000
    size, settings.REGION_SPARE_POOL_SIZE = settings.REGION_SPARE_POOL_SIZE, 0
    try:
        pool = _timed_onboardings("pool", repeat, created)
    finally:
        settings.REGION_SPARE_POOL_SIZE = size
    clone = _timed_onboardings("clone", repeat_slow, created)
    migrate = _timed_onboardings("migrate", max(1, repeat_slow // 2), created)
    for region in created:
        _drop(region)
    return {
        "pool_p95_ms": p95(pool),
        "pool_median_ms": statistics.median(pool),
        "clone_p95_ms": p95(clone),
        "clone_median_ms": statistics.median(clone),
        "migrate_median_ms": statistics.median(migrate),
        "spare_build_ms": spare_build_ms,
    }


def _admin_connection():
    import psycopg
    from django.db import connection

    return psycopg.connect(**{**connection.get_connection_params(), "dbname": "postgres"}, autocommit=True)


def _use_database(name: str) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()


def _copy_first_size() -> None:
    from django.db import connection

    connection.close()
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{FIRST_SIZE_COPY}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{FIRST_SIZE_COPY}" TEMPLATE "{BENCH_DB_NAME}"')


def _interleaved_pool(repeat: int) -> tuple[list[float], list[float]]:
    """Onboardings from the pool alternately on the first size's copy and on the largest size."""
    from django.conf import settings

    from tenants.pool import spare_pool_fill

    for name in (FIRST_SIZE_COPY, BENCH_DB_NAME):
        _use_database(name)
        spare_pool_fill(repeat)
    samples: dict[str, list[float]] = {FIRST_SIZE_COPY: [], BENCH_DB_NAME: []}
    created = []
    size, settings.REGION_SPARE_POOL_SIZE = settings.REGION_SPARE_POOL_SIZE, 0
    try:
        for _ in range(repeat):
            for name, series in samples.items():
                _use_database(name)
                start = time.perf_counter()
                region = _onboard("interleaved", "pool")
                series.append((time.perf_counter() - start) * 1000)
                if name == BENCH_DB_NAME:
                    created.append(region)
    finally:
        settings.REGION_SPARE_POOL_SIZE = size
        _use_database(BENCH_DB_NAME)
    for region in created:
        _drop(region)
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{FIRST_SIZE_COPY}" WITH (FORCE)')
    return samples[FIRST_SIZE_COPY], samples[BENCH_DB_NAME]


def child(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,100,500")
    parser.add_argument("--repeat", type=int, default=20, help="onboardings from the pool per size")
    parser.add_argument("--repeat-slow", type=int, default=3, help="onboardings by clone per size")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    django_setup_on_bench_database(fresh=True)

    rows = []
    for size in sizes:
        print(f"Préparation : {size} région(s) existante(s)…", flush=True)
        grown = grow_to(size)
        print(f"  ({grown:.0f} s)", flush=True)
        rows.append({"existing": size, **_measure(args.repeat, args.repeat_slow)})
        if size == sizes[0]:
            _copy_first_size()
    print(f"Pool at {sizes[0]} and {sizes[-1]} regions, alternately…", flush=True)
    at_first, at_last = _interleaved_pool(args.repeat)

    print()
    print(
        f"Onboarding one region (pool: p95 of {args.repeat}; clone: median of {args.repeat_slow}; "
        "migrate: median), refill off while timing"
    )
    print(
        f"{'existing':>9} {'pool p95':>9} {'pool med':>9} {'clone ms':>9} {'migrate ms':>11} "
        f"{'clone/pool':>11} {'pool vs first':>14} {'spare build':>12}"
    )
    first = rows[0]
    for row in rows:
        print(
            f"{row['existing']:>9} {row['pool_p95_ms']:>9.1f} {row['pool_median_ms']:>9.1f} "
            f"{row['clone_median_ms']:>9.0f} {row['migrate_median_ms']:>11.0f} "
            f"{row['clone_median_ms'] / row['pool_median_ms']:>10.1f}x "
            f"{row['pool_median_ms'] / first['pool_median_ms']:>13.2f}x {row['spare_build_ms']:>10.0f}ms"
        )
    last = rows[-1]
    print(
        f"Pool, alternately at {first['existing']} and {last['existing']} regions: median "
        f"{statistics.median(at_first):.1f} ms vs {statistics.median(at_last):.1f} ms "
        f"(p95 {p95(at_first):.1f} vs {p95(at_last):.1f}), "
        f"{statistics.median(at_last) / statistics.median(at_first):.2f}x"
    )
    figures = [
        figure(
            f"Onboarding from the pool, p95 ({last['existing']} regions)",
            last["pool_p95_ms"],
            "ms",
            "clone p95",
            last["clone_p95_ms"],
            "<= 200 ms",
            last["pool_p95_ms"] <= 200,
        ),
        figure(
            f"Onboarding from the pool, median at {last['existing']} vs {first['existing']} (alternated)",
            statistics.median(at_last),
            "ms",
            f"pool at {first['existing']}",
            statistics.median(at_first),
            "<= 1.2x",
            statistics.median(at_last) <= 1.2 * statistics.median(at_first),
        ),
    ]
    return {"rows": rows, "figures": figures}


def main(argv: list[str] | None = None) -> dict:
    return run_module_in_child("bench.provisioning", list(argv or []))


if __name__ == "__main__":
    if "--child" in sys.argv:
        result = child([arg for arg in sys.argv[1:] if arg != "--child"])
        print(json.dumps(result))
    else:
        from bench.common import print_figures

        print_figures(main(sys.argv[1:])["figures"])
