"""`manage.py migrate_regions` at 100 and 500 regions (`--sizes 100,500,1000` for more): with nothing
to apply and with one new migration, against django-tenants' own `migrate_schemas` in the same run.

django-tenants migrates schema after schema, each with a full `migrate` (plan, project state,
post-migrate signals): at hundreds of regions a full run takes minutes, so its time is estimated from
a sample of schemas (`--sample`, each migrated with `migrate_schemas --schema`) times the number of
regions; the output says so. `--full-baseline` runs it on every region instead.

    .venv/bin/python -m bench.migrations [--sizes 100,500] [--sample 10] [--full-baseline]
"""

import argparse
import contextlib
import io
import json
import re
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.common import django_setup_on_bench_database, figure
from bench.provisioning import existing_regions, grow_to, run_module_in_child, shrink_to

PROBE = """
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [{dependency!r}]
    operations = [
        migrations.RunSQL(
            "CREATE TABLE bench_probe_{index} (id bigserial PRIMARY KEY, note text NOT NULL DEFAULT 'sonde')",
            "DROP TABLE bench_probe_{index}",
        ),
    ]
"""


class Probes:
    """core's migrations plus N probe migrations (each creates a table), as a developer adds them."""

    def __init__(self) -> None:
        import core

        self.root = Path(tempfile.mkdtemp(prefix="bench-migrations-"))
        self.core_dir = Path(core.__file__).parent / "migrations"
        self.count = 0
        # Names of this run: probes of an earlier run on the same database stay applied there.
        self.run = uuid.uuid4().hex[:6]
        sys.path.insert(0, str(self.root))

    def add(self) -> str:
        from django.conf import settings
        from django.db.migrations.loader import MigrationLoader

        if self.count == 0:
            dependency = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes("core"))[0]
        else:
            dependency = ("core", f"9{self.count:03d}_bench_probe_{self.run}")
        self.count += 1
        package = f"core_migrations_{uuid.uuid4().hex[:8]}"
        target = self.root / package
        if self.count == 1:
            shutil.copytree(self.core_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copytree(self.root / self.package, target, ignore=shutil.ignore_patterns("__pycache__"))
        (target / f"9{self.count:03d}_bench_probe_{self.run}.py").write_text(
            PROBE.format(dependency=tuple(dependency), index=f"{self.run}_{self.count}")
        )
        self.package = package
        settings.MIGRATION_MODULES = {"core": package}
        return f"core.9{self.count:03d}_bench_probe_{self.run}"


def _migrate_regions() -> tuple[float, float]:
    """Seconds of `migrate_regions`, and the peak memory of its busiest worker (MiB)."""
    from django.core.management import call_command

    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):  # django-tenants prints the public schema's migration
        call_command("migrate_regions", verbosity=1, stdout=out)
    seconds = time.perf_counter() - start
    peak = re.search(r"peak memory of a worker: (\d+) MiB", out.getvalue())
    return seconds, float(peak.group(1)) if peak else 0.0


def _django_tenants_per_schema(sample: list[str]) -> float:
    """Seconds per schema of django-tenants' `migrate_schemas`, over the sample."""
    from django.core.management import call_command

    start = time.perf_counter()
    for schema in sample:
        call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)
    return (time.perf_counter() - start) / len(sample)


def _django_tenants_full() -> float:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    return time.perf_counter() - start


def child(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,500")
    parser.add_argument("--sample", type=int, default=10, help="schemas django-tenants migrates per figure")
    parser.add_argument("--full-baseline", action="store_true", help="run django-tenants on every region")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]

    django_setup_on_bench_database()
    from django.conf import settings

    probes = Probes()
    rows = []
    # Largest first: the regions an earlier bench left are reused, then dropped down to each size.
    for size in sorted(sizes, reverse=True):
        print(f"Préparation : {size} région(s) existante(s)…", flush=True)
        grow_to(size)
        shrink_to(size)
        _migrate_regions()  # regions left behind by an earlier run catch up first
        schemas = list(existing_regions().order_by("pk").values_list("schema_name", flat=True))
        sample = schemas[: args.sample]
        baseline = "measured" if args.full_baseline else f"estimated from {len(sample)} schemas"

        noop, _peak = _migrate_regions()
        noop_tenants = (
            _django_tenants_full() if args.full_baseline else _django_tenants_per_schema(sample) * size
        )

        probes.add()
        one, peak = _migrate_regions()

        probes.add()  # a second new migration, for django-tenants
        if args.full_baseline:
            one_tenants = _django_tenants_full()
        else:
            one_tenants = _django_tenants_per_schema(sample) * size
            _migrate_regions()  # the other regions catch up (not timed)
        rows.append(
            {
                "regions": size,
                "noop_s": noop,
                "noop_tenants_s": noop_tenants,
                "one_s": one,
                "one_tenants_s": one_tenants,
                "worker_peak_mib": peak,
                "baseline": baseline,
                "workers": settings.MIGRATE_REGIONS_WORKERS,
            }
        )

    print()
    print(
        f"migrate_regions ({rows[0]['workers']} workers) vs django-tenants migrate_schemas "
        f"(django-tenants {rows[0]['baseline']} x regions)"
    )
    print(
        f"{'regions':>8} {'no-op s':>8} {'dt no-op s':>11} {'ratio':>7} {'1 migr. s':>10} "
        f"{'dt 1 migr. s':>13} {'ratio':>7} {'worker peak MiB':>16}"
    )
    for row in rows:
        print(
            f"{row['regions']:>8} {row['noop_s']:>8.1f} {row['noop_tenants_s']:>11.1f} "
            f"{row['noop_s'] / row['noop_tenants_s']:>6.3f}x {row['one_s']:>10.1f} {row['one_tenants_s']:>13.1f} "
            f"{row['one_s'] / row['one_tenants_s']:>6.3f}x {row['worker_peak_mib']:>16.0f}"
        )
    rows.sort(key=lambda row: row["regions"])
    first, last = rows[0], rows[-1]
    dt = f"django-tenants ({'est.' if not args.full_baseline else 'run'})"
    figures = [
        figure(
            f"migrate_regions, nothing to apply ({last['regions']} regions)",
            last["noop_s"],
            "s",
            dt,
            last["noop_tenants_s"],
            "< 10 s at 1000",
            last["noop_s"] < 10 * max(1.0, last["regions"] / 1000),
        ),
        figure(
            f"migrate_regions, one new migration ({last['regions']} regions)",
            last["one_s"],
            "s",
            dt,
            last["one_tenants_s"],
            "faster than baseline",
            last["one_s"] < last["one_tenants_s"],
        ),
        figure(
            f"migrate_regions worker peak RSS ({last['regions']} regions)",
            last["worker_peak_mib"],
            "MiB",
            f"at {first['regions']} regions",
            first["worker_peak_mib"],
            "flat (<= 1.2x)",
            last["worker_peak_mib"] <= 1.2 * first["worker_peak_mib"],
        ),
    ]
    return {"rows": rows, "figures": figures}


def main(argv: list[str] | None = None) -> dict:
    return run_module_in_child("bench.migrations", list(argv or []))


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child([arg for arg in sys.argv[1:] if arg != "--child"])))
    else:
        from bench.common import print_figures

        print_figures(main(sys.argv[1:])["figures"])
