"""Every path × method × role of the OpenAPI schema against the permission table below.

The table is the contract of the roles. A path or method in the schema without a row here fails
the test, so a new endpoint cannot ship without someone deciding who may call it.
"""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.api.conftest import client_for, make_user, token_for

pytestmark = pytest.mark.django_db

ADMIN, COORD, AGENT, FUNDER = "region_admin", "coordinator", "agent", "funder"
ANON, PLATFORM, OTHER = "anonymous", "platform_admin", "other_region"
ROLES = (ANON, ADMIN, COORD, AGENT, FUNDER, PLATFORM, OTHER)

READ = {ADMIN, COORD, AGENT, FUNDER}
STAFF = {ADMIN, COORD}
PEOPLE = {ADMIN, COORD, AGENT}
EVERYONE = set(ROLES)


def reference(write=STAFF, read=READ):
    return {"get": read, "post": write, "put": write, "patch": write, "delete": write}


# path -> method -> roles allowed. Anyone else: 401 without valid credentials for this host
# (anonymous, a platform admin's token, another region's token), 403 for a region role.
REGION_TABLE = {
    "/api/v1/auth/token/": {"post": EVERYONE, "delete": READ},
    "/api/v1/branding/": {"get": {ANON, *READ}, "patch": {ADMIN}},
    "/api/v1/indicators/": {"get": {ADMIN, COORD, FUNDER}},
    "/api/v1/partners/": reference(),
    "/api/v1/service-points/": reference(),
    "/api/v1/team-members/": reference(write={ADMIN}, read=PEOPLE),
    "/api/v1/programs/": reference(),
    "/api/v1/funders/": reference(),
    "/api/v1/agreements/": reference(),
    "/api/v1/deliverables/": reference(),
    "/api/v1/activities/": reference(),
    "/api/v1/committees/": reference(read=PEOPLE),
    # The service map is public: anyone reads the published services.
    "/api/v1/services/": reference(read={ANON, *READ}),
    "/api/v1/participants/": {"get": PEOPLE, "post": PEOPLE, "patch": PEOPLE},
    # Law 25 access and erasure requests: direction and coordination only.
    "/api/v1/participants/{id}/export/": {"get": STAFF},
    "/api/v1/participants/{id}/erase/": {"post": STAFF},
    "/api/v1/participants/{id}/withdraw-consent/": {"post": PEOPLE},
    "/api/v1/enrollments/": {"get": PEOPLE, "post": PEOPLE},
    "/api/v1/enrollments/{id}/transition/": {"post": PEOPLE},
    "/api/v1/enrollments/{id}/outcome/": {"post": PEOPLE},
    "/api/v1/interventions/": reference(write=PEOPLE, read=PEOPLE),
    # Reports: the region's figures, as on indicators/ (a funder's restricted and suppressed).
    "/api/v1/reports/annual/": {"get": {ADMIN, COORD, FUNDER}},
    "/api/v1/reports/agreements/{id}/": {"get": {ADMIN, COORD, FUNDER}},
    "/api/v1/reports/jobs/": {"post": STAFF},
    "/api/v1/reports/jobs/{id}/": {"get": STAFF},
    "/api/v1/reports/jobs/{id}/download/": {"get": STAFF},
    # Imports: staff everything, an agent interventions with their own participants (refusals of a
    # kind are the service's, tests/api/test_imports_api.py); never funders.
    "/api/v1/imports/": {"get": PEOPLE, "post": PEOPLE},
    "/api/v1/imports/{id}/": {"get": PEOPLE},
    "/api/v1/imports/{id}/commit/": {"post": PEOPLE},
    "/api/v1/imports/{id}/undo/": {"post": PEOPLE},
    # The open-data service map (HSDS): public, credentials or not.
    "/api/hsds/": {"get": EVERYONE},
    "/api/hsds/services": {"get": EVERYONE},
    "/api/hsds/services/{id}": {"get": EVERYONE},
    "/api/hsds/organizations": {"get": EVERYONE},
    "/api/hsds/organizations/{id}": {"get": EVERYONE},
    "/api/hsds/service_at_locations": {"get": EVERYONE},
    "/api/hsds/taxonomy_terms": {"get": EVERYONE},
    # Opting in or out of a network funder's view: the direction's decision (tests/network).
    "/api/v1/network/opt-ins/": {"get": {ADMIN}, "post": {ADMIN}},
    "/api/v1/network/opt-ins/{slug}/": {"delete": {ADMIN}},
}
# Billing endpoints (billing branch): checked once they are merged, ignored before.
PENDING_REGION_RULES = {
    "/api/v1/billing/status/": {"get": {ADMIN}},
    "/api/v1/billing/checkout/": {"post": {ADMIN}},
    "/api/v1/billing/portal/": {"post": {ADMIN}},
}
PENDING_PLATFORM_RULES = {"/api/v1/platform/billing/": {"get": {PLATFORM}}}
# Allowed calls that would reach Stripe: only their refusals are walked here (billing's own tests
# run them against the local fake Stripe).
NOT_CALLED_WHEN_ALLOWED = {
    ("/api/v1/billing/portal/", "post"),
    # A job exists only for the account that queued it (tests/api/test_reports.py): only the
    # refusals are walked here, with an id that exists nowhere.
    ("/api/v1/reports/jobs/{id}/", "get"),
    ("/api/v1/reports/jobs/{id}/download/", "get"),
    # An import exists only once a file is uploaded (tests/api/test_imports_api.py): refusals only.
    ("/api/v1/imports/{id}/", "get"),
    ("/api/v1/imports/{id}/commit/", "post"),
    ("/api/v1/imports/{id}/undo/", "post"),
    # An opt-in is named by a network funder's slug, which the API world has none of (tests/network).
    ("/api/v1/network/opt-ins/{slug}/", "delete"),
}
PLATFORM_TABLE = {
    "/api/v1/auth/token/": {"post": {ANON, PLATFORM, ADMIN}, "delete": {PLATFORM}},
    "/api/v1/platform/regions/": {"get": {PLATFORM}, "post": {PLATFORM}},
    "/api/v1/platform/regions/{slug}/": {"get": {PLATFORM}},
    "/api/v1/platform/regions/{slug}/suspend/": {"post": {PLATFORM}},
    "/api/v1/platform/regions/{slug}/reactivate/": {"post": {PLATFORM}},
    # The network view: the platform admin, and network funders' accounts (tests/network).
    "/api/v1/network/indicators/": {"get": {PLATFORM}},
}
# Which row of the world fills {id} for each resource: one every allowed role can see.
WORLD_ROW = {
    "partners": "partner",
    "service-points": "service_point",
    "team-members": "agent_member",
    "programs": "program",
    "funders": "funder",
    "agreements": "agreement",
    "deliverables": "deliverable",
    "participants": "participant",
    "enrollments": "enrollment",
    "interventions": "intervention",
    "activities": "activity",
    "committees": "committee",
    "services": "service",
}
# Paths whose {id} is not a row of their first segment.
PATH_ROW = {
    "/api/v1/reports/agreements/{id}/": "agreement",
    "/api/hsds/services/{id}": "service",
    "/api/hsds/organizations/{id}": "partner",
}
NO_SUCH_JOB = "00000000-0000-4000-8000-000000000000"


