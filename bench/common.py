"""Shared set-up for benchmarks: Django on a throwaway database, never the demo's."""

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB_NAME = "ancrage_bench"


def django_setup_on_bench_database(*, fresh: bool = False) -> None:
    """Point Django at the `ancrage_bench` database on the same server, created (and migrated) on demand.

    `fresh` starts from a new database: schemas created and dropped by earlier runs leave dead rows
    in PostgreSQL's catalogs, which slow every catalog query and would skew the figures.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    database = settings.DATABASES["default"]
    admin_database = {**database, "NAME": "postgres"}
    import psycopg

    with psycopg.connect(
        dbname=admin_database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        autocommit=True,
    ) as conn:
        if fresh:
            # A run stopped midway may leave its backend busy (a clone running): end it first.
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [BENCH_DB_NAME]
            )
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB_NAME}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB_NAME}"')
    database["NAME"] = BENCH_DB_NAME
    django.setup()
    from django.core.management import call_command

    call_command("migrate_regions", verbosity=0)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def run_in_child(script: str) -> dict:
    """Runs a benchmark script with `--child` in a fresh interpreter (its own Django set-up, its own
    connections), echoes its table and returns the figures it prints as JSON on its last line."""
    import json
    import subprocess
    import sys

    completed = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, str(Path(script).resolve()), "--child"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stdout.write(completed.stdout.rsplit("\n", 2)[0] + "\n" if completed.stdout else "")
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise RuntimeError(f"{Path(script).name} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def figure(
    name: str, value: float, unit: str, baseline: str, baseline_value: float, target: str, ok: bool
) -> dict:
    """One line of `make bench`'s closing table: a measured figure, the baseline measured in the same
    run, their ratio and the target it is held to. Every benchmark returns a list of these under
    "figures" (through JSON when it runs in a child), so one table can quote them all."""
    ratio = value / baseline_value if baseline_value else float("nan")
    return {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(baseline_value, 3),
        "ratio": round(ratio, 3),
        "target": target,
        "ok": bool(ok),
    }


def print_figures(figures: list[dict]) -> None:
    """The closing table of `make bench`: every figure against its baseline and its target."""
    print("Summary: every figure against its baseline (same run) and its target")
    print(f"{'figure':<58}{'value':>12} {'baseline':<34}{'ratio':>8}  {'target':<22}ok")
    for f in figures:
        value = f"{f['value']:,.1f} {f['unit']}"
        baseline = f"{f['baseline']} {f['baseline_value']:,.1f}"
        mark = "yes" if f["ok"] else "NO"
        print(
            f"{f['name'][:57]:<58}{value:>12} {baseline[:33]:<34}{f['ratio']:>7.2f}x  {f['target'][:21]:<22}{mark}"
        )
