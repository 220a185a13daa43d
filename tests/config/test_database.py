"""The embedded PostgreSQL is shared safely by processes starting at the same time."""

import json
import subprocess
import sys
from pathlib import Path

import environ
import pytest

from config.database import database_settings

ROOT = Path(__file__).resolve().parents[2]

ATTACH = """
import json, sys
from pathlib import Path
import psycopg
from config.database import embedded_database
config = embedded_database(Path(sys.argv[1]))
with psycopg.connect(dbname=config["NAME"], user=config["USER"], host=config["HOST"]) as conn:
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    started = conn.execute("SELECT pg_postmaster_start_time()::text").fetchone()[0]
print(json.dumps({"host": config["HOST"], "started": started, "backend": pid}))
"""


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "pg"
    yield path
    import pgserver

    pgserver.get_server(path, cleanup_mode="stop").cleanup()


def test_concurrent_processes_share_one_embedded_server(data_dir):
    # when three processes ask for the embedded database at the same moment
    processes = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", ATTACH, str(data_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
        results.append(json.loads(out.decode().strip().splitlines()[-1]))
    # then all of them reached the same server (one postmaster), each on its own connection
    assert len({result["host"] for result in results}) == 1
    assert len({result["started"] for result in results}) == 1
    assert len({result["backend"] for result in results}) == 3
    # and a later process reuses it instead of starting another
    again = subprocess.run(  # noqa: S603
        [sys.executable, "-c", ATTACH, str(data_dir)], cwd=ROOT, capture_output=True, check=True, timeout=60
    )
    assert json.loads(again.stdout.decode().strip().splitlines()[-1])["started"] == results[0]["started"]


def test_database_url_wins_over_embedded(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone:secret@db.internal:6543/ancrage_prod")
    config = database_settings(environ.Env(), tmp_path / "never-created")
    assert config["ENGINE"] == "config.postgresql_backend"  # django-tenants' backend, pool-aware
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.internal",
        6543,
        "ancrage_prod",
        "someone",
    )
    assert not (tmp_path / "never-created").exists()
