"""The network view at 500 regions: the answer of GET /api/v1/network/indicators/ (fan-out over every
opted-in region, per-region cache, suppression across the table) warm and cold, in the same run.

The regions live in the bench database (`ancrage_bench`). One source region is provisioned the
normal way and filled with synthetic data; the others are cheap copies of the tables the indicators
read (CREATE TABLE ... LIKE, INSERT ... SELECT: set-up only, the view itself never reads two schemas),
with the data-version triggers, all linked to one network funder and opted in. They are not
migratable regions, so the run starts from a fresh bench database and drops them when it ends
(`manage.py migrate_regions`, which other benchmarks run, must never meet them).

    .venv/bin/python -m bench.network [--regions 500] [--repeat 5]

Figures: the warm answer (every region cached, one version read per region) against the cold one
(cache cleared: every region computed in its schema); target: warm under 2 s at 500 regions.
The cache is the process's LocMemCache (CACHE_MAX_ENTRIES, default 20 000 entries: the default 300
would evict a 500-region network); with CACHE_URL=redis://... it is Redis, one get_many per answer.
"""

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_SLUG = "bench-net-source"
COPY_PREFIX = "bench_netcopy_"
NETWORK_SLUG = "bench-network"
TARGET_MS = 2000.0
# What the indicators read (core/migrations/0011_network_optin_dataversion.py), and the version.
TABLES = [
    "core_partner",
    "core_funder",
    "core_program",
    "core_program_funders",
    "core_agreement",
    "core_agreement_programs",
    "core_agreementparty",
    "core_participant",
    "core_enrollment",
    "core_intervention",
    "core_activity",
    "core_activityreach",
    "core_activityattendance",
    "core_dataversion",
]
TRIGGERED = [table for table in TABLES if table != "core_dataversion"]


def main(argv: list[str] | None = None) -> dict:
    """Runs the benchmark in a fresh interpreter and returns {"figures": [...]}."""
    from bench.common import run_in_child

    args = _parse(argv)
    os.environ["BENCH_NETWORK_ARGS"] = json.dumps({"regions": args.regions, "repeat": args.repeat})
    return run_in_child(__file__)


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args(argv)


# --- child process ------------------------------------------------------------------------------


def _source_region():
    from django.db import connection

    from tenants.models import Region
    from tenants.provisioning import platform_ensure, provision_region

    connection.set_schema_to_public()
    platform_ensure()
    region = Region.objects.filter(slug=SOURCE_SLUG).first()
    if region is None:
        region = provision_region(
            slug=SOURCE_SLUG, name="Bench réseau (source)", admin_email="bench@net.test"
        )
        _fill(region)
    connection.set_schema_to_public()
    return region


