"""`make check-deploy`: Django's deployment checks pass with production settings, and fail when a
hardening setting is turned off (so the target can fail)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "check-deploy"],  # noqa: S607
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_passes_with_production_settings():
    result = _check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_on_a_single_warning():
    # without the HTTPS redirect, Django warns (security.W008) and the target fails
    result = _check_deploy(DJANGO_SECURE_SSL_REDIRECT="false")
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr
