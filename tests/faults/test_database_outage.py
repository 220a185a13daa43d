"""PostgreSQL stopped and restarted under traffic, against a throwaway server (never the shared test
database): gunicorn keeps running, the API answers 503 JSON, pages that read the database a French
503 page, /readyz says the database is unreachable, /healthz stays up, and service comes back
without restarting the app.

The throwaway server is pgserver's PostgreSQL in a temporary directory, filled with a copy of the
test database (pg_dump | psql: the regions the session set up)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FAULT_DB = "ancrage_fault"


def _pg(name: str) -> str:
    from pgserver._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _get(port: int, host: str, path: str, token: str | None = None, body: dict | None = None):
    headers = {"Host": host}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - 127.0.0.1
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _until(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError("condition not reached in time")


@pytest.fixture
def throwaway_postgres():
    import pgserver
    from pgserver._commands import pg_ctl

    pgdata = Path(tempfile.mkdtemp(prefix="ancrage-pg-"))
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    user = server.system_user
    try:
        # a copy of the test database: public schema, regions, their users
        source = connection.settings_dict
        subprocess.run(  # noqa: S603
            [_pg("createdb"), "-h", socket_dir, "-U", "postgres", FAULT_DB], check=True, capture_output=True
        )
        dump = subprocess.run(  # noqa: S603
            [
                _pg("pg_dump"),
                "-h",
                source["HOST"],
                "-U",
                source["USER"] or "postgres",
                "--no-owner",
                *("--clean", "--if-exists"),  # the new database has its own (empty) public schema
                # the platform and the one region the test uses
                *("-n", "public", "-n", "alpha"),
                source["NAME"],
            ],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(  # noqa: S603
            [_pg("psql"), "-q", "-h", socket_dir, "-U", "postgres", "-d", FAULT_DB, "-v", "ON_ERROR_STOP=1"],
            input=dump,
            check=True,
            capture_output=True,
        )

        def stop():
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=30)

        def start():
            pg_ctl(
                ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log"), "start"],
                pgdata=pgdata,
                user=user,
                timeout=30,
            )

        yield {"socket_dir": socket_dir, "stop": stop, "start": start}
    finally:
        try:
            pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=pgdata, user=user, timeout=30)
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(pgdata, ignore_errors=True)


@pytest.fixture
def app_on_throwaway(throwaway_postgres):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_NAME"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://postgres@/{FAULT_DB}?host={quote(throwaway_postgres['socket_dir'])}",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
        }
    )
    log = open(ROOT / ".data" / "outage-server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        _until(lambda: _safe(lambda: _get(port, "localhost", "/readyz")[0] == 200), 60)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _safe(check):
    try:
        return check()
    except OSError:
        return False


def test_database_stopped_and_restarted_under_traffic(throwaway_postgres, app_on_throwaway):
    port, process = app_on_throwaway
    host = "alpha.localhost"
    status, _headers, body = _get(
        port, host, "/api/v1/auth/token/", body={"email": "admin@alpha.test", "password": TEST_PASSWORD}
    )
    assert status == 200, body
    token = json.loads(body)["token"]
    assert _get(port, host, "/api/v1/partners/", token)[0] == 200

    # traffic all along: every answer is a 200 or a 503, always JSON
    seen, stop = [], threading.Event()

    def traffic():
        while not stop.is_set():
            status, headers, body = _get(port, host, "/api/v1/partners/", token)
            seen.append((status, headers.get("Content-Type"), body))
            time.sleep(0.05)

    thread = threading.Thread(target=traffic)
    thread.start()
    try:
        throwaway_postgres["stop"]()
        status, headers, body = _until(
            lambda: (r := _get(port, host, "/api/v1/partners/", token))[0] == 503 and r, 15
        )
        assert headers["Content-Type"] == "application/json"
        assert json.loads(body)["code"] == "service_unavailable"
        assert int(headers["Retry-After"]) > 0
        # A page that reads the database (the public service map): with the region's host routed
        # from memory (tenants.routing), the login page at / needs no query and still answers.
        page_status, page_headers, page = _get(port, host, "/services/")
        assert page_status == 503
        assert page_headers["Content-Type"].startswith("text/html")
        assert "momentanément indisponible" in page.decode()
        ready = _get(port, host, "/readyz")
        assert (ready[0], json.loads(ready[2])) == (503, {"status": "unavailable", "database": "unreachable"})
        assert _get(port, "localhost", "/healthz")[0] == 200  # liveness does not depend on the database

        throwaway_postgres["start"]()
        _until(lambda: _get(port, host, "/api/v1/partners/", token)[0] == 200, 20)
        assert _get(port, host, "/readyz")[0] == 200
        assert _get(port, host, "/services/")[0] == 200
        assert _get(port, host, "/")[0] == 200
    finally:
        stop.set()
        thread.join(timeout=20)
    assert process.poll() is None  # the same gunicorn, never restarted
    statuses = {status for status, _type, _body in seen}
    assert statuses <= {200, 503}, statuses
    assert 503 in statuses
    assert {content_type for _status, content_type, _body in seen} == {"application/json"}
