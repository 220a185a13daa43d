"""Regression tests, one per class of `make fuzz` finding: every answer under /api/ is the JSON
contract `{"detail", "code"[, "fields"]}`, bad query parameters are a 400 naming them, and the
schema documents every status and content type the API can give."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from accounts.models import Role
from api.limits import WriteIPThrottle, WriteUserThrottle
from tests.conftest import TEST_PASSWORD, host_of

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = response.json()
    assert {"detail", "code"} <= set(body) <= {"detail", "code", "fields"}, body
    assert isinstance(body["detail"], str)
    assert body["detail"]
    if code:
        assert body["code"] == code, body
    return body


# --- bad query parameters: a 400 that names them ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page_size=null", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=", "page_size"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=last", "page"),
        ("start_date__lte=", "start_date__lte"),
        ("start_date__lte=hier", "start_date__lte"),
        ("start_date__gte=2024-13-45", "start_date__gte"),
        ("kind=", "kind"),
        ("kind=not-a-kind", "kind"),
        ("program=abc", "program"),
        ("city=%00", "city"),
        ("search=a%00b", "search"),
        ("page_size=10&page_size=20", "page_size"),
        ("kind=kiosk&kind=fair", "kind"),
    ],
)
def test_bad_query_parameter_is_400_naming_it(api, world, query, param):
    response = api(Role.REGION_ADMIN).get(f"/api/v1/activities/?{query}")
    body = _error(response, 400)
    assert list(body["fields"]) == [param]
    assert all(isinstance(message, str) for message in body["fields"][param])


@pytest.mark.parametrize("value", ["maybe", "", "2"])
def test_boolean_filter_takes_true_or_false_only(api, world, value):
    body = _error(api(Role.REGION_ADMIN).get(f"/api/v1/partners/?is_active={value}"), 400)
    assert list(body["fields"]) == ["is_active"]


def test_good_query_parameters_still_work(api, world):
    client = api(Role.REGION_ADMIN)
    response = client.get("/api/v1/activities/?page_size=1&page=1&start_date__lte=2024-06-01&kind=workshop")
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["Atelier"]
    # a page size above the cap is lowered, not refused
    assert client.get("/api/v1/partners/?is_active=true&page_size=500").status_code == 200


def test_page_past_the_last_is_404_json(api, world):
    _error(api(Role.REGION_ADMIN).get("/api/v1/activities/?page=99"), 404, "not_found")


# --- every error path answers JSON -------------------------------------------------------------------


def test_token_write_with_a_session_cookie_is_not_csrf_checked(api, world, region_a):
    user = api.user(Role.REGION_ADMIN)
    connection.set_tenant(region_a)
    from rest_framework.authtoken.models import Token

    key = Token.objects.get_or_create(user=user)[0].key
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=host_of(region_a), enforce_csrf_checks=True)
    client.cookies["sessionid"] = "stale-or-foreign-session"
    client.cookies["csrftoken"] = "x" * 32
    response = client.post(
        "/api/v1/partners/",
        {"name": "Partenaire jeton", "kind": "community"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201, response.content
    # a path no route matches is a 404 whatever the method, not a CSRF failure
    response = client.delete("/api/v1/agreements/4.2e-72/", HTTP_AUTHORIZATION=f"Token {key}")
    _error(response, 404, "not_found")


def test_session_write_without_csrf_token_is_json_403(api, world, region_a):
    api.user(Role.REGION_ADMIN)
    client = Client(HTTP_HOST=host_of(region_a), enforce_csrf_checks=True)
    connection.set_tenant(region_a)
    assert client.login(email="region_admin@alpha.api.test", password=TEST_PASSWORD)
    connection.set_schema_to_public()
    response = client.post(
        "/api/v1/partners/", {"name": "X", "kind": "community"}, content_type="application/json"
    )
    _error(response, 403)


def test_csrf_failure_view_is_json_under_api_and_a_page_elsewhere(rf):
    from api.http_errors import csrf_failure

    assert json.loads(csrf_failure(rf.post("/api/v1/partners/")).content)["code"] == "csrf_failed"
    page = csrf_failure(rf.post("/admin/login/"))
    assert page.status_code == 403
    assert page["Content-Type"].startswith("text/html")


def test_405_406_415_are_json(api, world):
    client = api(Role.REGION_ADMIN)
    _error(client.put("/api/v1/partners/", {}, format="json"), 405, "method_not_allowed")
    _error(client.get("/api/v1/partners/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")
    response = client.generic("POST", "/api/v1/partners/", "<x/>", content_type="application/xml")
    _error(response, 415, "unsupported_media_type")


def test_parse_error_400_matches_the_schema_without_fields(api, world):
    response = api(Role.REGION_ADMIN).generic(
        "POST", "/api/v1/funders/", b"]c\x8c", content_type="application/json"
    )
    body = _error(response, 400, "parse_error")
    assert "fields" not in body


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [
        (OperationalError("connection to server failed: Connection refused"), 503, "service_unavailable"),
        (RuntimeError("bug"), 500, "server_error"),
    ],
)
def test_server_error_handler_tells_an_outage_from_a_bug(rf, exception, status, code):
    from api.http_errors import server_error

    try:
        raise exception
    except Exception:
        response = server_error(rf.get("/api/v1/partners/"))
    assert response.status_code == status
    assert json.loads(response.content)["code"] == code
    try:
        raise exception
    except Exception:
        page = server_error(rf.get("/"))
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")


# --- input limits ------------------------------------------------------------------------------------


def test_oversized_body_is_413_json_before_it_is_read(api, world, settings):
    settings.REQUEST_MAX_JSON_BYTES = 1000
    payload = {"name": "x" * 2000, "kind": "community"}
    _error(api(Role.REGION_ADMIN).post("/api/v1/partners/", payload, format="json"), 413, "payload_too_large")
    # a page gets its own 413, not JSON
    response = Client(HTTP_HOST="alpha.localhost").generic(
        "POST", "/admin/login/", "x" * 20_000_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "parse_error"),  # RecursionError in Python's parser
        (
            json.dumps(
                {"name": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
            ).encode(),
            "parse_error",
        ),
        (b'{"name": "\\u0000", "kind": "community"}', "parse_error"),
        (b'{"name\\u0000": "x", "kind": "community"}', "parse_error"),
        (b'{"name": "caf\xe9", "kind": "community"}', "parse_error"),  # invalid UTF-8
    ],
)
def test_malformed_json_is_400_never_500(api, world, body, code):
    response = api(Role.REGION_ADMIN).generic(
        "POST", "/api/v1/partners/", body, content_type="application/json"
    )
    _error(response, 400, code)


def test_overlong_string_is_400_naming_the_field(api, world):
    response = api(Role.REGION_ADMIN).post(
        "/api/v1/partners/", {"name": "x" * 100_000, "kind": "community"}, format="json"
    )
    assert list(_error(response, 400)["fields"]) == ["name"]


def test_writes_are_throttled_per_account_with_retry_after(api, world, monkeypatch):
    monkeypatch.setattr(WriteUserThrottle, "THROTTLE_RATES", {"write": "3/minute"})
    monkeypatch.setattr(WriteIPThrottle, "THROTTLE_RATES", {"write_ip": "1000/minute"})
    admin, coordinator = api(Role.REGION_ADMIN), api(Role.COORDINATOR)
    for n in range(3):
        response = admin.post("/api/v1/partners/", {"name": f"P{n}", "kind": "community"}, format="json")
        assert response.status_code == 201
    response = admin.post("/api/v1/partners/", {"name": "P3", "kind": "community"}, format="json")
    _error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    # reads are not writes, and another account has its own budget
    assert admin.get("/api/v1/partners/").status_code == 200
    response = coordinator.post("/api/v1/partners/", {"name": "C", "kind": "community"}, format="json")
    assert response.status_code == 201


def test_writes_are_throttled_per_address(api, world, monkeypatch):
    monkeypatch.setattr(WriteUserThrottle, "THROTTLE_RATES", {"write": "1000/minute"})
    monkeypatch.setattr(WriteIPThrottle, "THROTTLE_RATES", {"write_ip": "2/minute"})
    admin, coordinator = api(Role.REGION_ADMIN), api(Role.COORDINATOR)
    assert (
        admin.post("/api/v1/partners/", {"name": "A", "kind": "community"}, format="json").status_code == 201
    )
    assert (
        coordinator.post("/api/v1/partners/", {"name": "B", "kind": "community"}, format="json").status_code
        == 201
    )
    response = coordinator.post("/api/v1/partners/", {"name": "C", "kind": "community"}, format="json")
    _error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    # X-Forwarded-For is not trusted by default (API_NUM_PROXIES=0): spoofing it does not reset the count
    response = coordinator.post(
        "/api/v1/partners/",
        {"name": "D", "kind": "community"},
        format="json",
        HTTP_X_FORWARDED_FOR="10.9.8.7",
    )
    assert response.status_code == 429


# --- the schema documents all of it ---------------------------------------------------------------


@pytest.mark.parametrize("host", ["alpha.localhost", "localhost"])
def test_schema_documents_every_status_the_api_can_give(host):
    schema = Client(HTTP_HOST=host).get("/api/v1/schema/?format=json").json()
    assert "fields" not in schema["components"]["schemas"]["ValidationError"]["required"]
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"400", "404", "405", "406", "429", "503"} <= statuses, (method, path)
            if operation.get("security") not in ([{}], []):
                assert {"401", "403"} <= statuses, (method, path)
            if method in ("post", "put", "patch"):
                assert {"413", "415"} <= statuses, (method, path)
            assert "Retry-After" in operation["responses"]["429"]["headers"]
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and status != "414":
                    assert list(response["content"]) == ["application/json"], (method, path, status)
            checked += 1
    assert checked > (40 if host != "localhost" else 5)


def test_a_region_over_its_share_waits_then_gets_429_while_others_pass(rf, settings):
    import threading
    from types import SimpleNamespace

    from api.limits import RegionShareMiddleware

    settings.REGION_MAX_ACTIVE = 1
    settings.REGION_QUEUE_SECONDS = 0.2
    release, entered = threading.Event(), threading.Event()

    def view(request):
        if request.tenant.schema_name == "alpha" and not entered.is_set():
            entered.set()
            release.wait(5)
        from django.http import JsonResponse

        return JsonResponse({"ok": True})

    middleware = RegionShareMiddleware(view)

    def call(schema):
        request = rf.get("/api/v1/partners/")
        request.tenant = SimpleNamespace(schema_name=schema)
        return middleware(request)

    busy = threading.Thread(target=call, args=("alpha",))
    busy.start()
    assert entered.wait(5)
    try:
        refused = call("alpha")  # alpha's one slot is taken: waits 0.2 s, then 429
        assert refused.status_code == 429
        assert json.loads(refused.content)["code"] == "region_busy"
        assert refused["Retry-After"] == "1"
        assert call("beta_nord").status_code == 200  # another region is not held up
    finally:
        release.set()
        busy.join(5)
    assert call("alpha").status_code == 200  # the slot is free again
