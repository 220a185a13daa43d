"""Adversarial isolation suite, generated from the OpenAPI schema and the URL conf: a new endpoint
or page is covered without being listed here.

For every operation of /api/v1/schema/ on a region's host, as every role of region A:
- region B's ids in the path, in every integer query parameter (filters) and in bodies (B's own
  rows, copied with their nested ids), and every page route of the URL conf with B's ids;
- region B's host with A's token or A's session cookie;
then region B's schema is byte-for-byte unchanged (a digest of every table, audit log included),
no successful answer in A carries a B id, and no answer carries B's canary name. Separately, a funder
reads every GET operation and page it can reach, and a participant's planted personal information
(names, e-mail, phone, birth date, file number) never appears in it.
"""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role
from tests.api.conftest import REGION_ROLES, build_world, client_for, make_user, token_for
from tests.api.test_isolation import SEQUENCE_FLOOR, _lift_sequences
from tests.billing.fake_stripe import API_KEY, FakeStripe
from tests.conftest import TEST_PASSWORD, host_of

pytestmark = pytest.mark.django_db

CANARY_B = "Canari-Bêta-Isolation"
CANARY_PERSON = {
    "first_name": "Zéphyrine",
    "last_name": "Canari-Funder",
    "email": "zephyrine.canari@exemple.invalid",
    "phone": "418-555-0199",
    "birth_date": "1999-02-03",
}
METHODS = ("get", "post", "put", "patch", "delete")
READ_ONLY_KEYS = {"id", "created_at", "updated_at"}


def _schema(host: str) -> dict:
    return Client(HTTP_HOST=host).get("/api/v1/schema/?format=json").json()


def _operations(schema: dict):
    """(method, path template, operation) of every operation, schema paths first."""
    for path, operations in sorted(schema["paths"].items()):
        for method in METHODS:
            if method in operations:
                yield method, path, operations[method]


def _resource(path: str) -> str:
    return path.removeprefix("/api/v1/").split("/")[0]


def _schema_digest(region) -> dict:
    """md5 of every table of the region's schema (rows in a stable order)."""
    connection.set_schema_to_public()
    digests = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s AND table_type = 'BASE TABLE'",
            [region.schema_name],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{region.schema_name}\".\"{table}\" t"  # noqa: S608 - names from the catalog
            )
            digests[table] = cursor.fetchone()
    return digests


