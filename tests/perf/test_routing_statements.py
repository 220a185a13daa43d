"""Routing without queries (issue 13, item 3): once a host is warm, a request through the whole
middleware stack costs no database statement for a view that reads nothing, and at most one
`SET search_path` for one that does; every kind of change re-routes at once, in every process."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from tenants import routing
from tenants.routing import CACHE_ALIAS, VERSION_KEY
from tests.conftest import host_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.perf.trivial_urls")]


class Statements:
    """Every statement the connection sends, SET search_path included (execute_wrapper sees all)."""

    def __init__(self):
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    @property
    def search_path(self) -> list[str]:
        return [sql for sql in self.sql if sql.upper().startswith("SET SEARCH_PATH")]


@pytest.fixture
def billed_a(region_a, settings):
    from billing.models import BillingAccount
    from billing.services import billing_account_open

    settings.BILLING_PLANS = {"essentiel": {"name": "Essentiel", "price": "price_test", "staff_limit": 3}}
    BillingAccount.objects.filter(region=region_a).delete()
    return billing_account_open(region=region_a, plan="essentiel")


@pytest.fixture
def token_a(region_a):
    from accounts.models import Role, User
    from accounts.tokens import token_issue

    connection.set_tenant(region_a)
    user = User.objects.create_user(email="route@alpha.test", password="x-route-1234", role=Role.REGION_ADMIN)
    key = token_issue(user=user)[1]
    connection.set_schema_to_public()
    return key


def test_warm_trivial_request_sends_no_statement(client_a, billed_a):
    assert client_a.get("/trivial/").status_code == 200  # cold: the host and the account are read
    with Statements() as statements:
        for _ in range(5):
            assert client_a.get("/trivial/").status_code == 200
    assert statements.sql == []


def test_cold_request_reads_host_and_account_once(client_a, billed_a):
    with Statements() as statements:
        client_a.get("/trivial/")
    lookups = [sql for sql in statements.sql if "tenants_domain" in sql or "billing_billingaccount" in sql]
    assert len(lookups) == 2


def test_a_view_that_reads_sets_search_path_at_most_once(client_a, billed_a, token_a):
    auth = {"HTTP_AUTHORIZATION": f"Token {token_a}"}
    assert client_a.get("/api/v1/partners/", **auth).status_code == 200
    for _ in range(3):
        with Statements() as statements:
            assert client_a.get("/api/v1/partners/", **auth).status_code == 200
        assert len(statements.search_path) <= 1, statements.search_path
        assert not [
            sql for sql in statements.sql if "tenants_domain" in sql or "billing_billingaccount" in sql
        ]


def test_suspension_is_seen_at_once(client_a, region_a, billed_a):
    from tenants.services import region_reactivate, region_suspend

    assert client_a.get("/api/v1/").status_code != 403
    region_suspend(region=region_a)
    response = client_a.get("/api/v1/")
    assert (response.status_code, response.json()["code"]) == (403, "region_suspended")
    region_reactivate(region=region_a)
    assert client_a.get("/api/v1/").status_code != 403


def test_region_change_is_seen_at_once(client_a, region_a, billed_a):
    from tenants.services import region_branding_update

    client_a.get("/trivial/")
    region_branding_update(region=region_a, name="Région Alpha renommée")
    assert "Région Alpha renommée" in client_a.get("/connexion/").content.decode()


def test_billing_state_change_is_seen_at_once(client_a, billed_a, token_a):
    from billing.services import billing_status_apply

    auth = {"HTTP_AUTHORIZATION": f"Token {token_a}"}
    assert client_a.get("/api/v1/partners/", **auth).status_code == 200
    billing_status_apply(account=billed_a, status="unpaid", event_created=timezone.now())
    response = client_a.post("/api/v1/partners/", {}, **auth)
    assert (response.status_code, response.json()["code"]) == (402, "billing_read_only")


def test_domain_added_and_removed_is_seen_at_once(region_a, billed_a):
    from tenants.models import Domain

    host = "autre-nom.localhost"
    client = Client(HTTP_HOST=host)
    assert client.get("/trivial/").status_code == 404  # unknown hosts are remembered too...
    domain = Domain.objects.create(domain=host, tenant=region_a, is_primary=False)
    assert client.get("/trivial/").status_code == 200  # ...until a domain is added
    domain.delete()
    assert client.get("/trivial/").status_code == 404


def test_cached_host_never_serves_its_old_region_after_its_domain_moves(region_a, region_b, billed_a):
    """Cross-region: alpha's host, warm in memory, is given to beta-nord; from the next request on it
    is routed to beta-nord's schema, never alpha's."""
    from tenants.models import Domain

    host = host_of(region_a)
    client = Client(HTTP_HOST=host)
    alpha = f"{region_a.schema_name} {region_a.schema_name}"
    assert client.get("/schema/").content.decode() == alpha  # warm
    domain = Domain.objects.get(domain=host)
    domain.tenant = region_b
    domain.save()
    assert client.get("/schema/").content.decode() == f"{region_b.schema_name} {region_b.schema_name}"
    domain.tenant = region_a
    domain.save()
    assert client.get("/schema/").content.decode() == alpha


def test_another_process_change_is_seen_through_the_shared_version(client_a, region_a, billed_a):
    """A change made by another process (here: an update() no signal sees, then the new version
    token that process would publish) reaches this process at its next request."""
    from tenants.models import Region

    client_a.get("/trivial/")
    Region.objects.filter(pk=region_a.pk).update(status=Region.Status.SUSPENDED)
    assert client_a.get("/trivial/").status_code == 200  # this process has not been told yet
    caches[CACHE_ALIAS].set(VERSION_KEY, "published-by-another-process", timeout=None)
    assert client_a.get("/trivial/").status_code == 403


def test_the_shared_version_is_read_at_most_once_per_check_interval(
    client_a, region_a, billed_a, monkeypatch
):
    from tenants.models import Region

    with override_settings(ROUTING_VERSION_CHECK_SECONDS=60):
        client_a.get("/trivial/")
        client_a.get("/trivial/")  # the token is now trusted for a minute
        Region.objects.filter(pk=region_a.pk).update(status=Region.Status.SUSPENDED)
        caches[CACHE_ALIAS].set(VERSION_KEY, "published-by-another-process", timeout=None)
        assert client_a.get("/trivial/").status_code == 200
        monkeypatch.setattr(routing, "_check_after", 0.0)  # the minute has passed
        assert client_a.get("/trivial/").status_code == 403


def test_entries_expire_after_routing_cache_seconds(client_a, region_a, billed_a):
    from tenants.models import Region

    with override_settings(ROUTING_CACHE_SECONDS=0):
        client_a.get("/trivial/")
        Region.objects.filter(pk=region_a.pk).update(status=Region.Status.SUSPENDED)
        assert client_a.get("/trivial/").status_code == 403


def test_unknown_host_is_still_a_404(billed_a):
    client = Client(HTTP_HOST="nulle-part.localhost")
    for _ in range(2):
        response = client.get("/api/v1/")
        assert (response.status_code, response.json()["code"]) == (404, "unknown_host")
