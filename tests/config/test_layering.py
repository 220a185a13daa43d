"""The lint rules of the layering hold, and they refuse what they are meant to refuse."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).with_name("ruff")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

SWITCHES = {
    "set_tenant": "from django.db import connection\n\nconnection.set_tenant(None)\n",
    "set_schema": "from django.db import connection\n\nconnection.set_schema('x')\n",
    "set_schema_to_public": "from django.db import connection\n\nconnection.set_schema_to_public()\n",
    "schema_context": "from django_tenants.utils import schema_context\n\nschema_context('x')\n",
    "tenant_context": "from django_tenants.utils import tenant_context\n\ntenant_context(None)\n",
}


def _ruff(source: str, path: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RUFF, "check", "--no-cache", "--select", "TID251", "--stdin-filename", path, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(SWITCHES))
@pytest.mark.parametrize("path", ["core/services/probe.py", "api/v1/probe.py", "billing/probe.py"])
def test_schema_switching_is_refused_in_the_domain_and_the_api(name, path):
    result = _ruff(SWITCHES[name], path)
    assert result.returncode == 1
    assert (
        f"`{'django_tenants.utils' if 'context' in name else 'django.db.connection'}.{name}` is banned"
        in (result.stdout)
    )


@pytest.mark.parametrize(
    "path",
    [
        "tenants/provisioning.py",
        "onboarding/services.py",
        "core/management/commands/probe.py",
        "core/tasks.py",
        "tests/core/test_probe.py",
    ],
)
def test_schema_switching_is_allowed_where_regions_are_provisioned_or_walked(path):
    for source in SWITCHES.values():
        assert _ruff(source, path).returncode == 0


def test_import_contracts_are_kept():
    result = subprocess.run([LINT_IMPORTS], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 4 kept, 0 broken." in result.stdout
