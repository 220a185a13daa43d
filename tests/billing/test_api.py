"""The region admin's billing API on the region host: status, checkout, portal; roles; isolation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from billing.models import BillingAccount
from tests.billing.conftest import make_user, token_client
from tests.conftest import TEST_PASSWORD, host_of

pytestmark = pytest.mark.django_db

STATUS = "/api/v1/billing/status/"
CHECKOUT = "/api/v1/billing/checkout/"
PORTAL = "/api/v1/billing/portal/"


def test_status_shows_plan_trial_and_seats(admin_a, account_a):
    body = admin_a.get(STATUS).json()
    assert body["plan"] == {"code": "essentiel", "name": "Essentiel", "staff_limit": 3}
    assert body["status"] == "trialing"
    assert body["access"] == "full"
    assert body["trial_end"] is not None
    assert body["invoices"] == []
    # the first admin and the admin the fixture created
    assert body["staff_count"] == 2
    assert {plan["code"] for plan in body["plans"]} == {"essentiel", "regional"}


def test_status_of_region_without_billing_account(admin_a, region_a):
    BillingAccount.objects.filter(region=region_a).delete()
    body = admin_a.get(STATUS).json()
    assert (body["plan"], body["status"], body["access"]) == (None, None, "full")


def test_checkout_creates_customer_once_and_keeps_the_trial(admin_a, account_a, fake_stripe):
    # when the admin starts two checkouts during the trial
    for _ in range(2):
        response = admin_a.post(CHECKOUT, {"plan": "regional"}, content_type="application/json")
        assert response.status_code == 201
    # then one Stripe customer exists, named after the region
    [customer_call] = fake_stripe.requests_to("POST", "/v1/customers")
    assert customer_call.params["name"] == "Région Alpha"
    assert customer_call.params["metadata[region_slug]"] == "alpha"
    assert customer_call.headers["idempotency-key"].startswith("ancrage-customer-")
    # and each checkout is for that customer, that plan's price, back to the region's host
    calls = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert len(calls) == 2
    params = calls[0].params
    account_a.refresh_from_db()
    assert params["customer"] == account_a.stripe_customer_id
    assert params["mode"] == "subscription"
    assert params["client_reference_id"] == "alpha"
    assert params["line_items[0][price]"] == "price_test_regional"
    assert params["success_url"].startswith("http://alpha.localhost/")
    # the days left of the free trial carry over to the subscription
    assert int(params["subscription_data[trial_end]"]) == int(account_a.trial_end.timestamp())


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "plan"),
        ({"plan": "platine"}, "plan"),
        ({"plan": ["essentiel"]}, "plan"),
        ({"plan": "x" * 20000}, "plan"),
    ],
)
def test_checkout_bad_plan_is_400_with_field_message(admin_a, account_a, fake_stripe, payload, field):
    response = admin_a.post(CHECKOUT, payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert body["fields"][field]
    assert fake_stripe.state.requests == []


def test_checkout_malformed_json_is_400(admin_a, account_a):
    response = admin_a.post(CHECKOUT, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_checkout_errors_follow_accept_language(admin_a, account_a):
    french = admin_a.post(CHECKOUT, {"plan": "platine"}, content_type="application/json")
    english = admin_a.post(
        CHECKOUT, {"plan": "platine"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Forfait inconnu" in french.json()["fields"]["plan"][0]
    assert "Unknown plan" in english.json()["fields"]["plan"][0]


def test_portal_returns_stripe_url(admin_a, account_a, fake_stripe):
    response = admin_a.post(PORTAL)
    assert response.status_code == 201
    assert response.json()["url"].startswith("https://billing.stripe.com/p/session/")
    [call] = fake_stripe.requests_to("POST", "/v1/billing_portal/sessions")
    assert call.params["return_url"] == "http://alpha.localhost/"


def test_first_billing_action_opens_account_for_region_onboarded_without_plan(admin_a, region_a, fake_stripe):
    BillingAccount.objects.filter(region=region_a).delete()
    assert admin_a.post(CHECKOUT, {"plan": "regional"}, content_type="application/json").status_code == 201
    account = BillingAccount.objects.get(region=region_a)
    assert account.stripe_customer_id.startswith("cus_")
    assert account.plan == "regional"


def test_stripe_outage_is_502_with_code_and_nothing_kept(admin_a, account_a, fake_stripe):
    fake_stripe.fail_next("/v1/customers")
    response = admin_a.post(CHECKOUT, {"plan": "regional"}, content_type="application/json")
    assert response.status_code == 502
    assert response.json()["code"] == "billing_stripe_unavailable"
    account_a.refresh_from_db()
    assert account_a.stripe_customer_id is None


@pytest.mark.parametrize("role", ["coordinator", "agent", "funder"])
@pytest.mark.parametrize(("method", "path"), [("get", STATUS), ("post", CHECKOUT), ("post", PORTAL)])
def test_other_roles_get_403(region_a, account_a, fake_stripe, role, method, path):
    client = token_client(region_a, role)
    response = getattr(client, method)(path, {"plan": "regional"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert fake_stripe.state.requests == []


@pytest.mark.parametrize(("method", "path"), [("get", STATUS), ("post", CHECKOUT), ("post", PORTAL)])
def test_anonymous_gets_401(client_a, account_a, method, path):
    response = getattr(client_a, method)(path, {"plan": "regional"}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_session_login_works_for_the_region_admin(client_a, region_a, account_a):
    connection.set_tenant(region_a)
    client_a.login(email="admin@alpha.test", password=TEST_PASSWORD)
    connection.set_schema_to_public()
    assert client_a.get(STATUS).status_code == 200


def test_region_admin_token_is_worthless_on_another_region(
    region_a, region_b, account_a, account_b, fake_stripe
):
    # given region_a's admin token, sent to region_b's host
    admin_a = token_client(region_a, "region_admin", "boss@alpha.test")
    token = admin_a.defaults["HTTP_AUTHORIZATION"]
    on_b = Client(HTTP_HOST=host_of(region_b), HTTP_AUTHORIZATION=token)
    # then it authenticates no one there and region_b's billing is untouched
    assert on_b.get(STATUS).status_code == 401
    assert on_b.post(CHECKOUT, {"plan": "regional"}, content_type="application/json").status_code == 401
    assert on_b.post(PORTAL).status_code == 401
    account_b.refresh_from_db()
    assert account_b.stripe_customer_id is None
    assert fake_stripe.state.requests == []


def test_region_admin_session_is_worthless_on_another_region(client_a, region_a, region_b, account_b):
    connection.set_tenant(region_a)
    client_a.login(email="admin@alpha.test", password=TEST_PASSWORD)
    connection.set_schema_to_public()
    on_b = Client(HTTP_HOST=host_of(region_b))
    on_b.cookies = client_a.cookies
    assert on_b.get(STATUS).status_code in (401, 403)


def test_each_admin_sees_and_acts_on_own_region_only(admin_a, admin_b, account_a, account_b, fake_stripe):
    # region_b is overdue, region_a is not
    BillingAccount.objects.filter(pk=account_b.pk).update(
        status="past_due", past_due_since=timezone.now() - timedelta(days=2)
    )
    assert admin_a.get(STATUS).json()["status"] == "trialing"
    assert admin_b.get(STATUS).json()["status"] == "past_due"
    # region_a's checkout names region_a's customer only
    admin_a.post(CHECKOUT, {"plan": "regional"}, content_type="application/json")
    account_a.refresh_from_db()
    account_b.refresh_from_db()
    assert account_a.stripe_customer_id
    assert account_b.stripe_customer_id is None
    [call] = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert call.params["client_reference_id"] == "alpha"


def test_platform_billing_paths_do_not_exist_on_region_host(admin_a):
    assert admin_a.get("/api/v1/platform/billing/").status_code == 404


def test_region_billing_paths_do_not_exist_on_platform_host(platform_client):
    assert platform_client.get(STATUS).status_code == 404


def test_staff_seat_limit(region_a, account_a):
    from billing.errors import BillingError
    from billing.services import staff_seat_ensure

    # given the plan allows 3 staff accounts and the region has its first admin
    connection.set_tenant(region_a)
    staff_seat_ensure(region=region_a)
    connection.set_schema_to_public()
    make_user(region_a, "coordinator")
    make_user(region_a, "funder")  # funders are not staff
    connection.set_tenant(region_a)
    staff_seat_ensure(region=region_a)
    connection.set_schema_to_public()
    make_user(region_a, "agent")
    # when a fourth staff account is asked for
    connection.set_tenant(region_a)
    with pytest.raises(BillingError) as refused:
        staff_seat_ensure(region=region_a)
    assert refused.value.code == "staff_limit_reached"


def test_back_office_refuses_a_team_account_beyond_the_plan(account_a, region_a, client_a):
    from accounts.models import User

    # given region A on a plan of 3 staff accounts, with its admin and a coordinator already

    make_user(region_a, "coordinator")
    client_a.post("/admin/login/", {"username": "admin@alpha.test", "password": "pass-for-tests-only"})
    form = {
        "email": "",
        "full_name": "",
        "role": "",
        "password1": "Tr3s-long-mdp!",
        "password2": "Tr3s-long-mdp!",
    }

    def add(email, role):
        return client_a.post("/admin/accounts/user/add/", {**form, "email": email, "role": role})

    # when the admin adds a third staff account, then a funder, then a fourth staff account
    assert add("agent3@alpha.test", "agent").status_code == 302
    assert add("bailleur@alpha.test", "funder").status_code == 302
    refused = add("agent4@alpha.test", "agent")
    # then the fourth is refused with the plan's message, and nothing was created
    assert refused.status_code == 200
    assert "permet 3 comptes" in refused.content.decode()
    connection.set_tenant(region_a)
    assert set(User.objects.values_list("email", flat=True)) >= {"agent3@alpha.test", "bailleur@alpha.test"}
    assert not User.objects.filter(email="agent4@alpha.test").exists()


def test_staff_limit_of_one_region_never_blocks_another(account_a, account_b, region_a, region_b, client_b):
    from billing.errors import BillingError
    from billing.services import staff_seat_ensure

    # given region A at its limit of 3 staff accounts
    make_user(region_a, "coordinator")
    make_user(region_a, "agent")
    connection.set_tenant(region_a)
    with pytest.raises(BillingError):
        staff_seat_ensure(region=region_a)
    connection.set_schema_to_public()
    # when region B (same plan, only its admin so far) adds a team account, then it is created:
    # each region counts its own accounts
    client_b.post("/admin/login/", {"username": "admin@beta-nord.test", "password": TEST_PASSWORD})
    form = {"email": "agent@beta-nord.test", "full_name": "", "role": "agent"}
    form |= {"password1": "Tr3s-long-mdp!", "password2": "Tr3s-long-mdp!"}
    assert client_b.post("/admin/accounts/user/add/", form).status_code == 302
