"""`make serve`: gunicorn with production settings answers /healthz, and its answers carry the
production headers and a request id that its JSON log lines repeat."""

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]


def _get(port: int, host: str, path: str, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host, **headers})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def served(django_db_setup, tmp_path_factory):
    from django.db import connection

    port = _free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {
        **os.environ,
        # make serve's own defaults, on a free port and the test database (already migrated)
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "SERVE_MIGRATE": "0",
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "BASE_DOMAIN"):
        env.pop(name, None)
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            ["make", "--no-print-directory", "serve"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    _get(port, "localhost", "/healthz")
                    break
                except OSError:
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.3)
            yield port, log_path
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_make_serve_answers_healthz_under_gunicorn(served):
    port, log_path = served
    status, headers, body = _get(port, "localhost", "/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    assert "gunicorn" in log_path.read_text().lower()


def test_production_headers_and_request_id(served):
    port, log_path = served
    # behind nginx (X-Forwarded-Proto: https), a region's page
    status, headers, _ = _get(
        port,
        "alpha.localhost",
        "/api/v1/branding/",
        **{"X-Forwarded-Proto": "https", "X-Request-ID": "abcdef0123456789"},
    )
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Request-ID"] == "abcdef0123456789"
    # the app's JSON line and gunicorn's access line both carry the request id
    time.sleep(0.5)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    app_lines = [
        line
        for line in lines
        if line.get("logger") == "ancrage.request" and line["request_id"] == "abcdef0123456789"
    ]
    assert len(app_lines) == 1
    assert app_lines[0]["schema"] == "alpha"
    assert app_lines[0]["status"] == 200
    access = [
        line
        for line in lines
        if line.get("logger") == "gunicorn.access" and line["request_id"] == "abcdef0123456789"
    ]
    assert len(access) == 1
    assert access[0]["host"] == "alpha.localhost"
