"""The pages: the network dashboard on the platform host, the opt-in page on a region's host."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role
from network.models import OptIn
from tests.api.conftest import make_user
from tests.conftest import TEST_PASSWORD, host_of
from tests.network.conftest import opt_in

pytestmark = pytest.mark.django_db


def test_a_network_account_logs_in_at_reseau_connexion_and_sees_its_dashboard(world, network_user):
    opt_in(world, "a")
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    assert client.get("/reseau/").status_code == 302
    login = client.post("/reseau/connexion/", {"username": network_user.email, "password": TEST_PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/reseau/"
    page = client.get("/reseau/?year=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Région Alpha" in html
    assert "Région Bêta-Nord" not in html
    assert "Total du réseau" in html
    assert "<svg" in html
    assert "format=pdf" in html
    assert "format=xlsx" in html
    assert "format=csv" in html
    export = client.get("/reseau/?from=2024-04-01&to=2025-03-31&funder=mifi-test&format=xlsx")
    assert export.status_code == 200
    assert export.content[:2] == b"PK"
    # The platform's own pages stay the platform admin's.
    assert client.get("/regions/").status_code == 403


def test_a_platform_admin_is_refused_nothing_but_others_cannot_sign_in_to_the_network(world):
    make_user(None, Role.PLATFORM_ADMIN, "platform@pages.test")
    admin = Client(HTTP_HOST=settings.BASE_DOMAIN)
    admin.post("/reseau/connexion/", {"username": "platform@pages.test", "password": TEST_PASSWORD})
    assert admin.get("/reseau/?funder=mifi-test").status_code == 200
    assert admin.get("/reseau/?from=2024-05-01&to=2025-03-31").status_code == 400


def test_the_region_admin_opts_in_and_out_from_reseau(world):
    region = world["a"]["region"]
    client = Client(HTTP_HOST=host_of(region))
    client.post("/connexion/", {"username": world["a"]["admin"].email, "password": TEST_PASSWORD})
    page = client.get("/reseau/")
    assert page.status_code == 200
    assert "MIFI (réseau)" in page.content.decode()
    assert (
        client.post("/reseau/mifi-test/", {"action": "opt_in", "funder": world["a"]["funder"].pk}).status_code
        == 302
    )
    assert OptIn.objects.get(region=region).active
    assert client.post("/reseau/mifi-test/", {"action": "opt_out"}).status_code == 302
    assert not OptIn.objects.get(region=region).active


def test_other_region_roles_do_not_get_the_opt_in_page(world, region_a):
    make_user(region_a, Role.COORDINATOR, "coordination@alpha.pages.test")
    client = Client(HTTP_HOST=host_of(region_a))
    client.post("/connexion/", {"username": "coordination@alpha.pages.test", "password": TEST_PASSWORD})
    assert client.get("/reseau/").status_code == 403
    assert client.post("/reseau/mifi-test/", {"action": "opt_in"}).status_code == 403
