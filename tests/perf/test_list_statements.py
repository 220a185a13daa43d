"""Lists near the limit (issue 13, item 4): every list endpoint of the API router sends the same
statements at page 1 and at its last page (page 100 for participants and interventions), and at
page sizes 1 and 200; and its fast serialisation (api.fast_lists) is exactly DRF's own.

The endpoints come from api.urls.router: a new list is covered as soon as it is registered."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.serializers import ListSerializer

from api.urls import router
from tests.api.conftest import api, world  # noqa: F401 - fixtures
from tests.api.test_lists import _more_rows

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = sorted(prefix for prefix, viewset, _basename in router.registry if hasattr(viewset, "list"))
# Enough rows that page 100 exists at page_size=1.
DEEP = ("participants", "interventions")
DEEP_ROWS = 105


def _deep_rows(region, world):  # noqa: F811
    from core.models import ImportBatch, Intervention, Participant, ParticipantIdentity

    connection.set_tenant(region)
    day = dt.date(2024, 3, 1)
    participants = Participant.objects.bulk_create(
        Participant(
            code=f"P-{n:05d}", agent=world.agent_member, intake_date=day, age_group="20_24", has_consent=True
        )
        for n in range(DEEP_ROWS)
    )
    ParticipantIdentity.objects.bulk_create(
        ParticipantIdentity(participant=p, first_name=f"Fictif{n}", last_name="Liste")
        for n, p in enumerate(participants)
    )
    Intervention.objects.bulk_create(
        Intervention(participant=p, program=world.program, agent=world.agent_member, date=day, minutes=30)
        for p in participants
    )
    for n in range(2):  # the world has no import: two, so that its list has rows too
        ImportBatch.objects.create(
            kind="participants", status="committed", file_name=f"liste-{n}.csv", content=b"", sha256="0" * 64
        )
    connection.set_schema_to_public()


def _statements(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(ctx.captured_queries), response.json()


def test_the_router_lists_are_all_covered():
    assert {"participants", "interventions", "partners"} <= set(LIST_ENDPOINTS)


@pytest.fixture
def filled(api, world, region_a):  # noqa: F811
    _more_rows(region_a, world)
    _deep_rows(region_a, world)
    client = api("region_admin")
    client.get("/api/v1/")  # warm: routing reads the host and the billing account once
    return client


def test_same_statements_at_first_and_last_page_and_any_page_size(filled):
    failures = []
    for resource in LIST_ENDPOINTS:
        url = f"/api/v1/{resource}/"
        first, body = _statements(filled, f"{url}?page_size=1&page=1")
        rows = body["count"]
        assert rows >= (DEEP_ROWS if resource in DEEP else 1), (resource, rows)
        last_page = min(rows, 100)
        deep, _ = _statements(filled, f"{url}?page_size=1&page={last_page}")
        large, large_body = _statements(filled, f"{url}?page_size=200")
        assert len(large_body["results"]) == min(rows, 200)
        if not first == deep == large:
            failures.append(f"{resource}: page 1 {first}, page {last_page} {deep}, page_size 200 {large}")
    assert not failures, failures


def test_fast_lists_answer_exactly_what_drf_would(filled, monkeypatch):
    """Every list's page of 200, read by the compiled rows, then by DRF's own ListSerializer."""
    from api import base
    from api.fast_lists import FastListSerializer

    fast = {resource: filled.get(f"/api/v1/{resource}/?page_size=200").json() for resource in LIST_ENDPOINTS}
    monkeypatch.setattr(FastListSerializer, "to_representation", ListSerializer.to_representation)
    monkeypatch.setattr(base, "READ_LISTS_AS_VALUES", False)
    for resource in LIST_ENDPOINTS:
        drf = filled.get(f"/api/v1/{resource}/?page_size=200").json()
        assert fast[resource] == drf, resource
        assert drf["results"], resource


# Lists with a computed or many-to-many field: read through model instances. Named here so that a
# list leaving the `.values()` path (a serializer made per-instance by mistake) fails this test.
READ_AS_INSTANCES = {
    "team-members",
    "programs",
    "agreements",
    "activities",
    "committees",
    "services",
    "imports",
}


def test_lists_of_columns_are_read_with_values():
    from api.fast_lists import columns_plan

    as_values = {
        prefix
        for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "list") and columns_plan(viewset.serializer_class()) is not None
    }
    assert as_values == set(LIST_ENDPOINTS) - READ_AS_INSTANCES
    assert {"participants", "interventions"} <= as_values