def rule_for(table: dict, path: str, method: str) -> set[str]:
    """Detail paths share their collection's row unless they have their own."""
    if path in table:
        return table[path].get(method, set())
    collection = re.sub(r"\{[^}]+\}/$", "", path)
    return table.get(collection, {}).get(method, set())


def has_rule(table: dict, path: str, method: str) -> bool:
    if path in table:
        return method in table[path]
    collection = re.sub(r"\{[^}]+\}/$", "", path)
    return collection != path and method in table.get(collection, {})


def tables_for(schema: dict) -> tuple[dict, dict]:
    paths = set(schema["paths"])
    region = {**REGION_TABLE, **{k: v for k, v in PENDING_REGION_RULES.items() if k in paths}}
    platform = {**PLATFORM_TABLE, **{k: v for k, v in PENDING_PLATFORM_RULES.items() if k in paths}}
    return region, platform


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method


def call(client, method: str, path: str):
    """One request, rolled back: a DELETE or POST of the walk leaves nothing behind."""
    with transaction.atomic():
        kwargs = {"format": "json", "data": {}} if method in ("post", "put", "patch") else {}
        response = getattr(client, method)(path, **kwargs)
        transaction.set_rollback(True)
    return response


def expected_denial(role: str) -> int:
    return 401 if role in (ANON, PLATFORM, OTHER) else 403


