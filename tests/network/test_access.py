"""Who reaches the network view, and the network accounts reach nothing else."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role
from core.models import AuditEvent
from network.models import OptIn
from tests.api.conftest import client_for, make_user, token_for
from tests.conftest import TEST_PASSWORD, host_of
from tests.network.conftest import QUERY, opt_in, region_api

pytestmark = pytest.mark.django_db
URL = "/api/v1/network/indicators/"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?from=2024-05-01&to=2025-03-31", "from"),
        ("?from=2024-04-01&to=2026-03-31", "to"),
        ("?from=hier", "to"),
        ("?from=x&to=2025-03-31", "from"),
    ],
)
def test_a_bad_period_is_a_400_naming_the_parameter(world, network_api, query, field):
    response = network_api.get(URL + query)
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"detail", "code", "fields"}
    assert field in body["fields"]


def test_a_network_account_cannot_ask_for_another_network_funder(world, network_api):
    from network.services import network_funder_ensure

    network_funder_ensure(name="Secrétariat à la jeunesse (réseau)", slug="saj-test")
    response = network_api.get(URL + QUERY + "&funder=saj-test")
    assert response.status_code == 400
    assert response.json()["code"] == "network_funder_unknown"
    assert "funder" in response.json()["fields"]


def test_the_platform_admin_chooses_any_network_funder_and_sees_every_region_that_opted_in(
    world, platform_api
):
    opt_in(world, "a")
    opt_in(world, "b")
    response = platform_api.get(URL + QUERY + "&funder=mifi-test")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["regions"]] == ["alpha", "beta-nord"]
    assert platform_api.get(URL + QUERY + "&funder=inconnu").status_code == 400


def test_no_region_account_reaches_the_network_view(world, region_a):
    anonymous = client_for(settings.BASE_DOMAIN).get(URL + QUERY)
    assert anonymous.status_code == 401
    for role in (Role.REGION_ADMIN, Role.FUNDER):
        user = make_user(region_a, role, f"{role}@alpha.reach.test")
        # Its token means nothing on the platform host...
        on_platform = client_for(settings.BASE_DOMAIN, token_for(region_a, user)).get(URL + QUERY)
        assert on_platform.status_code == 401
        # ...and the route does not exist on a region's host.
        on_region = region_api(region_a, user).get(URL + QUERY)
        assert on_region.status_code == 404
        assert on_region.json()["code"] == "not_found"


def test_a_network_account_cannot_reach_any_regions_api_or_pages(world, network_user):
    token = token_for(None, network_user)
    for key in ("a", "b"):
        region = world[key]["region"]
        api = client_for(host_of(region), token)
        for path in (
            "/api/v1/programs/",
            "/api/v1/indicators/",
            "/api/v1/reports/annual/",
            "/api/v1/network/opt-ins/",
        ):
            assert api.get(path).status_code == 401, path
        pages = Client(HTTP_HOST=host_of(region))
        login = pages.post("/connexion/", {"username": network_user.email, "password": TEST_PASSWORD})
        assert login.status_code == 200  # the form again: no such account in the region
        assert pages.get("/reseau/").status_code == 302
        assert pages.get("/tableau-de-bord/").status_code == 302


def test_a_region_admin_opts_in_and_out_through_the_api_and_the_trail_records_it(world):
    admin = world["a"]["admin"]
    api = region_api(world["a"]["region"], admin)
    listed = api.get("/api/v1/network/opt-ins/")
    assert listed.status_code == 200
    [row] = [row for row in listed.json() if row["network_funder"] == "mifi-test"]
    assert row["active"] is False
    assert row["funder"] == world["a"]["funder"].pk
    created = api.post("/api/v1/network/opt-ins/", {"network_funder": "mifi-test"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["active"] is True
    assert OptIn.objects.get(region=world["a"]["region"]).active
    assert api.delete("/api/v1/network/opt-ins/mifi-test/").status_code == 204
    assert not OptIn.objects.get(region=world["a"]["region"]).active
    from django.db import connection

    connection.set_tenant(world["a"]["region"])
    events = list(
        AuditEvent.objects.filter(object_type__startswith="network.").values_list("detail", flat=True)
    )
    connection.set_schema_to_public()
    assert [event["event"] for event in events] == ["network_opt_out", "network_opt_in", "network_link"]


def test_opt_ins_refuse_other_roles_unknown_funders_and_another_regions_funder(world, region_a):
    coordinator = make_user(region_a, Role.COORDINATOR, "coordination@alpha.optin.test")
    funder = make_user(region_a, Role.FUNDER, "funder@alpha.optin.test")
    for user in (coordinator, funder):
        assert region_api(region_a, user).get("/api/v1/network/opt-ins/").status_code == 403
    api = region_api(region_a, world["a"]["admin"])
    unknown = api.post("/api/v1/network/opt-ins/", {"network_funder": "inconnu"}, format="json")
    assert unknown.status_code == 400
    assert "network_funder" in unknown.json()["fields"]
    # B's funder id does not exist in A's schema (ids are per schema: pick one that A lacks).
    missing = api.post(
        "/api/v1/network/opt-ins/", {"network_funder": "mifi-test", "funder": 10**9}, format="json"
    )
    assert missing.status_code == 400
    assert missing.json()["code"] == "region_funder_unknown"
    assert "funder" in missing.json()["fields"]


def test_the_network_routes_are_in_each_hosts_schema(world, platform_api, region_a):
    platform_schema = client_for(settings.BASE_DOMAIN).get("/api/v1/schema/?format=json")
    assert "/api/v1/network/indicators/" in platform_schema.json()["paths"]
    region_schema = client_for(host_of(region_a)).get("/api/v1/schema/?format=json")
    assert "/api/v1/network/opt-ins/" in region_schema.json()["paths"]
    assert "/api/v1/network/indicators/" not in region_schema.json()["paths"]
