"""Citus schema-based sharding (deploy/README.md): each region's schema lives whole on one worker
node, so no statement may touch two regions' schemas, and platform (public) tables read from a
region's statements must be reference tables (copied on every node).

Every SQL statement of a representative run is captured: every path x method of the region API
for every role (the permission walk), the region's back office and the platform API. Each must
touch at most one region schema: the search_path it runs under and any schema it names.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.api.conftest import api, build_world, client_for, make_user, token_for, world  # noqa: F401
from tests.api.test_permissions import ROLES, WORLD_ROW, call, operations, region_clients  # noqa: F401

pytestmark = pytest.mark.django_db
SETUP_SQL = Path(__file__).resolve().parents[2] / "deploy" / "citus" / "setup.sql"
SET_PATH = re.compile(r"^SET search_path = (.+)$")


class Statements:
    def __init__(self):
        self.seen: list[tuple[tuple[str, ...], str]] = []  # (search_path, sql)
        self.path: tuple[str, ...] = ()

    def __call__(self, execute, sql, params, many, context):
        match = SET_PATH.match(sql.strip())
        if match:
            self.path = tuple(part.strip().strip('"') for part in match.group(1).split(","))
        self.seen.append((self.path, sql))
        return execute(sql, params, many, context)


def regions_touched(search_path: tuple[str, ...], sql: str, regions: set[str]) -> set[str]:
    """Region schemas a statement reaches: those on its search_path and those it names."""
    named = {schema for schema in regions if re.search(rf'(?<![\w"])"?{schema}"?\.', sql)}
    return named | (regions & set(search_path))


def test_the_check_sees_a_statement_joining_two_regions():
    regions = {"alpha", "beta_nord"}
    join = 'SELECT 1 FROM "alpha"."core_partner" a JOIN beta_nord.core_partner b ON a.id = b.id'
    assert regions_touched(("public",), join, regions) == {"alpha", "beta_nord"}
    assert (
        regions_touched(("alpha", "public"), 'SELECT 1 FROM "beta_nord"."core_partner"', regions) == regions
    )
    assert regions_touched(("alpha", "public"), 'SELECT 1 FROM "core_partner"', regions) == {"alpha"}


def _public_only_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "EXCEPT SELECT tablename FROM pg_tables WHERE schemaname = 'alpha'"
        )
        return {row[0] for row in cursor.fetchall()}


def _reference_tables() -> set[str]:
    return set(re.findall(r"create_reference_table\('public\.(\w+)'\)", SETUP_SQL.read_text()))


def test_every_statement_touches_at_most_one_region_schema(world, region_clients, region_a):  # noqa: F811
    from tenants.models import Region

    regions = set(Region.objects.exclude(schema_name="public").values_list("schema_name", flat=True))
    regions.add(settings.TENANT_TEMPLATE_SCHEMA)
    public_only = _public_only_tables()
    schema = Client(HTTP_HOST="alpha.localhost").get("/api/v1/schema/?format=json").json()
    capture = Statements()
    staff = make_user(region_a, "region_admin", "citus.walker@alpha.test")
    platform = make_user(None, "platform_admin", "citus.platform@api.test")
    platform_token = token_for(None, platform)
    connection.set_tenant(region_a)
    back_office = Client(HTTP_HOST="alpha.localhost")
    back_office.force_login(staff)
    connection.set_schema_to_public()

    with connection.execute_wrapper(capture):
        for path, method in sorted(operations(schema)):
            resource = path.split("/")[3]
            row = getattr(world, WORLD_ROW.get(resource, ""), None)
            concrete = path.replace("{id}", str(row.pk if row else 0))
            for role in ROLES:
                if path.startswith("/api/v1/billing/") and method == "post":
                    continue  # would call Stripe (tests/billing runs them against the fake)
                call(region_clients[role], method, concrete)
        for page in (
            "/admin/",
            "/admin/core/participant/",
            "/admin/core/auditevent/",
            "/admin/accounts/user/",
        ):
            back_office.get(page)
        on_platform = client_for(settings.BASE_DOMAIN, platform_token)
        on_platform.get("/api/v1/platform/regions/")
        on_platform.get("/api/v1/platform/regions/alpha/")

    assert len(capture.seen) > 500  # the run is representative, not a handful of queries
    # the search_path is followed (django-tenants' SET statements are captured too)
    assert sum(1 for path, _sql in capture.seen if "alpha" in path) > 400
    crossing, public_reads = [], set()
    for path, sql in capture.seen:
        in_path = regions & set(path)
        if len(regions_touched(path, sql, regions)) > 1:
            crossing.append(f"{path}: {sql[:200]}")
        if in_path:
            public_reads |= {table for table in re.findall(r'"(\w+)"', sql) if table in public_only}
    assert not crossing, "\n".join(crossing[:10])
    # what a region's statements read from the platform must be a Citus reference table
    missing = public_reads - _reference_tables()
    assert not missing, f"add to deploy/citus/setup.sql as reference tables: {sorted(missing)}"
