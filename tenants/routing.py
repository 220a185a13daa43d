"""Host -> region routing without a database query once warm.

Every request needs its region (from the host) and, on region hosts, the region's billing account.
Both change rarely, so each process keeps them in memory. Correctness comes from a version token
kept in the shared cache (Redis when CACHE_URL says so): any change to a region, a domain or a
billing account replaces the token, and every process drops its entries when it next sees a new
token (it reads the token at most every ROUTING_VERSION_CHECK_SECONDS; this process's own changes
drop its entries at once). The token is replaced at once and again after the commit, so no process
keeps a row it read before the change was committed. ROUTING_CACHE_SECONDS bounds the
life of an entry anyway, in case a change is made where no signal fires (raw SQL, another app).

Other apps memoise their own per-region facts here (billing: the account) with `routing_memo`, so
they are dropped together with the routes; tenants itself knows nothing of billing.
"""

import copy
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

from tenants.models import Domain, Region

logger = logging.getLogger(__name__)

VERSION_KEY = "routing-version"
# Its own cache alias: the default one prefixes keys with the current schema, and the version must
# be one key whatever schema the connection is on.
CACHE_ALIAS = "routing"

# Unknown hosts are remembered too (a new domain is a change like any other); this bounds how many.
MAX_ENTRIES = 20_000
_lock = threading.Lock()
_entries: dict[tuple[str, str], tuple[Any, float]] = {}
_known_version: str | None = None
_check_after = 0.0
_cache_ok = False
# Bumped on every local clear: a value loaded across a clear is not stored (it may predate it).
_generation = 0


def _ttl() -> float:
    return float(getattr(settings, "ROUTING_CACHE_SECONDS", 10))


def _clear_local() -> None:
    global _generation
    with _lock:
        _entries.clear()
        _generation += 1


def _shared_version() -> str | None:
    """The token every process compares; None when the shared cache cannot be reached."""
    store = caches[CACHE_ALIAS]
    try:
        version = store.get(VERSION_KEY)
        if version is None:
            store.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = store.get(VERSION_KEY)
    except Exception:  # noqa: BLE001 - any cache failure: route from the database, never fail the request
        return None
    return version


def routing_sync() -> bool:
    """Drops this process's entries if another process changed routing since.

    The shared token is read at most once per ROUTING_VERSION_CHECK_SECONDS (a Redis round trip
    per request would cost as much as the routing it saves); a change made in this process is seen
    at once, one made elsewhere within that interval. False when the shared cache is unreachable:
    then nothing cached may be trusted."""
    global _known_version, _check_after, _cache_ok
    now = time.monotonic()
    if now < _check_after:
        return _cache_ok
    version = _shared_version()
    _check_after = now + float(getattr(settings, "ROUTING_VERSION_CHECK_SECONDS", 0.5))
    _cache_ok = version is not None
    if version is None:
        _clear_local()
    elif version != _known_version:
        _clear_local()
        _known_version = version
    return _cache_ok


def routing_invalidate(**_signal_kwargs) -> None:
    """Every process forgets its routes and memos: now, and again once the change is committed."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    global _check_after
    _clear_local()
    _check_after = 0.0
    try:
        caches[CACHE_ALIAS].set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - the TTL still bounds what other processes keep
        logger.warning("routing: shared cache unreachable; other processes re-route within the TTL")


def routing_memo(kind: str, key: str, loader: Callable[[], Any]) -> Any:
    """`loader()`'s value, kept until the next routing change or ROUTING_CACHE_SECONDS."""
    now = time.monotonic()
    entry = _entries.get((kind, key))
    if entry is not None and entry[1] > now:
        return entry[0]
    generation = _generation
    value = loader()
    with _lock:
        if generation == _generation:
            if len(_entries) >= MAX_ENTRIES:
                _entries.clear()
            _entries[(kind, key)] = (value, now + _ttl())
    return value


def _region_by_host(hostname: str) -> Region | None:
    # Domains and regions live in the public schema: look there, whatever the connection was on.
    connection.set_schema_to_public()
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    return domain.tenant if domain is not None else None


def region_for_host(hostname: str) -> Region | None:
    """The region served on `hostname` (None if none), a copy of its own for the caller."""
    if not routing_sync():
        return _region_by_host(hostname)
    region = routing_memo("host", hostname, lambda: _region_by_host(hostname))
    # Each request gets its own instance: nothing a view sets on it reaches the next request.
    return copy.copy(region) if region is not None else None


def tenant_activate(region: Region) -> None:
    """Points the connection at `region`, once per request: its `SET search_path` is sent with the
    request's first query (none if the view reads nothing), never twice."""
    connection.set_tenant(region)
