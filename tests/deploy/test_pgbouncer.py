"""PgBouncer in transaction mode (Debian's pgbouncer, `make deploy-tools`) in front of the test
database, with ONE server connection: two regions' requests interleave on it and each sees only
its own rows. The same pool first shows the hazard the code guards against: django-tenants' once-
per-connection `SET search_path` leaks to the other client's statements.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections
from django.test import Client

from config.postgresql_backend.base import DatabaseWrapper

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
POOLED_DB = "ancrage_pooled"
MARKER = "Partenaire témoin du pool"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup, tmp_path_factory):
    assert Path(PGBOUNCER).exists(), "pgbouncer is missing: `make deploy-tools` installs Debian's package"
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or "5432"
    server = f"host={host} port={port} dbname={db['NAME']} user={db['USER']}"
    if db["PASSWORD"]:
        server += f" password={db['PASSWORD']}"
    listen = _free_port()
    # readable by the user pgbouncer switches to (pytest's own temp folders are root-only)
    workdir = Path(tempfile.mkdtemp(prefix="ancrage-pgbouncer-"))
    workdir.chmod(0o755)
    # trust: no password asked on this loopback-only test pool, but users must be listed
    (workdir / "users.txt").write_text(f'"{db["USER"]}" ""\n"pgbouncer_admin" ""\n')
    (workdir / "users.txt").chmod(0o644)
    (workdir / "pgbouncer.ini").write_text(
        f"[databases]\n{POOLED_DB} = {server}\n\n[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {listen}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {workdir}/users.txt\nadmin_users = pgbouncer_admin\n"
        # transaction pooling with a single server connection: every client shares it
        "pool_mode = transaction\ndefault_pool_size = 1\nmax_db_connections = 1\nreserve_pool_size = 0\n"
        "server_reset_query =\nignore_startup_parameters = extra_float_digits,options\n"
    )
    command = [PGBOUNCER, str(workdir / "pgbouncer.ini")]
    if os.geteuid() == 0:
        # pgbouncer refuses to run as root; it runs as the owner of the server's socket directory
        # (the embedded server's user) or as postgres.
        user = pwd.getpwuid(os.stat(host).st_uid).pw_name if host.startswith("/") else "postgres"
        command[1:1] = ["-u", user]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 20
    while True:
        try:
            psycopg.connect(
                host="127.0.0.1",
                port=listen,
                dbname="pgbouncer",
                user="pgbouncer_admin",
                autocommit=True,
                connect_timeout=2,
            ).close()
            break
        except psycopg.OperationalError:
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "pgbouncer did not start"
            time.sleep(0.1)
    yield listen
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(workdir, ignore_errors=True)


def _admin(port: int, command: str) -> list[dict]:
    with psycopg.connect(
        host="127.0.0.1", port=port, dbname="pgbouncer", user="pgbouncer_admin", autocommit=True
    ) as admin:
        cursor = admin.cursor()
        cursor.execute(command)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _pooled(port: int, pool_mode: str) -> DatabaseWrapper:
    settings = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "NAME": POOLED_DB,
        "PASSWORD": "",
        "POOL_MODE": pool_mode,
        "CONN_MAX_AGE": 0,
    }
    return DatabaseWrapper(settings, "default")


@pytest.fixture(scope="module")
def rows(django_db_setup, django_db_blocker):
    """A partner in each region and a coordinator's token there, committed (other connections see
    them); removed afterwards."""
    from accounts.models import Role, User
    from accounts.tokens import token_issue
    from core.models import Partner, PartnerKind
    from tenants.models import Region

    made = {}
    with django_db_blocker.unblock():
        for slug in ("alpha", "beta-nord"):
            region = Region.objects.get(slug=slug)
            connection.set_tenant(region)
            Partner.objects.create(name=f"{MARKER} {slug}", kind=PartnerKind.COMMUNITY)
            user = User.objects.create_user(f"pool@{slug}.test", password="x", role=Role.COORDINATOR)
            made[slug] = {"region": region, "token": token_issue(user=user)[1], "host": f"{slug}.localhost"}
            connection.set_schema_to_public()
        yield made
        for slug, row in made.items():
            connection.set_tenant(row["region"])
            Partner.objects.filter(name__startswith=MARKER).delete()
            User.objects.filter(email=f"pool@{slug}.test").delete()
            connection.set_schema_to_public()


def _marker_partners(db: DatabaseWrapper) -> list[str]:
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM core_partner WHERE name LIKE %s", [f"{MARKER}%"])
        return [row[0] for row in cursor.fetchall()]


def test_without_the_guard_one_client_reads_the_other_regions_rows(pgbouncer, rows):
    # django-tenants as it comes (search_path set once per connection), behind the same pool
    a, b = _pooled(pgbouncer, "session"), _pooled(pgbouncer, "session")
    try:
        a.set_tenant(rows["alpha"]["region"])
        b.set_tenant(rows["beta-nord"]["region"])
        assert _marker_partners(a) == [f"{MARKER} alpha"]
        assert _marker_partners(b) == [f"{MARKER} beta-nord"]
        # a's next statement runs on the server connection b just pointed at region B
        assert _marker_partners(a) == [f"{MARKER} beta-nord"]
        # the two clients really share one server connection
        servers = [s for s in _admin(pgbouncer, "SHOW SERVERS") if s["database"] == POOLED_DB]
        assert len(servers) == 1
    finally:
        a.close()
        b.close()


def test_in_transaction_mode_each_transaction_sets_its_region_again(pgbouncer, rows):
    a, b = _pooled(pgbouncer, "transaction"), _pooled(pgbouncer, "transaction")
    try:
        a.set_tenant(rows["alpha"]["region"])
        b.set_tenant(rows["beta-nord"]["region"])
        for _ in range(3):
            with _atomic(a):
                assert _marker_partners(a) == [f"{MARKER} alpha"]
            with _atomic(b):
                assert _marker_partners(b) == [f"{MARKER} beta-nord"]
        # and a statement outside a transaction is refused rather than run in the wrong schema
        with pytest.raises(Exception, match="transaction mode"):
            _marker_partners(a)
    finally:
        a.close()
        b.close()


class _atomic:
    """transaction.atomic() for a connection object that is not in django.db.connections."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.set_autocommit(False)

    def __exit__(self, exc_type, *args):
        if exc_type is None:
            self.db.commit()
        else:
            self.db.rollback()
        self.db.set_autocommit(True)


