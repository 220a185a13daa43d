"""deploy/compose.yaml is accepted by Compose (`docker-compose config`, Debian's package, validates
it against the Compose file schema) and describes the stack the README promises."""

import shutil
import subprocess
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _compose_command() -> list[str]:
    # `docker compose` (plugin) when present, else Debian's docker-compose (make deploy-tools).
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)  # noqa: S607
        if probe.returncode == 0:
            return ["docker", "compose"]
    assert shutil.which("docker-compose"), "make deploy-tools installs docker-compose"
    return ["docker-compose"]


def _config(*extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*_compose_command(), "-f", str(DEPLOY / "compose.yaml"), *extra, "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_accepts_the_file_with_the_example_environment():
    result = _config("--env-file", str(DEPLOY / "env.example"))
    assert result.returncode == 0, result.stderr
    stack = yaml.safe_load(result.stdout)
    assert set(stack["services"]) == {"app", "worker", "postgres", "redis", "pgbouncer"}
    app = stack["services"]["app"]["environment"]
    # requests go through PgBouncer in transaction mode; the worker talks to PostgreSQL directly
    assert app["DATABASE_URL"].startswith("postgres://ancrage:change-me@pgbouncer:6432/")
    assert app["DATABASE_POOL_MODE"] == "transaction"
    worker = stack["services"]["worker"]["environment"]
    assert "@postgres:5432/" in worker["DATABASE_URL"]
    assert "DATABASE_POOL_MODE" not in worker
    assert stack["services"]["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    # the app listens on the loopback only: nginx on the host is the way in
    (port,) = stack["services"]["app"]["ports"]
    if isinstance(port, str):
        assert port.removesuffix("/tcp") == "127.0.0.1:8000:8000"
    else:
        assert (port["host_ip"], str(port["published"]), port["target"]) == ("127.0.0.1", "8000", 8000)


def test_compose_refuses_to_run_without_its_secrets(tmp_path):
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = _config("--env-file", str(empty))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr or "POSTGRES_PASSWORD" in result.stderr


def test_compose_rejects_a_malformed_service():
    # the validation is real: a service with an unknown key is refused
    broken = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    broken["services"]["app"]["restart_policy_typo"] = "always"
    path = DEPLOY / ".compose-broken-test.yaml"
    path.write_text(yaml.safe_dump(broken))
    try:
        result = subprocess.run(
            [*_compose_command(), "-f", str(path), "--env-file", str(DEPLOY / "env.example"), "config"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        path.unlink()
    assert result.returncode != 0
    assert "restart_policy_typo" in result.stderr


def test_dockerfile_runs_as_non_root_with_a_healthcheck():
    text = (DEPLOY / "Dockerfile").read_text()
    assert text.count("FROM ") == 2  # build stage and slim runtime
    assert "\nUSER ancrage\n" in text
    assert "HEALTHCHECK" in text
    assert "/healthz" in text
