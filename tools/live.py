"""A live Ancrage on a throwaway database, for `make fuzz` and `make load`.

The database (`ancrage_<name>` on the same server as the demo's) is dropped and rebuilt with the
three demo regions, then gunicorn serves it with deploy/gunicorn.conf.py on 127.0.0.1 only. Nothing
here touches the demo's or the tests' database.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_PASSWORD = "ancrage-demo"
REGIONS = ("saguenay", "baie-james", "estrie")
# demo e-mail prefix -> role, least to most powerful
ROLES = {"funder": "funder", "agent": "agent", "coordination": "coordinator", "admin": "region_admin"}
PLATFORM_EMAIL = "platform@ancrage.demo"


def free_port(preferred: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_connection():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import environ
    import psycopg

    from config.database import database_settings

    database = database_settings(environ.Env(), ROOT / ".data" / "postgres")
    return psycopg.connect(
        dbname="postgres",
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        autocommit=True,
    )


def demo_database(name: str, env: dict | None = None) -> dict:
    """Drop and rebuild database `name` with the demo regions; returns the env that points at it.

    Start local_stripe(env) first and pass its env: onboarding the demo regions sets up their
    billing at Stripe, which must be the stand-in, never the real API."""
    with _admin_connection() as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**(env if env is not None else os.environ), "DATABASE_NAME": name}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    for command in (["migrate_regions", "--verbosity", "0"], ["load_demo"]):
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return env


def request(port: int, host: str, method: str, path: str, body=None, token: str | None = None):
    """One HTTP request to 127.0.0.1:port with a Host header; returns (status, headers, parsed body)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Host": host, "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
            raw = response.read()
            status, response_headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        raw, status, response_headers = error.read(), error.code, error.headers
    try:
        return status, response_headers, json.loads(raw) if raw else None
    except ValueError:
        return status, response_headers, raw


def token(port: int, host: str, email: str) -> str:
    status, _headers, body = request(
        port, host, "POST", "/api/v1/auth/token/", {"email": email, "password": DEMO_PASSWORD}
    )
    assert status == 200, (host, email, status, body)
    return body["token"]


@contextmanager
def local_stripe(env: dict):
    """The tests' Stripe stand-in on 127.0.0.1, so billing calls never leave the machine.

    Start it before the demo database and the server: both call Stripe (onboarding, billing)."""
    sys.path.insert(0, str(ROOT))
    from tests.billing.fake_stripe import API_KEY, FakeStripe

    server = FakeStripe().start()
    env.update({"STRIPE_API_BASE": server.url, "STRIPE_SECRET_KEY": API_KEY})
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def gunicorn(env: dict, port: int, *, workers: int = 2, log: Path | None = None):
    """gunicorn with the production config file (deploy/gunicorn.conf.py) on 127.0.0.1:port."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    log = log or ROOT / ".data" / f"gunicorn-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
                try:
                    if request(port, "localhost", "GET", "/readyz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not answer /readyz in time; see {log}")
                time.sleep(0.3)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)