def test_two_regions_requests_interleave_on_one_server_connection(pgbouncer, rows, django_db_blocker):
    results: dict[str, list] = {"alpha": [], "beta-nord": []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def serve(slug: str) -> None:
        try:
            # this thread's Django connection goes through PgBouncer, as an app server's would
            connections["default"] = _pooled(pgbouncer, "transaction")
            client = Client(HTTP_HOST=rows[slug]["host"], HTTP_AUTHORIZATION=f"Token {rows[slug]['token']}")
            start.wait()
            for _ in range(12):
                response = client.get("/api/v1/partners/", {"search": MARKER})
                names = [p["name"] for p in response.json()["results"]] if response.status_code == 200 else []
                results[slug].append((response.status_code, names))
        except BaseException as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connections["default"].close()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=serve, args=(slug,)) for slug in results]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert not errors, errors
    for slug, seen in results.items():
        assert seen == [(200, [f"{MARKER} {slug}"])] * 12, json.dumps(seen)[:500]
    # one server connection served both regions' requests
    pools = [p for p in _admin(pgbouncer, "SHOW POOLS") if p["database"] == POOLED_DB]
    assert (
        sum(p["sv_active"] + p["sv_idle"] + p["sv_used"] + p["sv_tested"] + p["sv_login"] for p in pools) == 1
    )
    stats = [s for s in _admin(pgbouncer, "SHOW STATS") if s["database"] == POOLED_DB]
    assert stats[0]["total_xact_count"] >= 24
