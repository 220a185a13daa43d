"""The network's figures, region by region: each opted-in region's schema is visited in turn and asked
through the same selectors as its own reports (core.access.network_indicators_for_funder).

No query ever reads two schemas at once (the Citus path forbids it): each region answers alone, in
its own schema, and the sums are made here in Python. Each region's answer is cached under its data
version (core_dataversion, bumped at commit by triggers on the tables the indicators read), so a
warm network of 500 regions costs one small read per region plus one cache round trip; a region
whose data changed is recomputed alone.
"""

from django.core.cache import cache
from django.db import connection

from core.access import network_indicators_for_funder
from network.periods import Period
from tenants.models import Region

CACHE_SECONDS = 7 * 24 * 3600
KEY_VERSION = 1


def data_version(region: Region) -> int:
    """The region's data version, read in its own schema (a qualified name: no search_path change)."""
    with connection.cursor() as cursor:
        cursor.execute(
            # The schema name is the region's own (validated at provisioning), quoted as an identifier.
            f"SELECT version FROM {connection.ops.quote_name(region.schema_name)}.core_dataversion"  # noqa: S608
        )
        row = cursor.fetchone()
    return row[0] if row else 0


def cache_key(region: Region, funder_id: int, period: Period, version: int) -> str:
    return (
        f"network:{KEY_VERSION}:{region.schema_name}:{funder_id}:"
        f"{period.date_from.isoformat()}:{period.date_to.isoformat()}:{version}"
    )


def compute_region(region: Region, funder_id: int, period: Period) -> dict:
    """One region's raw figures, computed in its schema; the connection is back on public after."""
    previous = connection.tenant
    connection.set_tenant(region)
    try:
        return network_indicators_for_funder(
            funder=funder_id, date_from=period.date_from, date_to=period.date_to
        )
    finally:
        connection.set_tenant(previous)


def fan_out(links: list[tuple[Region, int]], period: Period) -> list[dict]:
    """[{"region", "figures"}] for each (region, its Funder id), cached per region and data version."""
    keys = [cache_key(region, funder_id, period, data_version(region)) for region, funder_id in links]
    cached = cache.get_many(keys)
    fresh = {}
    results = []
    for (region, funder_id), key in zip(links, keys, strict=True):
        figures = cached.get(key)
        if figures is None:
            figures = fresh[key] = compute_region(region, funder_id, period)
        results.append({"region": region, "figures": figures})
    if fresh:
        cache.set_many(fresh, timeout=CACHE_SECONDS)
    return results
