"""Sentry against a local stand-in of its ingestion protocol: events carry the region's schema and
no personal information."""

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.test import Client

from config.sentry import init_sentry

pytestmark = pytest.mark.django_db


class _Ingest(BaseHTTPRequestHandler):
    envelopes: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            # sentry-sdk prefers brotli when it is installed (WeasyPrint's fonttools brings it)
            import brotli

            body = brotli.decompress(body)
        items = [json.loads(line) for line in body.splitlines() if line.strip()]
        type(self).envelopes.append({"path": self.path, "items": items})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Ingest.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def _events():
    """Payloads of the envelopes' event items (an envelope: its header, then item header, payload)."""
    events = []
    for envelope in _Ingest.envelopes:
        items = envelope["items"][1:]
        for header, payload in zip(items[::2], items[1::2], strict=False):
            if header.get("type") == "event":
                events.append(payload)
    return events


def test_crash_in_a_region_reaches_sentry_tagged_and_without_personal_information(
    sentry_server, region_a, monkeypatch
):
    import web.views.auth

    def broken_get(*args, **kwargs):
        raise RuntimeError("page cassée")

    # the region's home page (its login) crashes
    monkeypatch.setattr(web.views.auth.LoginView, "get", broken_get)
    dsn = f"http://publickey@127.0.0.1:{sentry_server.server_port}/42"
    assert init_sentry(dsn=dsn, environment="test")  # the project's own configuration
    try:
        # when a page of region A crashes for a request carrying a name and credentials
        response = Client(HTTP_HOST="alpha.localhost", raise_request_exception=False).get(
            "/?search=Camille+Fictive", HTTP_AUTHORIZATION="Token secret-token", HTTP_COOKIE="sessionid=abc"
        )
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.get_client().close()
    assert response.status_code == 500
    # then Sentry received the event, for project 42, tagged with the region's schema
    events = _events()
    assert len(events) == 1
    assert _Ingest.envelopes[0]["path"] == "/api/42/envelope/"
    event = events[0]
    assert event["tags"]["schema_name"] == "alpha"
    assert event["exception"]["values"][0]["type"] == "RuntimeError"
    # exception messages can carry values: they stay behind
    assert event["exception"]["values"][0]["value"] == "[filtered]"
    # and nothing in it names the person or carries their credentials
    text = json.dumps(event)
    assert "Camille" not in text
    assert "secret-token" not in text
    assert "sessionid" not in text


def test_no_dsn_means_no_sentry():
    assert init_sentry(dsn="", environment="test") is False