@pytest.fixture
def region_clients(api, world):
    # every client calls region A's host (a platform admin's token included)
    return {role: api(role, host="alpha.localhost") for role in ROLES}


def test_region_schema_has_a_rule_for_every_operation_and_no_stale_rule():
    schema = Client(HTTP_HOST="alpha.localhost").get("/api/v1/schema/?format=json").json()
    table, _platform = tables_for(schema)
    missing = sorted(
        f"{method.upper()} {path}" for path, method in operations(schema) if not has_rule(table, path, method)
    )
    assert not missing, f"Operations without a permission rule: {missing}"
    stale = sorted(path for path in table if path not in schema["paths"])
    assert not stale, f"Rules for paths that do not exist: {stale}"


def test_platform_schema_has_a_rule_for_every_operation():
    schema = Client(HTTP_HOST=settings.BASE_DOMAIN).get("/api/v1/schema/?format=json").json()
    _region, table = tables_for(schema)
    missing = sorted(
        f"{method.upper()} {path}" for path, method in operations(schema) if not has_rule(table, path, method)
    )
    assert not missing, f"Operations without a permission rule: {missing}"


def test_region_walk_every_path_method_role(world, region_clients):
    schema = Client(HTTP_HOST="alpha.localhost").get("/api/v1/schema/?format=json").json()
    table, _platform = tables_for(schema)
    failures = []
    for path, method in sorted(operations(schema)):
        resource = path.split("/")[3]
        row = PATH_ROW.get(path) or WORLD_ROW.get(resource, "")
        row_id = getattr(world, row).pk if hasattr(world, row) else None
        if path.startswith("/api/hsds/") and hasattr(world, row):
            row_id = getattr(world, row).uuid  # open data: public UUIDs, never the pk
        concrete = path.replace("{id}", NO_SUCH_JOB if "/reports/jobs/" in path else str(row_id))
        concrete = concrete.replace("{slug}", "no-such-network-funder")
        allowed = rule_for(table, path, method)
        for role in ROLES:
            if role in allowed and (path, method) in NOT_CALLED_WHEN_ALLOWED:
                continue
            status = call(region_clients[role], method, concrete).status_code
            if role in allowed:
                ok = status not in (401, 403, 404, 405) and status < 500
            else:
                ok = status == expected_denial(role)
            if not ok:
                failures.append(f"{method.upper()} {concrete} as {role}: {status}")
    assert not failures, "\n".join(failures)


def test_platform_walk_every_path_method_role(region_a, platform_admin):
    region_admin = make_user(region_a, ADMIN, "walker@alpha.test")
    clients = {
        ANON: client_for(settings.BASE_DOMAIN),
        PLATFORM: client_for(settings.BASE_DOMAIN, token_for(None, platform_admin)),
        # a region admin's token presented on the platform host
        ADMIN: client_for(settings.BASE_DOMAIN, token_for(region_a, region_admin)),
    }
    schema = clients[ANON].get("/api/v1/schema/?format=json").json()
    _region, table = tables_for(schema)
    failures = []
    for path, method in sorted(operations(schema)):
        concrete = path.replace("{slug}", region_a.slug)
        allowed = rule_for(table, path, method)
        for role, client in clients.items():
            status = call(client, method, concrete).status_code
            ok = (status not in (401, 403, 404, 405) and status < 500) if role in allowed else status == 401
            if not ok:
                failures.append(f"{method.upper()} {concrete} as {role}: {status}")
    assert not failures, "\n".join(failures)


