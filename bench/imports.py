"""Import benchmark: rows per second of importing a 10 000-row CSV (participants, interventions),
dry run then commit, against a raw bulk_create of the same rows measured in the same run.

The baseline writes the same rows with no reading, no checks, no duplicate search and no audit:
the ratio says what reading the file and applying every rule costs on top of the bare inserts.
Runs in a region of its own in the `ancrage_bench` database; every import is undone afterwards.

    .venv/bin/python bench/imports.py        # prints a table, then a JSON line
    from bench.imports import main; main()   # what bench/run.py calls: returns the figures
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ancrage_bench"
BENCH_SLUG = "bench-imports"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))


def main() -> dict:
    """Runs the benchmark in a fresh interpreter and returns its figures."""
    from bench.common import run_in_child  # imported here: the child runs this file as a script

    return run_in_child(__file__)


# --- child process ------------------------------------------------------------------------------


def _setup_django() -> None:
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = BENCH_DB
    settings.DEBUG = False
    import psycopg

    config = settings.DATABASES["default"]
    params = {
        "dbname": "postgres",
        "user": config["USER"],
        "host": config["HOST"] or None,
        "autocommit": True,
    }
    if config.get("PORT"):
        params["port"] = config["PORT"]
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    import django

    django.setup()


def _bench_region():
    from django.core.management import call_command
    from django.db import connection

    from tenants.models import Region
    from tenants.provisioning import platform_ensure, provision_region

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    platform_ensure()
    region = Region.objects.filter(slug=BENCH_SLUG).first()
    if region is None:
        region = provision_region(
            slug=BENCH_SLUG, name="Bench imports", admin_email="bench@bench-imports.test"
        )
    return region


def _csv(lines: list[list]) -> bytes:
    # What Excel saves on Windows: semicolons, Windows-1252.
    return "\r\n".join(";".join(str(cell) for cell in line) for line in lines).encode("cp1252")


def _participant_lines() -> list[list]:
    lines = [
        ["Nom", "Prénom", "Date de naissance", "Courriel", "Date d'accueil", "Genre", "Ville", "Consentement"]
    ]
    for n in range(ROWS):
        birth = f"{1985 + n % 20}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        lines.append(
            [
                f"Fictif-{n:05d}",
                "Bench",
                birth,
                f"bench{n}@exemple.invalid",
                "2024-04-02",
                ["Femme", "Homme"][n % 2],
                ["Alma", "Chicoutimi", "Jonquière", "Roberval"][n % 4],
                "oui",
            ]
        )
    return lines


def _intervention_lines(codes: list[str]) -> list[list]:
    lines = [["Numéro de dossier", "Date", "Durée (minutes)", "Mode", "Objet"]]
    for n in range(ROWS):
        lines.append(
            [
                codes[n % len(codes)],
                f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                15 + n % 90,
                "Individuel",
                f"Rencontre {n}",
            ]
        )
    return lines


def _baseline_participants() -> float:
    """Seconds for a raw bulk_create of the same people (participant, identity, consent)."""
    import datetime as dt

    from django.db import transaction

    from core.models import Consent, Participant, ParticipantIdentity

    start = time.perf_counter()
    with transaction.atomic():
        people = Participant.objects.bulk_create(
            Participant(
                code=f"RAW-{n:06d}",
                intake_date=dt.date(2024, 4, 2),
                age_group="25_29",
                gender=["woman", "man"][n % 2],
                city="Alma",
                has_consent=True,
            )
            for n in range(ROWS)
        )
        ParticipantIdentity.objects.bulk_create(
            ParticipantIdentity(
                participant=p,
                first_name="Bench",
                last_name=f"Fictif-{n:05d}",
                email=f"raw{n}@exemple.invalid",
            )
            for n, p in enumerate(people)
        )
        Consent.objects.bulk_create(Consent(participant=p, given_on=dt.date(2024, 4, 2)) for p in people)
    elapsed = time.perf_counter() - start
    Participant.objects.filter(code__startswith="RAW-").delete()
    return elapsed


def _baseline_interventions(participants) -> float:
    import datetime as dt

    from django.db import transaction

    from core.models import Intervention

    start = time.perf_counter()
    with transaction.atomic():
        Intervention.objects.bulk_create(
            Intervention(
                participant=participants[n % len(participants)],
                date=dt.date(2024, 1 + n % 12, 1 + n % 28),
                minutes=15 + n % 90,
                subject=f"RAW {n}",
            )
            for n in range(ROWS)
        )
    elapsed = time.perf_counter() - start
    Intervention.objects.filter(subject__startswith="RAW ").delete()
    return elapsed


def _import(kind: str, content: bytes) -> tuple[float, float, object]:
    from core import services

    start = time.perf_counter()
    batch = services.import_check(actor=None, kind=kind, file_name=f"{kind}.csv", content=content)
    checked = time.perf_counter() - start
    assert batch.status == "checked", batch.errors[:3]
    assert batch.new_rows == ROWS
    start = time.perf_counter()
    batch = services.import_commit(batch=batch, actor=None)
    committed = time.perf_counter() - start
    assert batch.status == "committed"
    return checked, committed, batch


def _child() -> None:
    _setup_django()
    from django.db import connection

    from core import services
    from core.models import Participant

    region = _bench_region()
    connection.set_tenant(region)
    figures = {"rows": ROWS}
    # What an interrupted run left behind goes first, so each run imports the same new rows.
    from core.models import ImportBatch

    for leftover in ImportBatch.objects.filter(status="committed").order_by("-kind"):
        services.import_undo(batch=leftover, actor=None)

    base_people = _baseline_participants()
    check_people, commit_people, people_batch = _import("participants", _csv(_participant_lines()))
    codes = list(
        Participant.objects.filter(pk__in=people_batch.rows.values("object_id")).values_list(
            "code", flat=True
        )
    )
    base_int = _baseline_interventions(list(Participant.objects.filter(code__in=codes[:500])))
    check_int, commit_int, int_batch = _import("interventions", _csv(_intervention_lines(codes)))
    services.import_undo(batch=int_batch, actor=None)
    services.import_undo(batch=people_batch, actor=None)

    print(f"Import of {ROWS} rows (CSV, Windows-1252, ';'), dry run then commit, vs raw bulk_create")
    print(
        f"{'kind':<14}{'dry run':>12}{'commit':>12}{'total':>12}{'rows/s':>10}{'raw rows/s':>12}{'ratio':>8}"
    )
    for kind, check, commit, base in (
        ("participants", check_people, commit_people, base_people),
        ("interventions", check_int, commit_int, base_int),
    ):
        total = check + commit
        rate, raw = ROWS / total, ROWS / base
        figures[kind] = {
            "dry_run_s": round(check, 2),
            "commit_s": round(commit, 2),
            "rows_per_s": round(rate),
            "raw_bulk_create_rows_per_s": round(raw),
            "ratio": round(raw / rate, 1),
        }
        print(
            f"{kind:<14}{check:>11.2f}s{commit:>11.2f}s{total:>11.2f}s{rate:>10,.0f}{raw:>12,.0f}{raw / rate:>7.1f}x"
        )
    from bench.common import figure

    figures["figures"] = [
        figure(
            f"import {kind}, {ROWS} rows (dry run + commit)",
            figures[kind]["rows_per_s"],
            "rows/s",
            "raw bulk_create rows/s",
            figures[kind]["raw_bulk_create_rows_per_s"],
            "informative",
            True,
        )
        for kind in ("participants", "interventions")
    ]
    connection.set_schema_to_public()
    print(json.dumps(figures))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        main()
