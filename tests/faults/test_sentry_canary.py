"""Fake personal information planted in a participant and raised in errors (an exception message, a
log line, a query string, a request body) appears in no envelope the local Sentry stand-in receives."""

import datetime as dt
import json
import logging

import pytest
import sentry_sdk
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import Role, User
from config.sentry import init_sentry
from tests.config.test_sentry import _events, _Ingest
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

CANARY = {
    "first_name": "Zéphyrine",
    "last_name": "Canari-Sentry",
    "email": "zephyrine.sentry@exemple.invalid",
    "phone": "418-555-0142",
}


@pytest.fixture
def planted(region_a):
    from core import services
    from core.models import AgeGroup, Gender

    connection.set_tenant(region_a)
    participant = services.participant_intake(
        intake_date=dt.date(2024, 6, 1),
        age_group=AgeGroup.AGE_20_24,
        gender=Gender.WOMAN,
        identity=dict(CANARY),
        consent={"given_on": dt.date(2024, 6, 1)},
    )
    admin = User.objects.create_user("sentry-admin@alpha.test", password="x-test", role=Role.REGION_ADMIN)
    key = Token.objects.create(user=admin).key
    connection.set_schema_to_public()
    return participant, key


def test_personal_information_raised_in_errors_never_reaches_sentry(
    sentry_server, region_a, planted, monkeypatch
):
    participant, key = planted
    import api.v1.participants

    def crash(self, instance):
        identity = instance.identity
        logging.getLogger("core").error("Fiche illisible : %s %s", identity.first_name, identity.email)
        raise ValueError(f"Fiche de {identity.first_name} {identity.last_name} <{identity.email}> illisible")

    monkeypatch.setattr(api.v1.participants.ParticipantSerializer, "to_representation", crash)
    dsn = f"http://publickey@127.0.0.1:{sentry_server.server_port}/42"
    assert init_sentry(dsn=dsn, environment="test")
    try:
        client = Client(
            HTTP_HOST=host_of(region_a), HTTP_AUTHORIZATION=f"Token {key}", raise_request_exception=False
        )
        detail = client.get(f"/api/v1/participants/{participant.pk}/?search={CANARY['last_name']}")
        update = client.patch(
            f"/api/v1/participants/{participant.pk}/",
            {"identity": {"phone": CANARY["phone"]}},
            content_type="application/json",
        )
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.get_client().close()
    assert detail.status_code == 500
    assert detail.json()["code"] == "server_error"
    assert update.status_code == 500
    events = _events()
    assert len(events) >= 2  # the crashes (and the log line) did reach Sentry
    assert {e["exception"]["values"][0]["type"] for e in events if "exception" in e} == {"ValueError"}
    everything = json.dumps(_Ingest.envelopes, ensure_ascii=False)
    for value in [*CANARY.values(), participant.code]:
        assert value not in everything, value
