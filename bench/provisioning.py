"""Time to onboard one region at 1, 50 and 200 existing regions: clone of the template versus
replaying every migration, measured in the same run. Prints a table and the ratios.

    .venv/bin/python -m bench.provisioning [--sizes 1,50,200] [--repeat 3]
"""

import argparse
import itertools
import statistics

from bench.common import django_setup_on_bench_database, timed

_counter = itertools.count()


def _drop(region) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{region.schema_name}" CASCADE')
    region.domains.all().delete()
    region.delete()


def _onboard(prefix: str, method: str):
    from django.db import connection

    from tenants.provisioning import provision_region

    # Each onboarding on a new connection, as each web request gets one (CONN_MAX_AGE=0): a backend
    # that has cloned hundreds of schemas carries their catalog caches and slows down tenfold.
    connection.close()
    slug = f"{prefix}-{next(_counter)}"
    return provision_region(slug=slug, name=slug, admin_email=f"admin@{slug}.bench", method=method)


def _existing_regions():
    from tenants.models import Region

    return Region.objects.exclude(schema_name="public").filter(slug__startswith="existing-")


def _grow_to(size: int) -> None:
    """Onboard filler regions (by cloning, the fast way) until `size` regions exist."""
    missing = size - _existing_regions().count()
    for index in range(missing):
        _onboard("existing", "clone")
        if (index + 1) % 25 == 0:
            print(f"  … {index + 1}/{missing} régions ajoutées", flush=True)


def _measure_both(repeat: int) -> tuple[float, float]:
    """Median ms of onboarding by clone and by migrate, alternated so both see the same machine."""
    samples: dict[str, list[float]] = {"clone": [], "migrate": []}
    created = []
    for _ in range(repeat):
        for method in ("clone", "migrate"):
            samples[method].append(timed(lambda m=method: created.append(_onboard(f"probe-{m}", m)), 1))
    for region in created:
        _drop(region)
    return statistics.median(samples["clone"]), statistics.median(samples["migrate"])


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,50,200")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    django_setup_on_bench_database(fresh=True)

    rows = []
    for size in sizes:
        print(f"Préparation : {size} région(s) existante(s)…", flush=True)
        _grow_to(size)
        clone_ms, migrate_ms = _measure_both(args.repeat)
        rows.append({"existing": size, "clone_ms": clone_ms, "migrate_ms": migrate_ms})

    base_clone = rows[0]["clone_ms"]
    print()
    print(f"Provisioning one region (median of {args.repeat}), clone of the template vs plain migrate")
    print(f"{'existing':>9} {'clone ms':>10} {'migrate ms':>11} {'migrate/clone':>14} {'clone vs first':>15}")
    for row in rows:
        print(
            f"{row['existing']:>9} {row['clone_ms']:>10.0f} {row['migrate_ms']:>11.0f} "
            f"{row['migrate_ms'] / row['clone_ms']:>13.1f}x {row['clone_ms'] / base_clone:>14.2f}x"
        )
    return rows


if __name__ == "__main__":
    main()
