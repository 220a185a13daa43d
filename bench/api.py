"""API overhead benchmark: requests per second of the participants and interventions list
endpoints against a plain Django view returning the same rows with `.values()` and JsonResponse.

Both go through the same middleware stack (host -> region schema, sessions, locale...) with the
Django test client, on the same data, in the same run; the ratio says what DRF (authentication,
permissions, scoping, filters, pagination, serializers) costs on top of Django.

The data lives in a database of its own (`ancrage_bench`, on the same PostgreSQL server), in a
throwaway region: the demo data and the test database are never touched.

    .venv/bin/python bench/api.py            # prints a table, then a JSON line
    from bench.api import main; main()       # what bench/run.py calls: returns {"figures": [...]}

main() runs the measurement in a child process, so it works whatever Django state its caller has.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ancrage_bench"
BENCH_SLUG = "bench-api"
PARTICIPANTS = 2_000
INTERVENTIONS_PER_PARTICIPANT = 3
PAGE_SIZE = 100
DURATION_SECONDS = float(os.environ.get("BENCH_API_SECONDS", "10"))
BATCH = 5


TARGET = 0.5


def main(argv: list[str] | None = None) -> dict:
    """Runs the benchmark in a fresh interpreter and returns its figures."""
    from bench.common import figure, run_in_child  # imported here: the child runs this file as a script

    results = run_in_child(__file__)["api"]
    return {
        "figures": [
            figure(
                f"api: {resource} list, {PAGE_SIZE} rows/page",
                result["api_rps"],
                "req/s",
                "plain .values() view",
                result["plain_rps"],
                f">= {TARGET}x",
                result["api_rps"] >= TARGET * result["plain_rps"],
            )
            for resource, result in results.items()
        ]
    }


# --- child process ------------------------------------------------------------------------------


def _setup_django() -> None:
    # Run as a script, this file's folder comes first on sys.path, where "api" would be this
    # very file instead of the api package.
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    from django.conf import settings

    # Our own database on the same server, chosen before the first connection is opened.
    settings.DATABASES["default"]["NAME"] = BENCH_DB
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    _ensure_database(settings.DATABASES["default"])

    import django

    django.setup()


def _ensure_database(config: dict) -> None:
    import psycopg

    params = {
        "dbname": "postgres",
        "user": config["USER"],
        "host": config["HOST"] or None,
        "autocommit": True,
    }
    if config.get("PORT"):
        params["port"] = config["PORT"]
    if config.get("PASSWORD"):
        params["password"] = config["PASSWORD"]
    with psycopg.connect(**params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def _bench_region():
    from django.core.management import call_command
    from django.db import connection

    from tenants.models import Region
    from tenants.provisioning import platform_ensure, provision_region

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    platform_ensure()
    region = Region.objects.filter(slug=BENCH_SLUG).first()
    if region is None:
        region = provision_region(slug=BENCH_SLUG, name="Bench API", admin_email="bench@bench-api.test")
    return region


def _fill(region) -> str:
    """Bench rows (idempotent) and a region admin's token."""
    import datetime as dt

    from django.db import connection

    from accounts.models import Role, User
    from accounts.tokens import token_issue
    from core.models import Intervention, Participant, ParticipantIdentity, Program, TeamMember

    connection.set_tenant(region)
    admin = User.objects.filter(email="bench@bench-api.test").first()
    admin.role = Role.REGION_ADMIN
    admin.save(update_fields=["role"])
    if Participant.objects.count() < PARTICIPANTS:
        program, _ = Program.objects.get_or_create(
            code="bench", defaults={"name_fr": "Bench", "axis": "other"}
        )
        agent, _ = TeamMember.objects.get_or_create(full_name="Agent bench", defaults={"role": "other"})
        day = dt.date(2024, 1, 1)
        participants = Participant.objects.bulk_create(
            Participant(
                code=f"B-{n:06d}",
                agent=agent,
                intake_date=day + dt.timedelta(days=n % 365),
                age_group=["15_19", "20_24", "25_29", "30_35"][n % 4],
                gender=["woman", "man"][n % 2],
                city=["Alma", "Chicoutimi", "Jonquière", "Roberval"][n % 4],
                has_consent=True,
                is_synthetic=True,
            )
            for n in range(PARTICIPANTS)
        )
        ParticipantIdentity.objects.bulk_create(
            ParticipantIdentity(participant=p, first_name=f"Fictif{n}", last_name="Bench")
            for n, p in enumerate(participants)
        )
        Intervention.objects.bulk_create(
            Intervention(
                participant=p,
                program=program,
                agent=agent,
                date=day + dt.timedelta(days=(n + k) % 365),
                minutes=15 + 15 * k,
            )
            for n, p in enumerate(participants)
            for k in range(INTERVENTIONS_PER_PARTICIPANT)
        )
    key = token_issue(user=admin)[1]
    connection.set_schema_to_public()
    return key


