"""Routing benchmark (issue 13, item 3): requests per second of a trivial view through the whole
middleware stack, against the same view without the tenant and billing middleware, in the same run;
with the routing version token in local memory and in Redis (when 127.0.0.1:6379 or CACHE_URL
answers). Also the database statements a warm request sends (the target is none).

    .venv/bin/python bench/routing.py          # prints a table, then a JSON line
    from bench.routing import main; main()     # returns {"figures": [...]}

Each cache runs in its own child interpreter (CACHE_URL is read once, at settings time).
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DURATION_SECONDS = float(os.environ.get("BENCH_ROUTING_SECONDS", "12"))
BATCH = 50
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
TARGET = 0.8
ROUTING_MIDDLEWARE = (
    "tenants.middleware.RegionMiddleware",
    "billing.middleware.BillingEnforcementMiddleware",
)


def _redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - no Redis here: the locmem figure alone
        return False


def main(argv: list[str] | None = None) -> dict:
    from bench.common import figure, run_in_child

    caches = {"locmem": "locmemcache://ancrage"}
    if _redis_answers(REDIS_URL):
        caches["redis"] = REDIS_URL
    figures = []
    saved = os.environ.get("CACHE_URL")
    try:
        for name, url in caches.items():
            os.environ["CACHE_URL"] = url
            result = run_in_child(__file__)
            figures.append(
                figure(
                    f"routing: trivial view, full stack ({name})",
                    result["full_rps"],
                    "req/s",
                    "no tenant+billing mw",
                    result["bare_rps"],
                    f">= {TARGET}x",
                    result["full_rps"] >= TARGET * result["bare_rps"],
                )
            )
            figures.append(
                figure(
                    f"routing: statements per warm request ({name})",
                    result["statements_per_request"],
                    "stmt",
                    "cold request",
                    result["statements_cold"],
                    "0",
                    result["statements_per_request"] == 0,
                )
            )
    finally:
        if saved is None:
            os.environ.pop("CACHE_URL", None)
        else:
            os.environ["CACHE_URL"] = saved
    return {"figures": figures}


# --- child process ------------------------------------------------------------------------------


def _trivial_urlconf() -> str:
    import types

    from django.http import HttpResponse
    from django.urls import path

    from config import urls_tenants

    def trivial(request):
        return HttpResponse("ok")

    module = types.ModuleType("bench_routing_urls")
    module.urlpatterns = [path("trivial/", trivial), *urls_tenants.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


def _interleaved_rates(clients: list, seconds: float) -> list[float]:
    """Requests per second of each client, measured in alternating batches of BATCH requests for
    `seconds` in all: load from elsewhere on the machine then weighs on every client alike."""
    for client in clients:
        for _ in range(50):  # warm-up
            assert client.get("/trivial/").status_code == 200
    spent = [0.0] * len(clients)
    served = [0] * len(clients)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for n, client in enumerate(clients):
            start = time.perf_counter()
            for _ in range(BATCH):
                client.get("/trivial/")
            spent[n] += time.perf_counter() - start
            served[n] += BATCH
    return [count / elapsed for count, elapsed in zip(served, spent, strict=True)]


def child() -> dict:
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    from bench.api import _bench_region, _setup_django

    _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from tenants.provisioning import region_host
    from tenants.routing import routing_invalidate

    region = _bench_region()
    host = region_host(region.slug)
    bare_middleware = [name for name in settings.MIDDLEWARE if name not in ROUTING_MIDDLEWARE]
    with override_settings(ROOT_URLCONF=_trivial_urlconf()):
        full_client = Client(HTTP_HOST=host)
        with override_settings(MIDDLEWARE=bare_middleware):
            bare_client = Client(HTTP_HOST=host)
            bare_client.get("/trivial/")  # loads its middleware chain under these settings
        full_rps, bare_rps = _interleaved_rates([full_client, bare_client], DURATION_SECONDS)
        statements = []
        with connection.execute_wrapper(
            lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)
        ):
            routing_invalidate()  # cold: what every request cost before routing was kept in memory
            full_client.get("/trivial/")
            cold = len(statements)
            statements.clear()
            for _ in range(100):
                full_client.get("/trivial/")
    result = {
        "cache": settings.CACHES["routing"]["BACKEND"].rsplit(".", 1)[-1],
        "full_rps": round(full_rps, 1),
        "bare_rps": round(bare_rps, 1),
        "statements_per_request": len(statements) / 100,
        "statements_cold": cold,
    }
    print(
        f"routing ({result['cache']}): full stack {result['full_rps']:8.1f} req/s   "
        f"without tenant+billing middleware {result['bare_rps']:8.1f} req/s   "
        f"ratio {result['full_rps'] / result['bare_rps']:.2f}   "
        f"{result['statements_per_request']:.2f} statements/request warm ({result['statements_cold']} cold)"
    )
    return result


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child()))
    else:
        sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
        from bench.common import print_figures

        print_figures(main()["figures"])
