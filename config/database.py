"""Database settings: DATABASE_URL when set, else an embedded PostgreSQL (pgserver) under .data/.

pgserver starts one postmaster per data directory and lets every process that asks reuse it
(it keeps an inter-process lock and a list of the processes holding it), so the server, a
management command and the test suite share one database server safely. We never stop it on exit
(cleanup_mode=None): the next command reuses it at once; `make db-stop` stops it.
"""

from pathlib import Path

import environ

# django-tenants' backend, plus what PgBouncer in transaction mode needs (config/postgresql_backend).
ENGINE = "config.postgresql_backend"
EMBEDDED_DB_NAME = "ancrage"


def embedded_database(data_dir: Path) -> dict:
    import warnings

    import psycopg

    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers) and falls back to /tmp: fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(dbname="postgres", user="postgres", host=str(socket_dir), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DB_NAME]).fetchone()
        if not exists:
            try:
                conn.execute(f'CREATE DATABASE "{EMBEDDED_DB_NAME}"')
            except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                pass  # another process starting at the same moment created it first
    return {
        "ENGINE": ENGINE,
        "NAME": EMBEDDED_DB_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def database_settings(env, data_dir: Path) -> dict:
    if env("DATABASE_URL", default=""):
        config = env.db("DATABASE_URL")
        config["ENGINE"] = ENGINE
    else:
        config = embedded_database(data_dir)
    # Lets a second process (the browser tests' server, a benchmark) use another database on the
    # same server, e.g. the test database.
    config["NAME"] = env("DATABASE_NAME", default=config["NAME"])
    # "transaction" when DATABASE_URL points at PgBouncer in transaction mode (deploy/README.md):
    # one transaction per request, search_path set inside it, no server-side cursors.
    config["POOL_MODE"] = env("DATABASE_POOL_MODE", default="session")
    if config["POOL_MODE"] == "transaction":
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


def replica_settings(env) -> dict | None:
    """DATABASE_REPLICA_URL: a streaming replica for the reports' read-only queries, as the
    `replica` alias (same backend, same schemas; in tests it mirrors the default database)."""
    url = env("DATABASE_REPLICA_URL", default="")
    if not url:
        return None
    config = environ.Env.db_url_config(url)
    config["ENGINE"] = ENGINE
    config["TEST"] = {"MIRROR": "default"}
    config["POOL_MODE"] = env("DATABASE_REPLICA_POOL_MODE", default="session")
    return config
