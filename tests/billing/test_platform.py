"""The platform admin's view of billing: API list, admin pages, onboarding with a plan."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import BillingAccount, Invoice, StripeEvent
from tests.billing.conftest import post_event
from tests.billing.fake_stripe import event_payload, invoice_payload, subscription_payload

pytestmark = pytest.mark.django_db

LIST = "/api/v1/platform/billing/"


def _platform_user(role, email):
    from accounts.models import User
    from accounts.tokens import token_issue

    connection.set_schema_to_public()
    user = User.objects.create_user(
        email, password="x-test-pass", role=role, is_staff=True, is_superuser=role == "platform_admin"
    )
    key = token_issue(user=user)[1]
    return Client(HTTP_HOST=settings.BASE_DOMAIN, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def platform_admin():
    return _platform_user("platform_admin", "ops@ancrage.test")


def test_platform_list_shows_every_region_billing(platform_admin, account_a, account_b):
    paid = timezone.now() - timedelta(days=3)
    BillingAccount.objects.filter(pk=account_b.pk).update(
        status="active",
        plan="regional",
        last_payment_at=paid,
        last_payment_amount=14900,
        last_payment_currency="cad",
    )
    response = platform_admin.get(LIST)
    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()["results"]}
    assert set(rows) >= {"alpha", "beta-nord"}
    assert "public" not in rows
    assert (rows["alpha"]["plan"], rows["alpha"]["status"], rows["alpha"]["access"]) == (
        "essentiel",
        "trialing",
        "full",
    )
    assert rows["alpha"]["trial_end"] is not None
    assert rows["alpha"]["last_payment_at"] is None
    assert (rows["beta-nord"]["plan"], rows["beta-nord"]["status"]) == ("regional", "active")
    assert rows["beta-nord"]["last_payment_amount"] == 14900
    # both opened without Stripe yet (set up after onboarding commits): a retry is owed
    assert (rows["alpha"]["setup"], rows["alpha"]["stripe_customer_id"]) == ("setup_pending", None)
    assert datetime.fromisoformat(rows["beta-nord"]["last_payment_at"]) == paid


def test_platform_list_query_count_does_not_grow_with_regions(platform_admin, account_a, account_b, region_b):
    def count_queries(page_size):
        with CaptureQueriesContext(connection) as queries:
            assert platform_admin.get(LIST, {"page_size": page_size}).status_code == 200
        return len(queries)

    count_queries(1)  # warm: the host's route is read once, then from memory
    assert count_queries(1) == count_queries(100)


@pytest.mark.parametrize("role", ["region_admin", "coordinator", "agent", "funder"])
def test_platform_list_refuses_other_roles(role, account_a):
    client = _platform_user(role, f"{role}@ancrage.test")
    response = client.get(LIST)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_platform_list_needs_credentials(platform_client):
    assert platform_client.get(LIST).status_code == 401


def test_region_admin_token_does_not_work_on_platform(region_a, account_a):
    from tests.billing.conftest import token_client

    token = token_client(region_a, "region_admin", "boss@alpha.test").defaults["HTTP_AUTHORIZATION"]
    assert Client(HTTP_HOST=settings.BASE_DOMAIN, HTTP_AUTHORIZATION=token).get(LIST).status_code == 401


def test_platform_admin_pages(account_a, platform_client, fake_stripe):
    from accounts.models import User

    connection.set_schema_to_public()
    admin = User.objects.create_superuser("root@ancrage.test", password="x-test-pass", role="platform_admin")
    platform_client.force_login(admin)
    post_event(platform_client, event_payload("customer.created", {"id": "cus_x", "object": "customer"}))
    for path in (
        "/admin/billing/billingaccount/",
        f"/admin/billing/billingaccount/{account_a.pk}/change/",
        "/admin/billing/stripeevent/",
        "/admin/billing/invoice/",
    ):
        response = platform_client.get(path)
        assert response.status_code == 200, path
    assert "Région Alpha" in platform_client.get("/admin/billing/billingaccount/").content.decode()


def test_region_admin_site_does_not_show_billing(client_a, region_a):
    from accounts.models import User

    connection.set_tenant(region_a)
    admin = User.objects.create_superuser("root@alpha.test", password="x-test-pass", role="region_admin")
    client_a.force_login(admin)
    connection.set_schema_to_public()
    assert client_a.get("/admin/billing/billingaccount/").status_code == 404


def test_admin_retry_action_processes_failed_events(account_a, platform_client, fake_stripe):
    from billing.webhooks import stripe_event_process

    account_a.stripe_customer_id = "cus_retry"
    account_a.save()
    subscription = subscription_payload(customer="cus_retry", price="price_test_regional")
    fake_stripe.put_subscription(subscription)
    fake_stripe.fail_next("/v1/subscriptions/")
    event = event_payload(
        "checkout.session.completed",
        {
            "id": "cs_1",
            "object": "checkout.session",
            "mode": "subscription",
            "customer": "cus_retry",
            "subscription": subscription["id"],
        },
    )
    assert post_event(platform_client, event).status_code == 500
    stored = StripeEvent.objects.get(stripe_event_id=event["id"])
    assert stripe_event_process(event_id=stored.pk).status == "processed"
    account_a.refresh_from_db()
    assert account_a.status == "active"


def test_account_refresh_reads_subscription_and_invoices(account_a, fake_stripe):
    from billing.services import billing_account_refresh

    account_a.stripe_customer_id = "cus_refresh"
    account_a.stripe_subscription_id = "sub_refresh"
    account_a.save()
    fake_stripe.put_subscription(
        subscription_payload(
            customer="cus_refresh",
            price="price_test_regional",
            status="past_due",
            subscription_id="sub_refresh",
        )
    )
    for days_ago in (40, 10):
        fake_stripe.put_invoice(
            invoice_payload(
                customer="cus_refresh",
                subscription="sub_refresh",
                paid=True,
                created=int((timezone.now() - timedelta(days=days_ago)).timestamp()),
            )
        )
    fake_stripe.put_invoice(invoice_payload(customer="cus_other", subscription=None, paid=True))
    billing_account_refresh(account=account_a)
    account_a.refresh_from_db()
    assert (account_a.status, account_a.plan) == ("past_due", "regional")
    assert account_a.past_due_since is not None
    assert Invoice.objects.filter(account=account_a).count() == 2
    assert account_a.last_payment_at.date() == (timezone.now() - timedelta(days=10)).date()


def test_onboarding_with_plan_opens_the_trial(fake_stripe):
    from onboarding.services import region_onboard

    connection.set_schema_to_public()
    steps = []
    region = region_onboard(
        slug="gaspesie-essai",
        name="Gaspésie",
        admin_email="d@gaspesie.test",
        plan="regional",
        progress=lambda step, _message: steps.append(step),
    ).region
    # the wizard sees every step, in order
    assert steps == ["template", "schema", "domain", "admin", "billing", "invite", "done"]
    account = BillingAccount.objects.get(region=region)
    assert (account.plan, account.status) == ("regional", "trialing")
    assert timedelta(days=29) < account.trial_end - timezone.now() <= timedelta(days=30)
    # billing is set up at Stripe once the region is committed: one customer, for this region
    # (Stripe down meanwhile: tests/faults/test_stripe_outage.py)
    assert account.setup == "setup_complete"
    customers = fake_stripe.requests_to("POST", "/v1/customers")
    assert [request.params["metadata[region_slug]"] for request in customers] == ["gaspesie-essai"]
    assert account.stripe_customer_id in fake_stripe.state.customers


def test_onboarding_with_unknown_plan_creates_nothing():
    from billing.errors import BillingError
    from onboarding.services import region_onboard
    from tenants.models import Region

    connection.set_schema_to_public()
    with pytest.raises(BillingError) as refused:
        region_onboard(slug="gaspesie-x", name="Gaspésie", admin_email="d@gaspesie.test", plan="platine")
    assert (refused.value.code, refused.value.field) == ("plan_unknown", "plan")
    assert not Region.objects.filter(slug="gaspesie-x").exists()


def test_platform_list_region_without_account_shows_nulls(platform_admin, region_b, account_a):
    BillingAccount.objects.filter(region=region_b).delete()
    rows = {row["slug"]: row for row in platform_admin.get(LIST).json()["results"]}
    assert rows["beta-nord"]["plan"] is None
    assert rows["beta-nord"]["status"] is None
    assert rows["beta-nord"]["access"] == "full"
    assert rows["alpha"]["plan"] == "essentiel"
