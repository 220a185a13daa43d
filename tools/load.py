"""`make load`: gunicorn with production settings and the three demo regions under a mixed load of
the roles' reads and writes, then one region under a burst while the others keep working.

    .venv/bin/python -m tools.load [--seconds 60] [--burst-seconds 20] [--clients 6]

Phase 1 (mixed): `--clients` threads, each a keep-alive connection, for `--seconds`: region and
role drawn at random, ~80 % reads and ~20 % writes as each role does them. Prints req/s,
p50/p95/p99 and the error count (any status >= 400 or network error), which must be 0.
Phase 2 (burst): a light load on the other regions alone (quiet p95), then the same light load
while `--burst-clients` threads hammer one region: the other regions' p95 must stay within 2x.
The bursting region may be asked to wait (429 + Retry-After, honoured by the clients): that is the
fair share (REGION_MAX_ACTIVE) doing its job, counted apart from errors.
Only 127.0.0.1 is ever a target; every loop stops at its deadline.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import statistics
import sys
import threading
import time
from contextlib import ExitStack

from tools.live import REGIONS, demo_database, free_port, gunicorn, local_stripe, request, token

DATABASE = "ancrage_load"
ROLES = ("admin", "coordination", "agent", "funder")


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1:port."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def send(self, method: str, host: str, path: str, key: str, body=None) -> int:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Host": host, "Authorization": f"Token {key}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def actions(context: dict) -> dict:
    """role -> [(weight, method, path or callable, body factory)]; ~80 % reads, ~20 % writes."""
    return {
        "funder": [
            (3, "GET", "/api/v1/indicators/", None),
            (2, "GET", "/api/v1/programs/", None),
            (2, "GET", "/api/v1/activities/?page_size=20", None),
            (1, "GET", "/api/v1/agreements/", None),
        ],
        "agent": [
            (3, "GET", "/api/v1/participants/?page_size=20", None),
            (2, "GET", "/api/v1/interventions/?page_size=20", None),
            (1, "GET", "/api/v1/programs/", None),
            (2, "POST", "/api/v1/interventions/", lambda: {"date": today(), "minutes": 30, "mode": "group"}),
        ],
        "coordination": [
            (3, "GET", "/api/v1/partners/?page_size=50", None),
            (2, "GET", "/api/v1/agreements/", None),
            (2, "GET", "/api/v1/enrollments/?page_size=20", None),
            (1, "GET", "/api/v1/indicators/", None),
            (
                2,
                "POST",
                "/api/v1/activities/",
                lambda: {"title": f"Kiosque {secrets.token_hex(3)}", "kind": "kiosk", "start_date": today()},
            ),
        ],
        "admin": [
            (2, "GET", "/api/v1/team-members/", None),
            (2, "GET", "/api/v1/indicators/", None),
            (2, "GET", "/api/v1/participants/?page_size=20", None),
            (
                1,
                "POST",
                "/api/v1/partners/",
                lambda: {"name": f"Partenaire {secrets.token_hex(3)}", "kind": "community"},
            ),
        ],
    }


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[str, float, int]] = []  # (region, ms, status or 0 for a network error)

    def add(self, region: str, ms: float, status: int) -> None:
        with self.lock:
            self.samples.append((region, ms, status))


def worker(port, keys, regions, roles, deadline, recorder, seed):
    rng = random.Random(seed)  # noqa: S311 - a workload mix, not a secret
    conn = Connection(port)
    table = actions({})
    while time.monotonic() < deadline:
        region = rng.choice(regions)
        role = rng.choice(roles)
        weights = [entry[0] for entry in table[role]]
        _w, method, path, body = rng.choices(table[role], weights=weights)[0]
        started = time.perf_counter()
        try:
            status = conn.send(
                method, f"{region}.localhost", path, keys[region, role], body() if body else None
            )
        except (OSError, http.client.HTTPException):
            status = 0
        recorder.add(region, (time.perf_counter() - started) * 1000, status)
        if status == 429:  # a well-behaved client waits as told (Retry-After: 1) before trying again
            time.sleep(1)


def run(port, keys, plan: list[tuple[list[str], int]], seconds: float, roles=ROLES) -> Recorder:
    """plan: [(regions, threads)]; every thread stops at the deadline."""
    recorder = Recorder()
    deadline = time.monotonic() + seconds
    threads = []
    for n, (regions, count) in enumerate(plan):
        for i in range(count):
            args = (port, keys, regions, roles, deadline, recorder, n * 100 + i)
            threads.append(threading.Thread(target=worker, args=args))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return recorder


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def stats(samples, seconds: float) -> dict:
    ms = [sample[1] for sample in samples]
    return {
        "requests": len(samples),
        "rps": len(samples) / seconds,
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "errors": sum(1 for sample in samples if not 200 <= sample[2] < 300),
    }


def print_rows(title: str, rows: list[tuple[str, dict]]) -> None:
    print(f"\n{title}")
    print(f"  {'':<14} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for name, row in rows:
        print(
            f"  {name:<14} {row['requests']:>8} {row['rps']:>7.1f} {row['p50']:>8.1f} {row['p95']:>8.1f}"
            f" {row['p99']:>8.1f} {row['errors']:>6}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", 60)))
    parser.add_argument(
        "--burst-seconds", type=float, default=float(os.environ.get("LOAD_BURST_SECONDS", 20))
    )
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--burst-clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=8109)
    args = parser.parse_args()

    print(f"Base de données jetable / throwaway database {DATABASE} (démo) ...", flush=True)
    servers = ExitStack()
    env = dict(os.environ)
    servers.enter_context(local_stripe(env))  # before the demo: onboarding sets up billing at Stripe
    env = demo_database(DATABASE, env)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1; TLS is the proxy's job
            "DJANGO_DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            # One address and a dozen accounts stand for a whole region's staff here: the per-account
            # and per-address write limits would measure themselves, not the application.
            "API_WRITE_THROTTLE_RATE": "100000/minute",
            "API_WRITE_IP_THROTTLE_RATE": "100000/minute",
            # Fair share between regions: one region's requests run one at a time per worker, the
            # rest wait their turn on threads kept free for that (api.limits.RegionShareMiddleware).
            "REGION_MAX_ACTIVE": os.environ.get("REGION_MAX_ACTIVE", "1"),
            "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "8"),
        }
    )
    port = free_port(args.port)
    failed = False
    with servers, gunicorn(env, port, workers=2):
        keys = {
            (region, role): token(port, f"{region}.localhost", f"{role}@{region}.demo")
            for region in REGIONS
            for role in ROLES
        }
        # Every write of the mix works before it is measured.
        for role, entries in actions({}).items():
            for _w, method, path, body in entries:
                if method != "GET":
                    status = request(
                        port, f"{REGIONS[0]}.localhost", method, path, body(), keys[REGIONS[0], role]
                    )
                    assert status[0] == 201, (role, path, status)
        print(f"Phase 1: {args.clients} clients, {args.seconds:.0f} s, 3 regions x 4 roles ...", flush=True)
        mixed = run(port, keys, [(list(REGIONS), args.clients)], args.seconds)
        total = stats(mixed.samples, args.seconds)
        rows = [("all", total)] + [
            (region, stats([s for s in mixed.samples if s[0] == region], args.seconds)) for region in REGIONS
        ]
        print_rows("Phase 1 — mixed reads and writes", rows)
        failed |= total["errors"] > 0

        burst_region, others = REGIONS[0], list(REGIONS[1:])
        light = max(2, args.clients // 3)
        print(f"\nPhase 2: quiet ({light} clients on {', '.join(others)}) ...", flush=True)
        quiet = run(port, keys, [(others, light)], args.burst_seconds)
        print(f"Phase 2: burst ({args.burst_clients} clients on {burst_region}) ...", flush=True)
        burst = run(port, keys, [(others, light), ([burst_region], args.burst_clients)], args.burst_seconds)
        rows = []
        print(f"\nPhase 2 — {burst_region} under a burst; p95 of the others, quiet vs burst")
        print(f"  {'region':<14} {'quiet p95':>9} {'burst p95':>9} {'ratio':>6} {'errors':>6}")
        for region in others:
            q = stats([s for s in quiet.samples if s[0] == region], args.burst_seconds)
            b = stats([s for s in burst.samples if s[0] == region], args.burst_seconds)
            ratio = b["p95"] / q["p95"]
            print(
                f"  {region:<14} {q['p95']:>9.1f} {b['p95']:>9.1f} {ratio:>6.2f} {q['errors'] + b['errors']:>6}"
            )
            failed |= ratio > 2 or q["errors"] + b["errors"] > 0
        hot_samples = [s for s in burst.samples if s[0] == burst_region]
        shed = sum(1 for s in hot_samples if s[2] == 429)
        hot = stats([s for s in hot_samples if s[2] != 429], args.burst_seconds)
        print(
            f"  {burst_region:<14} (burst) {hot['requests']} requests, {hot['rps']:.1f} req/s,"
            f" p95 {hot['p95']:.1f} ms, {hot['errors']} errors, {shed} asked to wait (429)"
        )
        failed |= hot["errors"] > 0
    print("\nOK" if not failed else "\nÉCHEC / FAILED: errors, or a region slowed by more than 2x")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