def _ints(value):
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _ints(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ints(item)


def _assert_no_b_data(response, where):
    text = response.content.decode("utf-8", "replace")
    assert CANARY_B not in text, where
    if 200 <= response.status_code < 300 and response.get("Content-Type", "").startswith("application/json"):
        leaked = [n for n in _ints(json.loads(text)) if SEQUENCE_FLOOR < n < SEQUENCE_FLOOR * 2]
        assert not leaked, (where, leaked)


@pytest.fixture(autouse=True)
def local_stripe(settings):
    """Billing endpoints are operations too: they talk to the local Stripe stand-in, never the network."""
    server = FakeStripe().start()
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_SECRET_KEY = API_KEY
    yield server
    server.stop()


@pytest.fixture
def world_b(region_b):
    _lift_sequences(region_b, SEQUENCE_FLOOR)
    users = {role: make_user(region_b, role, f"{role}@b.gen.test") for role in REGION_ROLES}
    world = build_world(region_b, users)
    from core import services
    from core.models import PartnerKind

    connection.set_tenant(region_b)
    world.canary = services.partner_create(name=CANARY_B, kind=PartnerKind.COMMUNITY, city=CANARY_B)
    connection.set_schema_to_public()
    world.admin = users[Role.REGION_ADMIN]
    return world


@pytest.fixture
def b_rows(region_b, world_b):
    """resource -> B's rows as B's admin reads them on B's host (ids, and bodies with nested ids)."""
    admin_b = client_for(host_of(region_b), token_for(region_b, world_b.admin))
    rows = {}
    for method, path, _operation in _operations(_schema(host_of(region_b))):
        if method == "get" and path.count("/") == 4 and "{" not in path:
            response = admin_b.get(f"{path}?page_size=200")
            body = response.json()
            if response.status_code == 200 and isinstance(body, dict) and "results" in body:
                rows[_resource(path)] = body["results"]
    assert len(rows) >= 10, sorted(rows)
    assert all(row["id"] > SEQUENCE_FLOOR for resource_rows in rows.values() for row in resource_rows)
    return rows


def _b_body(rows: list[dict]) -> dict:
    if not rows:
        return {"id": SEQUENCE_FLOOR + 1}
    return {key: value for key, value in rows[0].items() if key not in READ_ONLY_KEYS}


def test_region_a_reaches_nothing_of_region_b_through_any_operation(api, world, region_a, region_b, b_rows):
    before = _schema_digest(region_b)
    schema = _schema(host_of(region_a))
    all_b_ids = sorted({row["id"] for resource_rows in b_rows.values() for row in resource_rows})
    tried = 0
    for role in REGION_ROLES:
        client = api(role)
        for method, path, operation in _operations(schema):
            resource = _resource(path)
            ids = [row["id"] for row in b_rows.get(resource, [])][:1] or all_b_ids[:1]
            paths = [re.sub(r"\{[^}]+\}", str(pk), path) for pk in ids] if "{" in path else [path]
            integer_params = [
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "query"
                and p.get("schema", {}).get("type") == "integer"
                and p["name"] not in ("page", "page_size")
            ]
            for url in paths:
                body = _b_body(b_rows.get(resource, []))
                response = getattr(client, method)(url, body if method != "get" else None, format="json")
                where = (role, method, url)
                _assert_no_b_data(response, where)
                if "{" in path:
                    # B's row, named by its id on A's host, answers exactly as a row that exists nowhere
                    absent = re.sub(r"\{[^}]+\}", str(SEQUENCE_FLOOR * 3), path)
                    control = getattr(client, method)(
                        absent, body if method != "get" else None, format="json"
                    )
                    assert response.status_code == control.status_code, (where, response.status_code)
                    assert response.status_code not in (200, 201, 204), where
                    assert response.content.replace(url.encode(), absent.encode()) == control.content, where
                tried += 1
            for name in integer_params if method == "get" else []:
                for pk in all_b_ids[:: max(1, len(all_b_ids) // 3)]:
                    response = client.get(path, {name: pk})
                    _assert_no_b_data(response, (role, path, name, pk))
                    if response.status_code == 200:
                        assert response.json()["count"] == 0 or name not in ("program", "agreement"), (
                            role,
                            path,
                            name,
                        )
                    tried += 1
    assert tried > 300
    assert _schema_digest(region_b) == before


def test_region_b_host_refuses_a_token_and_a_session_of_region_a(api, world, region_a, region_b, world_b):
    before = _schema_digest(region_b)
    schema = _schema(host_of(region_b))
    anonymous_b = Client(HTTP_HOST=host_of(region_b))
    nobody = {}
    for role in REGION_ROLES:
        user = api.user(role)
        with_token = client_for(host_of(region_b), token_for(region_a, user))
        with_session = Client(HTTP_HOST=host_of(region_a))
        connection.set_tenant(region_a)
        assert with_session.login(email=user.email, password=TEST_PASSWORD)
        connection.set_schema_to_public()
        on_b = Client(HTTP_HOST=host_of(region_b))
        on_b.cookies = with_session.cookies  # A's session cookie, presented to B's host
        for method, path, operation in _operations(schema):
            url = _fill_ids(path, operation, world_b.partner.pk)
            response = getattr(with_token, method)(url, {}, format="json")
            if (method, url) not in nobody:  # what B answers anyone, whoever the role
                nobody[method, url] = getattr(anonymous_b, method)(url, {}, content_type="application/json")
            as_nobody = nobody[method, url]
            # an operation open to anyone may refuse the unknown token or ignore it; others refuse it
            public = not operation.get("security") or {} in operation["security"]
            expected = (401, as_nobody.status_code) if public else (401,)
            assert response.status_code in expected, (role, method, url, response.status_code)
            _assert_no_b_data(response, (role, method, url))
            as_session = getattr(on_b, method)(url, {}, content_type="application/json")
            # A's session cookie means nothing on B: B answers as it answers anyone
            assert as_session.status_code == as_nobody.status_code, (role, method, url)
            assert as_session.status_code in (401, 403, 404, 405) or method == "get" or public, (
                role,
                method,
                url,
            )
            assert as_session.content == as_nobody.content, (role, method, url)
    assert _schema_digest(region_b) == before


def _page_routes(resolver=None, prefix=""):
    """Every route of the region URL conf outside /api/: its path with int/str parameters filled in."""
    resolver = resolver or get_resolver("config.urls_tenants")
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if pattern.startswith(("api/", "^api/")):
            continue
        if isinstance(entry, URLResolver):
            yield from _page_routes(entry, pattern)
        elif isinstance(entry, URLPattern):
            yield pattern


def _fill_ids(path: str, operation: dict, value: int) -> str:
    """The schema path with B's id in each parameter (a UUID-shaped one where the path takes a UUID)."""
    formats = {
        param["name"]: param.get("schema", {}).get("format")
        for param in operation.get("parameters", [])
        if param.get("in") == "path"
    }

    def one(match):
        return (
            f"00000000-0000-0000-0000-{value:012d}" if formats.get(match.group(1)) == "uuid" else str(value)
        )

    return re.sub(r"\{([^}]+)\}", one, path)


def _fill(pattern: str, value: int) -> str | None:
    path = re.sub(r"<(?:int|path|str|slug):[^>]+>|<[a-z_]+>", str(value), pattern)
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", str(value), path).lstrip("^").rstrip("$").replace("\\Z", "")
    if any(char in path for char in "()[]*+?\\"):
        return None  # a regex this walk cannot fill
    return "/" + path


def test_pages_of_region_a_with_b_ids_show_nothing_of_b(api, world, region_a, region_b, world_b):
    before = _schema_digest(region_b)
    user = api.user(Role.REGION_ADMIN)
    connection.set_tenant(region_a)
    from accounts.models import User

    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)  # sees every admin page
    session = Client(HTTP_HOST=host_of(region_a))
    assert session.login(email=user.email, password=TEST_PASSWORD)
    connection.set_schema_to_public()
    visited = 0
    for pattern in _page_routes():
        url = _fill(pattern, world_b.canary.pk)
        if url is None or "logout" in url or "<" not in pattern and "(?P" not in pattern:
            continue  # pages without an id in their path cannot be pointed at B's rows
        response = session.get(url)
        assert response.status_code < 500, (url, response.status_code)
        _assert_no_b_data(response, url)
        visited += 1
    assert visited > 20
    assert _schema_digest(region_b) == before


@pytest.fixture
def planted(region_a, world):
    """A participant of region A carrying the canary's personal information."""
    import datetime as dt

    from core import services
    from core.models import AgeGroup, Gender

    connection.set_tenant(region_a)
    participant = services.participant_intake(
        intake_date=dt.date(2024, 6, 1),
        age_group=AgeGroup.AGE_20_24,
        gender=Gender.WOMAN,
        identity={**CANARY_PERSON, "birth_date": dt.date.fromisoformat(CANARY_PERSON["birth_date"])},
        consent={"given_on": dt.date(2024, 6, 1)},
        agent=world.agent_member,
    )
    services.participant_enroll(
        participant=participant, program=world.program, applied_on=dt.date(2024, 6, 1)
    )
    connection.set_schema_to_public()
    return participant


def test_a_funder_never_receives_personal_information(api, world, region_a, planted):
    secrets = [*CANARY_PERSON.values(), planted.code]
    schema = _schema(host_of(region_a))
    # the staff do see it, so the canary is reachable at all
    staff = api(Role.REGION_ADMIN).get(f"/api/v1/participants/{planted.pk}/").content.decode()
    assert all(secret in staff for secret in secrets)
    funder = api(Role.FUNDER)
    ids = {}
    reads = 0
    for method, path, operation in _operations(schema):
        if method != "get" or "{" in path:
            continue
        response = funder.get(
            path, {"page_size": 200} if "page" in json.dumps(operation.get("parameters", [])) else None
        )
        body = response.content.decode("utf-8", "replace")
        assert not [secret for secret in secrets if secret in body], path
        if response.status_code == 200 and "results" in response.json():
            ids[_resource(path)] = [row["id"] for row in response.json()["results"]]
        reads += 1
    for method, path, _operation in _operations(schema):
        if method != "get" or "{" not in path:
            continue
        for pk in ids.get(_resource(path), []) + [planted.pk]:
            body = funder.get(re.sub(r"\{[^}]+\}", str(pk), path)).content.decode("utf-8", "replace")
            assert not [secret for secret in secrets if secret in body], (path, pk)
            reads += 1
    # and the pages a funder's session can open
    connection.set_tenant(region_a)
    session = Client(HTTP_HOST=host_of(region_a))
    assert session.login(email=api.user(Role.FUNDER).email, password=TEST_PASSWORD)
    connection.set_schema_to_public()
    for pattern in _page_routes():
        url = _fill(pattern, planted.pk)
        if url is None or "logout" in url:
            continue
        body = session.get(url).content.decode("utf-8", "replace")
        assert not [secret for secret in secrets if secret in body], url
        reads += 1
    assert reads > 30
