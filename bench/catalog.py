"""What each region costs PostgreSQL and the app at 500 regions (`--regions` for more): pg_class rows
and catalog bytes per region, the memory a backend grows by per region it serves, and the app's
resident memory after serving every region's host.

    .venv/bin/python -m bench.catalog [--regions 500]

Catalog bytes per region are the size of every pg_catalog table divided by the number of region
schemas (the template and spares included); backend memory per region is pg_backend_memory_contexts after reading the tables a request
reads in every region, less what a fresh backend holds, divided by the number of regions.
"""

import argparse
import json
import sys
from pathlib import Path

from bench.common import django_setup_on_bench_database, figure
from bench.provisioning import existing_regions, grow_to, run_module_in_child

# The tables a signed-in request reads in its region (session, account, lockout).
REQUEST_TABLES = ("django_session", "accounts_user", "axes_accessattempt")

CATALOG_BYTES_SQL = """
    SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'
"""


def _scalar(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _backend_bytes(cursor) -> int:
    cursor.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
    return int(cursor.fetchone()[0])


def _backend_memory(schemas: list[str]) -> tuple[int, int]:
    """A new backend's memory, then after it read REQUEST_TABLES in every schema."""
    import psycopg
    from django.db import connection

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as conn:
        cursor = conn.cursor()
        fresh = _backend_bytes(cursor)
        for schema in schemas:
            for table in REQUEST_TABLES:
                cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')  # noqa: S608 - our own names
        return fresh, _backend_bytes(cursor)


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def _serve_hosts(slugs: list[str]) -> dict[int, int]:
    from django.test import Client

    from tenants.provisioning import region_host

    statuses: dict[int, int] = {}
    for slug in slugs:
        response = Client(HTTP_HOST=region_host(slug)).get("/api/v1/participants/")
        # 401: routed to the region, refused without a token (an unknown host would be a 404)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return statuses


def child(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=500)
    args = parser.parse_args(argv)

    django_setup_on_bench_database()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    grow_to(args.regions)
    catalog_before = int(_scalar(CATALOG_BYTES_SQL))
    # Every schema with its own django_migrations is a region's (or the template, or a spare).
    region_schemas = _scalar("SELECT count(*) FROM pg_class WHERE relname = 'django_migrations'") - 1
    catalog_per_region = catalog_before / region_schemas

    slugs = list(existing_regions().order_by("pk").values_list("slug", flat=True)[: args.regions])
    schemas = [slug.replace("-", "_") for slug in slugs]
    per_region_rows = _scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s",
        [schemas[0]],
    )
    total_rows = _scalar("SELECT count(*) FROM pg_class")
    fresh, served = _backend_memory(schemas)
    backend_per_region = (served - fresh) / len(schemas)

    _serve_hosts(slugs[:1])
    rss_one = _rss_kib()
    statuses = _serve_hosts(slugs)
    rss_all = _rss_kib()

    n = len(schemas)
    print(f"Catalog and memory at {n} regions")
    print(f"  pg_class rows per region      {per_region_rows:>10}   (whole database: {total_rows})")
    print(
        f"  catalog bytes per region      {catalog_per_region / 1024:>10.0f} KiB (catalog at {n}: "
        f"{catalog_before / 2**20:.0f} MiB)"
    )
    print(
        f"  backend memory per region     {backend_per_region / 1024:>10.0f} KiB (fresh backend "
        f"{fresh / 2**20:.1f} MiB, after {n} regions {served / 2**20:.1f} MiB)"
    )
    print(
        f"  app RSS after {n} hosts       {rss_all / 1024:>10.0f} MiB (after 1 host {rss_one / 1024:.0f} MiB; "
        f"responses {statuses})"
    )
    figures = [
        figure(
            f"pg_class rows per region ({n} regions)",
            per_region_rows,
            "rows",
            "whole database",
            total_rows,
            "reported",
            True,
        ),
        figure(
            f"Catalog bytes per region ({n} regions)",
            catalog_per_region / 1024,
            "KiB",
            "whole catalog, KiB",
            catalog_before / 1024,
            "reported",
            True,
        ),
        figure(
            f"Backend memory per region served ({n} regions)",
            backend_per_region / 1024,
            "KiB",
            "fresh backend, KiB",
            fresh / 1024,
            "reported",
            True,
        ),
        figure(
            f"App RSS after serving {n} regions' hosts",
            rss_all / 1024,
            "MiB",
            "after 1 host",
            rss_one / 1024,
            "reported",
            True,
        ),
    ]
    return {"figures": figures}


def main(argv: list[str] | None = None) -> dict:
    return run_module_in_child("bench.catalog", list(argv or []))


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child([arg for arg in sys.argv[1:] if arg != "--child"])))
    else:
        from bench.common import print_figures

        print_figures(main(sys.argv[1:])["figures"])