def _fill(region) -> None:
    """A region's year: 600 people in 4 programs funded by MIFI, interventions, activities."""
    from django.db import connection

    from core.models import (
        Activity,
        ActivityReach,
        Enrollment,
        Funder,
        Intervention,
        Participant,
        Partner,
        Program,
        TeamMember,
    )

    connection.set_tenant(region)
    operator = Partner.objects.create(name="CJE bench", kind="community")
    mifi = Funder.objects.create(name="MIFI (bench)", acronym="MIFI")
    programs = []
    for index, axis in enumerate(["settlement", "immigrant_integration", "socioprofessional", "education"]):
        program = Program.objects.create(
            code=f"net-{index}", name_fr=f"Programme {index}", axis=axis, operator=operator
        )
        program.funders.add(mifi)
        programs.append(program)
    agent = TeamMember.objects.create(full_name="Agent bench", role="other")
    start = dt.date(2024, 4, 1)
    people = Participant.objects.bulk_create(
        Participant(
            code=f"N-{n:06d}",
            agent=agent,
            intake_date=start + dt.timedelta(days=n % 300),
            age_group=["15_19", "20_24", "25_29", "30_35"][n % 4],
            gender=["woman", "man"][n % 2],
            education="college",
            immigration_status="citizen",
            city="Chicoutimi",
            has_consent=True,
            is_synthetic=True,
        )
        for n in range(600)
    )
    Enrollment.objects.bulk_create(
        Enrollment(
            participant=person,
            program=programs[n % 4],
            status="active",
            applied_on=person.intake_date,
            start_date=person.intake_date,
            outcome="successful_migration" if n % 5 == 0 else "",
            outcome_on=person.intake_date + dt.timedelta(days=30) if n % 5 == 0 else None,
        )
        for n, person in enumerate(people)
    )
    Intervention.objects.bulk_create(
        Intervention(
            participant=person,
            agent=agent,
            program=programs[n % 4],
            date=person.intake_date + dt.timedelta(days=3),
            minutes=45,
            mode="individual",
        )
        for n, person in enumerate(people)
    )
    for n in range(40):
        activity = Activity.objects.create(
            title=f"Kiosque {n}",
            kind="kiosk",
            start_date=start + dt.timedelta(days=n * 7),
            program=programs[n % 4],
        )
        ActivityReach.objects.create(activity=activity, age_band="20_24", headcount=20 + n)
    connection.set_schema_to_public()


def _copies(source, count: int) -> list:
    """`count` regions whose indicator tables are copies of the source's (made once, then reused)."""
    from django.db import connection, transaction

    from tenants.models import Region

    existing = list(Region.objects.filter(slug__startswith=COPY_PREFIX.replace("_", "-")).order_by("slug"))
    missing = count - len(existing)
    started = time.perf_counter()
    for index in range(len(existing), count):
        slug = f"{COPY_PREFIX.replace('_', '-')}{index:04d}"
        schema = f"{COPY_PREFIX}{index:04d}"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            for table in TABLES:
                cursor.execute(
                    f'CREATE TABLE "{schema}".{table} (LIKE "{source.schema_name}".{table} INCLUDING ALL)'
                )
                cursor.execute(f'INSERT INTO "{schema}".{table} SELECT * FROM "{source.schema_name}".{table}')
            for table in TRIGGERED:
                cursor.execute(
                    f'CREATE CONSTRAINT TRIGGER ancrage_data_version AFTER INSERT OR UPDATE OR DELETE ON "{schema}".{table} '
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.ancrage_data_version_bump()"
                )
            # The row only: no schema of its own to create, no domain (the view never serves them).
            Region.objects.bulk_create(
                [Region(schema_name=schema, slug=slug, name=f"Région bench {index:04d}")]
            )
        if (index + 1 - len(existing)) % 100 == 0:
            print(f"  … {index + 1 - len(existing)}/{missing} régions copiées", flush=True)
    if missing > 0:
        print(f"  {missing} régions copiées en {time.perf_counter() - started:.1f} s", flush=True)
    return list(
        Region.objects.filter(slug__startswith=COPY_PREFIX.replace("_", "-")).order_by("slug")[:count]
    )


def _network(regions, funder_id: int):
    from network.models import NetworkFunder, OptIn, RegionLink

    funder, _created = NetworkFunder.objects.get_or_create(
        slug=NETWORK_SLUG, defaults={"name": "MIFI (bench)"}
    )
    RegionLink.objects.filter(network_funder=funder).exclude(region__in=regions).delete()
    OptIn.objects.filter(network_funder=funder).exclude(region__in=regions).delete()
    linked = set(RegionLink.objects.filter(network_funder=funder).values_list("region_id", flat=True))
    RegionLink.objects.bulk_create(
        [
            RegionLink(region=r, network_funder=funder, funder_id=funder_id)
            for r in regions
            if r.pk not in linked
        ]
    )
    opted = set(OptIn.objects.filter(network_funder=funder).values_list("region_id", flat=True))
    OptIn.objects.bulk_create(
        [OptIn(region=r, network_funder=funder, active=True) for r in regions if r.pk not in opted]
    )
    return funder