def test_platform_endpoints_do_not_exist_on_region_hosts(api):
    response = api(ADMIN).get("/api/v1/platform/regions/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_region_endpoints_do_not_exist_on_platform_host(api):
    assert api(PLATFORM).get("/api/v1/participants/").status_code == 404


def test_agent_sees_only_own_people_and_404_for_others(api, world):
    agent = api(AGENT)
    for resource, own, other in [
        ("participants", world.participant, world.other_participant),
        ("enrollments", world.enrollment, world.other_enrollment),
        ("interventions", world.intervention, world.other_intervention),
    ]:
        listed = [row["id"] for row in agent.get(f"/api/v1/{resource}/").json()["results"]]
        assert listed == [own.pk], resource
        assert agent.get(f"/api/v1/{resource}/{other.pk}/").status_code == 404
        assert agent.get(f"/api/v1/{resource}/{own.pk}/").status_code == 200
    # the coordinator sees both
    coordinator = api(COORD)
    assert coordinator.get("/api/v1/participants/").json()["count"] == 2


def test_agent_cannot_write_for_someone_elses_participant(api, world):
    agent = api(AGENT)
    response = agent.post(
        "/api/v1/interventions/",
        {"participant": world.other_participant.pk, "date": "2024-06-02", "minutes": 30},
        format="json",
    )
    assert response.status_code == 400
    assert "participant" in response.json()["fields"]
    # and cannot update another agent's intervention (it does not exist for them)
    assert (
        agent.patch(
            f"/api/v1/interventions/{world.other_intervention.pk}/", {"minutes": 5}, format="json"
        ).status_code
        == 404
    )


def test_funder_sees_only_what_it_funds(api, world):
    funder = api(FUNDER)
    ids = {
        resource: {row["id"] for row in funder.get(f"/api/v1/{resource}/").json()["results"]}
        for resource in ("programs", "agreements", "deliverables", "funders", "activities")
    }
    assert ids["programs"] == {world.program.pk}
    assert ids["agreements"] == {world.agreement.pk}
    assert ids["deliverables"] == {world.deliverable.pk}
    assert ids["funders"] == {world.funder.pk}
    assert ids["activities"] == {world.activity.pk}
    assert funder.get(f"/api/v1/agreements/{world.other_agreement.pk}/").status_code == 404
    assert funder.get(f"/api/v1/programs/{world.other_program.pk}/").status_code == 404
    # nor the names and contacts of the region's own team
    assert funder.get("/api/v1/team-members/").status_code == 403
    assert funder.get(f"/api/v1/team-members/{world.agent_member.pk}/").status_code == 403
    assert funder.get("/api/v1/committees/").status_code == 403


def test_funder_never_sees_a_person(api, world):
    funder = api(FUNDER)
    for resource in ("participants", "enrollments", "interventions"):
        response = funder.get(f"/api/v1/{resource}/")
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    # activities give counts, never who attended
    activity = funder.get(f"/api/v1/activities/{world.activity.pk}/").json()
    assert "participants" not in activity
    assert activity["reach"] == [{"age_band": "20_24", "headcount": 40}]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_funder_every_write_is_403_with_read_only_code(api, world, method):
    response = getattr(api(FUNDER), method)(f"/api/v1/agreements/{world.agreement.pk}/", {}, format="json")
    if method == "post":
        response = api(FUNDER).post("/api/v1/agreements/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_role"


def test_public_reads_only_the_published_service_map(api, world, region_a):
    from django.db import connection

    from core import services

    connection.set_tenant(region_a)
    hidden = services.service_create(partner=world.partner, name_fr="Service interne", is_published=False)
    connection.set_schema_to_public()
    public = api(ANON)
    ids = [row["id"] for row in public.get("/api/v1/services/").json()["results"]]
    assert ids == [world.service.pk]
    assert public.get(f"/api/v1/services/{hidden.pk}/").status_code == 404
    assert api(COORD).get(f"/api/v1/services/{hidden.pk}/").status_code == 200
    # reading is all the public may do
    assert public.post("/api/v1/services/", {}, format="json").status_code == 401
