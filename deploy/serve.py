"""`make serve`: the app under gunicorn with production settings, on 127.0.0.1:8000 by default.

For a local run every production variable gets a default (printed): a secret key kept in
.data/secret_key, BASE_DOMAIN=localhost, no HTTPS redirect (no TLS in front locally). On a real
server the environment sets them (deploy/README.md) and this script only fills what is missing.
It migrates (public schema, regions, template) and collects static files, then becomes gunicorn.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOCAL_DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "BASE_DOMAIN": "localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "SITE_SCHEME": "http",
    "SITE_PORT_SUFFIX": ":8000",
    "GUNICORN_BIND": "127.0.0.1:8000",
    "SENTRY_ENVIRONMENT": "local",
}


def local_secret_key() -> str:
    path = ROOT / ".data" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def main() -> None:
    env = dict(os.environ)
    for name, value in LOCAL_DEFAULTS.items():
        env.setdefault(name, value)
    if "DJANGO_SECRET_KEY" not in env:
        env["DJANGO_SECRET_KEY"] = local_secret_key()
    host, _, port = env["GUNICORN_BIND"].rpartition(":")
    env.setdefault(
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        f"http://{env['BASE_DOMAIN']}:{port},http://*.{env['BASE_DOMAIN']}:{port}",
    )
    python = str(ROOT / ".venv" / "bin" / "python")
    os.chdir(ROOT)
    if env.get("SERVE_MIGRATE", "1") == "1":
        subprocess.run([python, "manage.py", "migrate_regions", "--verbosity", "0"], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True
    )
    print(f"Ancrage (production settings) on http://{env['BASE_DOMAIN']}:{port} — gunicorn {host}:{port}")
    sys.stdout.flush()
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    os.execve(gunicorn, [gunicorn, "-c", str(ROOT / "deploy" / "gunicorn.conf.py")], env)  # noqa: S606


if __name__ == "__main__":
    main()