def participant_fields() -> list[str]:
    """The columns the participants endpoint returns, its nested identity flattened."""
    from api.v1.participants import ParticipantSerializer
    from core.services.participants import IDENTITY_FIELDS

    own = [name for name in ParticipantSerializer.Meta.fields if name not in ("identity", "consent")]
    return [*own, *(f"identity__{name}" for name in IDENTITY_FIELDS)]


def _plain_urlconf():
    """A urlconf with the real routes plus two plain views returning the same page of rows."""
    import types

    from django.http import JsonResponse
    from django.urls import path

    from api.v1.interventions import InterventionSerializer
    from config import urls_tenants
    from core.models import Intervention, Participant

    def plain(model, fields, ordering):
        def view(request):
            queryset = model.objects.order_by(*ordering)
            rows = list(queryset.values(*fields)[:PAGE_SIZE])
            return JsonResponse({"count": queryset.count(), "results": rows})

        return view

    module = types.ModuleType("bench_api_urls")
    module.urlpatterns = [
        path("plain/participants/", plain(Participant, participant_fields(), ["-intake_date", "code", "pk"])),
        path(
            "plain/interventions/",
            plain(Intervention, InterventionSerializer.Meta.fields, ["-date", "-id", "pk"]),
        ),
        *urls_tenants.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def _rows(client, url: str, headers: dict) -> int:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    return len(json.loads(response.content)["results"])


def _interleaved_rates(client, requests: list[tuple[str, dict]], seconds: float) -> list[float]:
    """Requests per second of each (url, headers), measured in alternating batches of BATCH
    requests for `seconds` in all: load from elsewhere on the machine weighs on each alike."""
    for url, headers in requests:
        for _ in range(20):  # warm-up
            client.get(url, **headers)
    spent = [0.0] * len(requests)
    served = [0] * len(requests)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for n, (url, headers) in enumerate(requests):
            start = time.perf_counter()
            for _ in range(BATCH):
                client.get(url, **headers)
            spent[n] += time.perf_counter() - start
            served[n] += BATCH
    return [count / elapsed for count, elapsed in zip(served, spent, strict=True)]


def child() -> dict:
    _setup_django()
    from django.test import Client
    from django.test.utils import override_settings

    from tenants.provisioning import region_host

    region = _bench_region()
    token = _fill(region)
    client = Client(HTTP_HOST=region_host(region.slug))
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    results = {}
    with override_settings(ROOT_URLCONF=_plain_urlconf()):
        for resource in ("participants", "interventions"):
            api = (f"/api/v1/{resource}/?page_size={PAGE_SIZE}", auth)
            plain = (f"/plain/{resource}/", {})
            assert _rows(client, *api) == _rows(client, *plain) == PAGE_SIZE
            api_rate, plain_rate = _interleaved_rates(client, [api, plain], DURATION_SECONDS)
            api_rows = PAGE_SIZE
            results[resource] = {
                "api_rps": round(api_rate, 1),
                "plain_rps": round(plain_rate, 1),
                "ratio": round(api_rate / plain_rate, 3),
                "rows": api_rows,
            }
    for resource, figures in results.items():
        print(
            f"{resource:14} API {figures['api_rps']:8.1f} req/s   plain .values() {figures['plain_rps']:8.1f} req/s"
            f"   ratio API/plain {figures['ratio']:.2f}   ({figures['rows']} rows/page)"
        )
    return {"api": results}


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(child()))
    else:
        sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
        from bench.common import print_figures

        print_figures(main()["figures"])