def _child() -> None:
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    args = json.loads(os.environ.get("BENCH_NETWORK_ARGS") or "{}")
    regions_wanted, repeat = args.get("regions", 500), args.get("repeat", 5)

    from bench.common import django_setup_on_bench_database

    django_setup_on_bench_database(fresh=True)
    try:
        _measure(regions_wanted, repeat)
    finally:
        _drop_copies()


def _drop_copies() -> None:
    from django.db import connection

    from tenants.models import Region

    connection.set_schema_to_public()
    copies = Region.objects.filter(slug__startswith=COPY_PREFIX.replace("_", "-"))
    with connection.cursor() as cursor:
        for schema in copies.values_list("schema_name", flat=True):
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    copies.delete()


def _measure(regions_wanted: int, repeat: int) -> None:
    from django.core.cache import cache
    from django.db import connection

    from accounts.models import Role, User
    from bench.common import figure, timed
    from core.models import Funder
    from network.access import opted_in_links
    from network.fanout import fan_out
    from network.periods import fiscal_year_of
    from network.report import network_report_for_actor
    from network.services import network_account_set

    source = _source_region()
    connection.set_tenant(source)
    funder_id = Funder.objects.get(acronym="MIFI").pk
    connection.set_schema_to_public()
    print(f"Préparation : {regions_wanted} régions…", flush=True)
    regions = _copies(source, regions_wanted)
    network_funder = _network(regions, funder_id)
    user, _created = User.objects.get_or_create(
        email="mifi@bench-network.test", defaults={"role": Role.NETWORK_FUNDER}
    )
    network_account_set(user=user, network_funder=network_funder)
    period = fiscal_year_of(dt.date(2024, 6, 1))

    def answer():
        return network_report_for_actor(actor=user, funder_slug=None, period=period)

    # One region computed in its schema: what each cold region costs.
    links = opted_in_links(network_funder)
    cache.clear()
    one_ms = timed(lambda: fan_out(links[:1], period), 1)
    cache.clear()
    cold_ms = timed(answer, 1)
    report = answer()
    assert report["total"]["regions"] == len(regions), report["total"]["regions"]
    warm_ms = timed(answer, repeat)
    # After one region's data changed: that region alone is recomputed.
    connection.set_tenant(regions[0])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_dataversion SET version = version + 1")
    connection.set_schema_to_public()
    one_changed_ms = timed(answer, 1)

    print(f"Réseau de {len(regions)} régions (vue réseau, période {period.label})")
    print(f"{'mesure':<52}{'ms':>12}")
    print(f"{'une région, calculée dans son schéma':<52}{one_ms:>12,.1f}")
    print(f"{'réseau à froid (cache vidé)':<52}{cold_ms:>12,.1f}")
    print(f"{'réseau à chaud (médiane de ' + str(repeat) + ')':<52}{warm_ms:>12,.1f}")
    print(f"{'réseau après un changement dans une région':<52}{one_changed_ms:>12,.1f}")
    print(f"ratio froid / chaud : {cold_ms / warm_ms:,.0f}x ; cible à chaud : < {TARGET_MS:,.0f} ms")
    figures = [
        figure(
            f"network view, {len(regions)} regions, warm",
            warm_ms,
            "ms",
            "cold (cache cleared)",
            cold_ms,
            f"< {TARGET_MS:,.0f} ms",
            warm_ms < TARGET_MS,
        ),
        figure(
            f"network view, {len(regions)} regions, one region changed",
            one_changed_ms,
            "ms",
            "cold (cache cleared)",
            cold_ms,
            f"< {TARGET_MS:,.0f} ms",
            one_changed_ms < TARGET_MS,
        ),
    ]
    print(json.dumps({"figures": figures}))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        from bench.common import print_figures

        print_figures(main(sys.argv[1:])["figures"])
