"""The network view: opted-in regions only, aggregates only, suppressed across the table, fresh."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import selectors
from core.models import Participant, ParticipantIdentity
from network.access import opted_in_links
from network.fanout import data_version, fan_out
from tests.network.conftest import FISCAL_YEAR, QUERY, SECRET_CODE_PREFIX, opt_in, opt_out

pytestmark = pytest.mark.django_db
URL = "/api/v1/network/indicators/"
THRESHOLD = settings.INDICATORS_SUPPRESSION_THRESHOLD
PEOPLE = {
    "participants",
    "new_candidates",
    "walk_in_participants",
    "successful_migrations",
    "parallel_migrations",
    "employment_outcomes",
    "return_to_school",
    "exploratory_stay_participants",
    "people_reached",
}


def _people_counts(report):
    """Every count of people in the report: per region and total, per indicator and per axis."""
    for row in [*report["regions"], report["total"]]:
        for key in PEOPLE:
            yield row["indicators"][key]
        for axis in row["axes"].values():
            yield axis["participants"]
            yield axis["new_candidates"]


def test_a_network_account_sees_the_regions_that_opted_in_side_by_side_and_summed(world, network_api):
    opt_in(world, "a")
    opt_in(world, "b")
    response = network_api.get(URL + QUERY)
    assert response.status_code == 200, response.content
    report = response.json()
    assert [row["slug"] for row in report["regions"]] == ["alpha", "beta-nord"]
    alpha, beta = report["regions"]
    # A: 12 + 3 people in MIFI's programs (not the 20 in a program MIFI does not fund); B: 8. A's 3
    # (one axis) hide the cells that would give them back, down to the regions' totals; the
    # network's total stays.
    assert report["total"]["indicators"]["participants"] == 23
    assert report["total"]["regions"] == 2
    # 23 - 20 would give the network's 3 in integration: the settlement total is hidden too.
    assert report["total"]["axes"]["settlement"]["participants"] == f"<{THRESHOLD}"
    assert alpha["indicators"]["successful_migrations"] == 12
    assert beta["indicators"]["successful_migrations"] == 8
    assert report["total"]["indicators"]["successful_migrations"] == 20
    assert alpha["programs"] == beta["programs"] == 2
    assert report["period"] == {"from": "2024-04-01", "to": "2025-03-31", "label": "2024-2025"}


def test_a_region_that_has_not_opted_in_is_absent_not_zero(world, network_api):
    opt_in(world, "a")
    report = network_api.get(URL + QUERY).json()
    assert [row["slug"] for row in report["regions"]] == ["alpha"]
    assert "beta-nord" not in str(report)
    assert "Bêta" not in str(report)


def test_the_figures_are_the_regions_own_selectors(world):
    opt_in(world, "a")
    connection.set_tenant(world["a"]["region"])
    settle, integration, _other = world["a"]["programs"]
    own = selectors.participant_count(
        date_from=FISCAL_YEAR.date_from, date_to=FISCAL_YEAR.date_to, programs=[settle.pk, integration.pk]
    )
    connection.set_schema_to_public()
    [row] = fan_out(opted_in_links(world["funder"]), FISCAL_YEAR)
    assert row["figures"]["indicators"]["participants"] == own == 15


def test_no_count_under_the_threshold_ever_leaves_and_the_complement_is_hidden(world, network_api):
    opt_in(world, "a")
    opt_in(world, "b")
    report = network_api.get(URL + QUERY).json()
    for value in _people_counts(report):
        assert value == f"<{THRESHOLD}" or value == 0 or value >= THRESHOLD, value
    alpha, beta = report["regions"]
    # A's 3 people in integration are hidden; B has 0 there, so the total (3) is hidden too.
    assert alpha["axes"]["immigrant_integration"]["participants"] == f"<{THRESHOLD}"
    assert report["total"]["axes"]["immigrant_integration"]["participants"] == f"<{THRESHOLD}"
    # A's total (15) minus its settlement (12) would give the 3: settlement is hidden in A as well.
    assert alpha["axes"]["settlement"]["participants"] == f"<{THRESHOLD}"
    # And A's settlement is not the network's settlement minus B's: one of those is hidden too.
    total_settlement = report["total"]["axes"]["settlement"]["participants"]
    assert f"<{THRESHOLD}" in (total_settlement, beta["axes"]["settlement"]["participants"])


def test_never_a_name_or_a_file_number_in_any_format(world, network_api):
    opt_in(world, "a")
    connection.set_tenant(world["a"]["region"])
    codes = list(Participant.objects.values_list("code", flat=True))
    names = set(ParticipantIdentity.objects.values_list("last_name", flat=True))
    connection.set_schema_to_public()
    assert codes
    assert names
    bodies = [network_api.get(URL + QUERY).content]
    for fmt in ("csv", "xlsx"):
        response = network_api.get(f"{URL}{QUERY}&format={fmt}")
        assert response.status_code == 200
        bodies.append(response.content)
    for body in bodies:
        assert SECRET_CODE_PREFIX.encode() not in body
        for name in names:
            assert name.encode() not in body


def test_the_csv_export_holds_no_small_count(world, network_api):
    opt_in(world, "a")
    opt_in(world, "b")
    response = network_api.get(f"{URL}{QUERY}&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    people_labels = ("Participant", "candidat", "Migrations", "rejointes", "emploi", "études", "séjours")
    values = [row[2] for row in rows[1:] if any(label in row[1] for label in people_labels)]
    assert values
    for value in values:
        assert (
            value == f"<{THRESHOLD}"
            or re.fullmatch(r"\d+", value)
            and (int(value) == 0 or int(value) >= THRESHOLD)
        )


def test_the_pdf_export(world, network_api):
    opt_in(world, "a")
    response = network_api.get(f"{URL}{QUERY}&format=pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_region_that_opts_out_disappears_at_once_even_from_a_warm_cache(world, network_api):
    opt_in(world, "a")
    opt_in(world, "b")
    assert len(network_api.get(URL + QUERY).json()["regions"]) == 2  # now cached
    opt_out(world, "b")
    report = network_api.get(URL + QUERY).json()
    assert [row["slug"] for row in report["regions"]] == ["alpha"]
    assert report["total"]["indicators"]["participants"] == 15


def test_a_change_in_a_regions_data_invalidates_its_cached_figures(world):
    from tests.factories import core as f

    opt_in(world, "a")
    region = world["a"]["region"]
    version = data_version(region)
    [before] = fan_out(opted_in_links(world["funder"]), FISCAL_YEAR)
    connection.set_tenant(region)
    # Deferred triggers fire at commit; the test's transaction never commits, so fire them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    settle = world["a"]["programs"][0]
    for _ in range(5):
        f.EnrollmentFactory(program=settle)
    connection.set_schema_to_public()
    assert data_version(region) == version + 1  # once per transaction, not once per row
    [after] = fan_out(opted_in_links(world["funder"]), FISCAL_YEAR)
    assert (
        after["figures"]["indicators"]["participants"] == before["figures"]["indicators"]["participants"] + 5
    )


def test_a_warm_network_reads_one_version_per_region_and_never_a_regions_tables(world):
    opt_in(world, "a")
    opt_in(world, "b")
    links = opted_in_links(world["funder"])
    fan_out(links, FISCAL_YEAR)
    with CaptureQueriesContext(connection) as queries:
        fan_out(links, FISCAL_YEAR)
    reads = [
        query["sql"] for query in queries.captured_queries if not query["sql"].startswith("SET search_path")
    ]
    assert len(reads) == 2, reads
    assert all("core_dataversion" in sql for sql in reads)


def test_the_fan_out_never_joins_two_schemas(world):
    opt_in(world, "a")
    opt_in(world, "b")
    schemas = [world[key]["region"].schema_name for key in ("a", "b")]
    with CaptureQueriesContext(connection) as queries:
        fan_out(opted_in_links(world["funder"]), FISCAL_YEAR)
    assert len(queries) > 10
    for query in queries.captured_queries:
        assert sum(f'"{schema}".' in query["sql"] for schema in schemas) <= 1, query["sql"]
    # The region queries themselves name no schema: they run on the region's search_path, one at a time.
    assert sum(any(f'"{schema}".' in q["sql"] for schema in schemas) for q in queries.captured_queries) == 2


def test_every_region_schema_and_the_template_carry_the_data_version_triggers(world):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tgname = 'ancrage_data_version' "
            "GROUP BY n.nspname"
        )
        counts = dict(cursor.fetchall())
    for schema in (
        settings.TENANT_TEMPLATE_SCHEMA,
        *[world[key]["region"].schema_name for key in ("a", "b")],
    ):
        assert counts.get(schema) == 13, (schema, counts)
