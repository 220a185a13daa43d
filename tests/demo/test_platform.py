"""`make demo`'s loader: three regions, their demo accounts, a trial each; run twice, nothing doubles."""

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from billing.models import BillingAccount
from demo.platform import DEMO_PASSWORD, demo_load
from tenants.models import Domain, Region

pytestmark = pytest.mark.django_db


def _snapshot():
    users = {}
    for region in Region.objects.filter(slug__in=["saguenay", "baie-james", "estrie"]):
        connection.set_tenant(region)
        users[region.slug] = sorted(User.objects.values_list("email", "role"))
        connection.set_schema_to_public()
    return (
        Region.objects.count(),
        Domain.objects.count(),
        BillingAccount.objects.count(),
        User.objects.filter(email="platform@ancrage.demo").count(),
        users,
    )


@pytest.fixture(scope="module")
def demo_loaded_twice(django_db_setup, django_db_blocker):
    """Loads the demo twice inside one transaction, rolled back when the module ends."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo_load()
            first = _snapshot()
            demo_load()
            second = _snapshot()
            yield first, second
        finally:
            connection.set_schema_to_public()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_demo_load_is_idempotent(demo_loaded_twice):
    first, second = demo_loaded_twice
    assert first == second


def test_demo_creates_the_three_regions_with_their_accounts(demo_loaded_twice):
    _regions, _domains, billing_accounts, platform_admins, users = demo_loaded_twice[1]
    assert set(users) == {"saguenay", "baie-james", "estrie"}
    for slug, accounts in users.items():
        assert (f"admin@{slug}.demo", Role.REGION_ADMIN) in accounts
        assert (f"coordination@{slug}.demo", Role.COORDINATOR) in accounts
        assert (f"agent@{slug}.demo", Role.AGENT) in accounts
        assert (f"funder@{slug}.demo", Role.FUNDER) in accounts
    assert platform_admins == 1
    assert billing_accounts >= 3


def test_demo_accounts_log_in_on_their_own_host_only(demo_loaded_twice):
    ok = Client(HTTP_HOST="saguenay.localhost").post(
        "/admin/login/?next=/admin/", {"username": "admin@saguenay.demo", "password": DEMO_PASSWORD}
    )
    assert ok.status_code == 302
    refused = Client(HTTP_HOST="estrie.localhost").post(
        "/admin/login/?next=/admin/", {"username": "admin@saguenay.demo", "password": DEMO_PASSWORD}
    )
    assert refused.status_code == 200
    platform = Client(HTTP_HOST="localhost").post(
        "/admin/login/?next=/admin/", {"username": "platform@ancrage.demo", "password": DEMO_PASSWORD}
    )
    assert platform.status_code == 302


def test_the_mifi_network_account_sees_saguenay_and_estrie_never_baie_james(demo_loaded_twice):
    from core.models import Participant
    from network.models import NetworkAccount, OptIn

    mifi = User.objects.get(email="mifi@ancrage.demo")
    assert mifi.role == Role.NETWORK_FUNDER
    assert NetworkAccount.objects.get(user=mifi).network_funder.slug == "mifi"
    assert (
        OptIn.objects.filter(network_funder__slug="mifi", active=True).count() == 2
    )  # loaded twice, once each
    client = Client(HTTP_HOST="localhost")
    login = client.post("/reseau/connexion/", {"username": "mifi@ancrage.demo", "password": DEMO_PASSWORD})
    assert login.status_code == 302
    token = client.post(
        "/api/v1/auth/token/",
        {"email": "mifi@ancrage.demo", "password": DEMO_PASSWORD},
        content_type="application/json",
    ).json()["token"]
    response = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}").get(
        "/api/v1/network/indicators/"
    )
    assert response.status_code == 200, response.content
    report = response.json()
    assert [row["slug"] for row in report["regions"]] == ["estrie", "saguenay"]
    assert report["total"]["regions"] == 2
    assert "baie-james" not in response.content.decode()
    page = client.get("/reseau/").content.decode()
    assert "Saguenay" in page
    assert "Estrie" in page
    assert "Baie-James" not in page
    # Never a person: no file number of the regions' participants in the answer.
    codes = []
    for region in Region.objects.filter(slug__in=["saguenay", "estrie"]):
        connection.set_tenant(region)
        codes += list(Participant.objects.values_list("code", flat=True)[:200])
        connection.set_schema_to_public()
    body = response.content.decode()
    assert codes
    assert not [code for code in codes if code in body]
    # The MIFI account exists on the platform host only: no region knows it.
    refused = Client(HTTP_HOST="saguenay.localhost").post(
        "/api/v1/auth/token/",
        {"email": "mifi@ancrage.demo", "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert refused.status_code == 400
