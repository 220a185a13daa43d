"""Read-only enforcement: who is blocked, what stays open, in which language, on which host."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from billing.models import BillingAccount
from billing.selectors import Access, billing_access
from tenants.routing import routing_invalidate
from tests.billing.conftest import let_days_pass
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

WARNING = "X-Ancrage-Billing-Warning"


def _set(account, **fields):
    BillingAccount.objects.filter(pk=account.pk).update(**fields)
    account.refresh_from_db()
    routing_invalidate()  # an update() no signal sees


@pytest.fixture
def read_only_a(account_a):
    _set(account_a, status="unpaid", past_due_since=timezone.now() - timedelta(days=20))
    return account_a


# The rule, without HTTP ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "days_overdue", "expected"),
    [
        ("active", None, Access.FULL),
        ("trialing", None, Access.FULL),
        ("past_due", 1, Access.GRACE),
        ("past_due", 13.9, Access.GRACE),
        ("past_due", 14.1, Access.READ_ONLY),
        ("incomplete", 2, Access.GRACE),
        ("unpaid", 1, Access.READ_ONLY),
        ("canceled", 0, Access.READ_ONLY),
        ("incomplete_expired", 0, Access.READ_ONLY),
    ],
)
def test_access_by_status_and_grace(account_a, status, days_overdue, expected):
    since = timezone.now() - timedelta(days=days_overdue) if days_overdue is not None else None
    _set(account_a, status=status, past_due_since=since)
    assert billing_access(account=account_a).access == expected


def test_expired_trial_without_subscription_gets_grace_then_read_only(account_a):
    let_days_pass(account_a, 31)
    assert billing_access(account=account_a).access == Access.GRACE
    let_days_pass(account_a, 14)
    assert billing_access(account=account_a).access == Access.READ_ONLY


def test_no_billing_account_means_full_access():
    assert billing_access(account=None).access == Access.FULL


# Through HTTP --------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only_refuses_every_write_with_402(admin_a, read_only_a, method):
    response = getattr(admin_a, method)("/api/v1/participants/", {}, content_type="application/json")
    assert response.status_code == 402
    assert response.json()["code"] == "billing_read_only"
    assert set(response.json()) == {"detail", "code"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr-CA,fr;q=0.9", "lecture seule"), ("fr", "lecture seule"), ("en-US,en", "read-only")],
)
def test_read_only_message_in_request_language(client_a, read_only_a, language, expected):
    response = client_a.post("/api/v1/partners/", {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 402
    assert expected in response.json()["detail"]


def test_read_only_page_is_html_outside_the_api(client_a, read_only_a):
    response = client_a.post("/admin/core/partner/add/", {})
    assert response.status_code == 402
    assert response["Content-Type"].startswith("text/html")
    assert "lecture seule" in response.content.decode()


def test_read_only_keeps_reads_and_exports(admin_a, client_a, read_only_a):
    assert client_a.get("/").status_code == 200
    assert admin_a.get("/api/v1/billing/status/").status_code == 200
    # HEAD and OPTIONS are reads too
    assert admin_a.head("/api/v1/billing/status/").status_code == 200
    assert admin_a.options("/api/v1/billing/status/").status_code == 200


def test_read_only_keeps_the_regions_data_readable_and_exportable(admin_a, region_a, read_only_a):
    from tests.factories import core as f

    connection.set_tenant(region_a)
    person = f.ParticipantIdentityFactory(first_name="Lecture", last_name="Seule").participant
    f.ConsentFactory(participant=person)
    connection.set_schema_to_public()
    listing = admin_a.get("/api/v1/participants/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [person.pk]
    detail = admin_a.get(f"/api/v1/participants/{person.pk}/")
    assert (detail.status_code, detail.json()["identity"]["last_name"]) == (200, "Seule")
    export = admin_a.get(f"/api/v1/participants/{person.pk}/export/")
    assert export.status_code == 200
    assert "Seule" in export.content.decode()
    assert admin_a.get("/api/v1/indicators/").status_code == 200
    # and writing is what stays refused
    assert (
        admin_a.patch(f"/api/v1/participants/{person.pk}/", {"city": "Alma"}, format="json").status_code
        == 402
    )


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/auth/token/", 400),  # reached the view: credentials missing
        ("/admin/login/", 200),  # the login form again, with its error
        ("/api/v1/billing/portal/", 201),  # the Stripe portal session to pay
    ],
)
def test_read_only_still_lets_them_log_in_and_pay(admin_a, read_only_a, fake_stripe, path, expected):
    assert admin_a.post(path, {}).status_code == expected


def test_admin_login_works_when_read_only(client_a, read_only_a):
    response = client_a.post("/admin/login/", {"username": "admin@alpha.test", "password": "wrong"})
    assert response.status_code == 200  # the form again, with its error: not 402


def test_grace_adds_warning_header_and_banner_state(client_a, account_a):
    _set(account_a, status="past_due", past_due_since=timezone.now() - timedelta(days=3))
    response = client_a.get("/")
    assert response.status_code == 200
    assert response[WARNING].startswith("grace; status=past_due; grace_until=")
    assert response.wsgi_request.billing.access == Access.GRACE


def test_banner_tag_renders_the_state(rf, account_a, region_a):
    from django.template import Context, Template

    from billing.selectors import billing_state_for_region

    _set(account_a, status="past_due", past_due_since=timezone.now() - timedelta(days=3))
    request = rf.get("/")
    request.billing = billing_state_for_region(region=region_a)
    html = Template("{% load billing %}{% billing_banner %}").render(Context({"request": request}))
    assert "Paiement en retard" in html
    request.billing = billing_access(account=None)
    assert (
        Template("{% load billing %}{% billing_banner %}").render(Context({"request": request})).strip() == ""
    )


def test_full_access_has_no_warning(client_a, account_a):
    assert WARNING not in client_a.get("/")


def test_read_only_in_one_region_leaves_the_other_alone(admin_a, admin_b, read_only_a, account_b):
    assert admin_a.post("/api/v1/partners/", {}).status_code == 402
    response = admin_b.post("/api/v1/partners/", {})
    # region B's write reaches its view, which names the missing fields
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert set(response.json()["fields"]) == {"name", "kind"}
    assert WARNING not in response


def test_platform_host_is_never_billed(platform_client, read_only_a):
    response = platform_client.post("/api/v1/platform/regions/", {})
    # the platform's own answer (no credentials), never billing's
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
    assert WARNING not in response


def test_suspension_stays_separate_from_billing(region_a, account_a):
    from tenants.models import Region

    # a suspended region that pays its bills is still suspended (403), not 402
    Region.objects.filter(pk=region_a.pk).update(status="suspended")
    response = Client(HTTP_HOST=host_of(region_a)).post("/api/v1/partners/", {})
    assert response.status_code == 403
    assert response.json()["code"] == "region_suspended"
    connection.set_schema_to_public()


def test_enforcement_reads_the_account_once_then_from_memory(client_a, account_a):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client_a.get("/")
        client_a.post("/api/v1/partners/", {})
        client_a.get("/")
    billing = [q for q in queries.captured_queries if "billing_" in q["sql"]]
    assert len(billing) == 1


def test_read_only_still_honours_law_25_requests(admin_a, region_a, read_only_a):
    from core.models import Participant, ParticipantIdentity
    from tests.factories import core as f

    connection.set_tenant(region_a)
    person = f.ParticipantIdentityFactory().participant
    f.ConsentFactory(participant=person)
    connection.set_schema_to_public()
    # a lapsed subscription blocks ordinary writes...
    assert (
        admin_a.patch(f"/api/v1/participants/{person.pk}/", {"city": "Alma"}, format="json").status_code
        == 402
    )
    # ...but never what the law owes the person: withdrawing consent and erasure on request
    withdrawn = admin_a.post(f"/api/v1/participants/{person.pk}/withdraw-consent/", {}, format="json")
    assert withdrawn.status_code == 200
    erased = admin_a.post(
        f"/api/v1/participants/{person.pk}/erase/", {"reason": "Demande écrite"}, format="json"
    )
    assert erased.status_code == 200
    connection.set_tenant(region_a)
    assert not Participant.objects.get(pk=person.pk).has_consent
    assert not ParticipantIdentity.objects.filter(participant=person).exists()
