"""Structured logs: one JSON line per request with its id, the region's schema, the user's id and
role, status and duration, and no personal information even when the request carries some."""

import json
import logging

import pytest

from config.logging import JsonFormatter, RequestContextFilter
from tests.api.conftest import client_for, make_user, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Everything logged, formatted by the project's JSON formatter (as in production)."""
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Capture()
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lines
    root.removeHandler(handler)


def test_request_line_has_context_and_no_personal_information(region_a, json_lines):
    import datetime as dt

    from django.db import connection

    from core.models import AgeGroup, Gender
    from core.services import participant_intake

    user = make_user(region_a, "coordinator", "camille.tremblay@alpha.log.test")
    connection.set_tenant(region_a)
    participant_intake(
        intake_date=dt.date(2024, 5, 1),
        age_group=AgeGroup.AGE_25_29,
        gender=Gender.WOMAN,
        identity={"first_name": "Maëlle", "last_name": "Bouchard-Planté", "email": "maelle.bp@example.test"},
        consent={"given_on": dt.date(2024, 5, 1)},
    )
    connection.set_schema_to_public()
    client = client_for("alpha.localhost", token_for(region_a, user))
    # a search by name, with the coordinator's own e-mail in a header
    response = client.get(
        "/api/v1/participants/?search=Bouchard-Planté",
        HTTP_X_REQUEST_ID="req-0123456789abcdef",
        HTTP_FROM="camille.tremblay@alpha.log.test",
    )
    assert response.status_code == 200
    assert response["X-Request-ID"] == "req-0123456789abcdef"
    records = [json.loads(line) for line in json_lines]
    (line,) = [r for r in records if r["logger"] == "ancrage.request"]
    assert line["request_id"] == "req-0123456789abcdef"
    assert line["schema"] == "alpha"
    assert line["user_id"] == user.pk
    assert line["role"] == "coordinator"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["route"] == "api/v1/participants/"
    assert isinstance(line["duration_ms"], float)
    everything = "\n".join(json_lines)
    for personal in ("Bouchard", "Maëlle", "maelle.bp", "camille.tremblay", "search="):
        assert personal not in everything


def test_bad_request_id_is_replaced(region_a, json_lines):
    from django.test import Client

    response = Client(HTTP_HOST="alpha.localhost").get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32
    (line,) = [json.loads(x) for x in json_lines if '"ancrage.request"' in x]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] is None
    assert line["role"] == ""
