"""The read replica for reports is configured from DATABASE_REPLICA_URL, with the project's backend."""

import environ

from config.database import replica_settings


def test_no_replica_unless_configured(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    assert replica_settings(environ.Env()) is None


def test_replica_alias_uses_the_tenant_aware_backend(monkeypatch):
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader:pw@replica.internal:5432/ancrage")
    config = replica_settings(environ.Env())
    assert (config["ENGINE"], config["HOST"], config["PORT"], config["USER"], config["NAME"]) == (
        "config.postgresql_backend",
        "replica.internal",
        5432,
        "reader",
        "ancrage",
    )
    # in tests it mirrors the default database instead of needing a second server
    assert config["TEST"] == {"MIRROR": "default"}
    assert config["POOL_MODE"] == "session"
