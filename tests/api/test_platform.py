"""Platform API (platform host): onboarding, suspension, reactivation."""

import pytest
from django.db import connection
from django.test import Client

from accounts.models import Role, User
from billing.plans import plan_list
from tenants.models import Region

pytestmark = pytest.mark.django_db

ONBOARD = "/api/v1/platform/regions/"


def test_list_and_retrieve_regions(api, region_a, region_b):
    client = api("platform_admin")
    body = client.get(ONBOARD).json()
    slugs = [row["slug"] for row in body["results"]]
    assert {"alpha", "beta-nord"} <= set(slugs)
    assert "public" not in slugs
    detail = client.get(f"{ONBOARD}alpha/").json()
    assert detail["host"] == "alpha.localhost"
    assert detail["status"] == "active"
    assert client.get(f"{ONBOARD}public/").status_code == 404
    assert client.get(f"{ONBOARD}nowhere/").status_code == 404


def _a_plan() -> str:
    return plan_list()[-1].code


def test_onboarding_creates_a_region_reachable_at_once(api):
    client = api("platform_admin")
    # when the platform admin onboards a region
    response = client.post(
        ONBOARD,
        {
            "slug": "gaspesie",
            "name": "Gaspésie",
            "admin_email": "direction@gaspesie.test",
            "branding": {"primary_color": "#004b87"},
            "plan": _a_plan(),
        },
        format="json",
    )
    # then it answers 201 with its host
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["host"] == "gaspesie.localhost"
    assert body["primary_color"] == "#004b87"
    # and its free trial has started on the plan asked for
    assert (body["plan"], body["billing_status"]) == (_a_plan(), "trialing")
    assert body["trial_end"]
    # and the new host serves its branding and its own token endpoint right away
    branding = Client(HTTP_HOST="gaspesie.localhost").get("/api/v1/branding/")
    assert branding.status_code == 200
    assert branding.json()["name"] == "Gaspésie"
    region = Region.objects.get(slug="gaspesie")
    connection.set_tenant(region)
    admin = User.objects.get()
    assert admin.email == "direction@gaspesie.test"
    assert admin.role == Role.REGION_ADMIN
    admin.set_password("a-new-password-123")
    admin.save()
    connection.set_schema_to_public()
    token = Client(HTTP_HOST="gaspesie.localhost").post(
        "/api/v1/auth/token/",
        {"email": admin.email, "password": "a-new-password-123"},
        content_type="application/json",
    )
    assert token.status_code == 200


@pytest.mark.parametrize(
    ("slug", "code"),
    [
        ("alpha", "slug_taken"),
        ("admin", "slug_reserved"),
        ("Bad Slug!", "slug_invalid"),
        ("-x-", "slug_invalid"),
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_onboarding_refuses_bad_slugs_with_code(api, region_a, slug, code, language):
    response = api("platform_admin", language=language).post(
        ONBOARD, {"slug": slug, "name": "X", "admin_email": "a@x.test"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert body["fields"]["slug"] == [body["detail"]]


def test_onboarding_bad_input_per_field(api):
    response = api("platform_admin").post(
        ONBOARD,
        {"slug": "ok-slug", "admin_email": "not-an-email", "branding": {"primary_color": "blue"}},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"name", "admin_email", "branding"} <= set(fields)
    assert "primary_color" in fields["branding"]
    assert not Region.objects.filter(slug="ok-slug").exists()


def test_unknown_plan_is_refused(api):
    response = api("platform_admin").post(
        ONBOARD,
        {"slug": "plan-test", "name": "X", "admin_email": "a@x.test", "plan": "no-such-plan"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "plan_unknown"
    assert "plan" in response.json()["fields"]
    assert not Region.objects.filter(slug="plan-test").exists()


def test_suspend_then_reactivate_keeps_data(api, region_a, world):
    platform = api("platform_admin")
    agent = api(Role.AGENT)
    assert agent.get("/api/v1/participants/").status_code == 200
    # when the platform admin suspends the region
    response = platform.post(f"{ONBOARD}alpha/suspend/")
    assert response.status_code == 200
    assert response.json()["status"] == "suspended"
    # then its API and pages answer 403 with a clear message
    refused = agent.get("/api/v1/participants/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "region_suspended"
    assert api("anonymous").get("/api/v1/branding/").status_code == 403
    assert Client(HTTP_HOST="alpha.localhost").get("/").status_code == 403
    # while the other region keeps working
    assert Client(HTTP_HOST="beta-nord.localhost").get("/api/v1/branding/").status_code == 200
    # and after reactivation everything is back, data included
    assert platform.post(f"{ONBOARD}alpha/reactivate/").json()["status"] == "active"
    rows = agent.get("/api/v1/participants/").json()["results"]
    assert [row["id"] for row in rows] == [world.participant.pk]


def test_region_admin_cannot_use_platform_api_even_on_platform_host(api, region_a):
    # a public-schema user without the platform role
    from tests.api.conftest import client_for, make_user, token_for

    user = make_user(None, Role.REGION_ADMIN, "not-platform@public.test")
    client = client_for("localhost", token_for(None, user))
    assert client.get(ONBOARD).status_code == 403
    assert client.post(f"{ONBOARD}alpha/suspend/").status_code == 403
    assert Region.objects.get(slug="alpha").status == "active"


def test_onboarding_without_plan_starts_the_default_plan_trial(api, settings):
    response = api("platform_admin").post(
        ONBOARD, {"slug": "sans-forfait", "name": "Sans forfait", "admin_email": "a@sf.test"}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["plan"], response.json()["billing_status"]) == (
        settings.BILLING_DEFAULT_PLAN,
        "trialing",
    )


def test_region_list_shows_billing_in_a_constant_number_of_queries(api, django_assert_max_num_queries):
    client = api("platform_admin")
    client.get(ONBOARD)  # warm the token and host lookups
    with django_assert_max_num_queries(8):
        body = client.get(ONBOARD + "?page_size=200").json()
    assert {"plan", "billing_status", "trial_end", "last_payment_at"} <= set(body["results"][0])


def test_onboarded_admin_chooses_a_password_through_the_emailed_link(
    api, mailoutbox, django_capture_on_commit_callbacks
):
    # when the platform admin onboards a region
    with django_capture_on_commit_callbacks(execute=True):
        response = api("platform_admin").post(
            ONBOARD,
            {"slug": "cote-nord", "name": "Côte-Nord", "admin_email": "direction@cote-nord.test"},
            format="json",
        )
    assert response.status_code == 201
    link = response.json()["admin_setup_url"]
    assert link.startswith("http://cote-nord.localhost:8000/compte/mot-de-passe/")
    # then the first admin received the same link by e-mail
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["direction@cote-nord.test"]
    assert link in mailoutbox[0].body
    # and following it on the new host lets them choose a password, then log in
    browser = Client(HTTP_HOST="cote-nord.localhost")
    form = browser.get(link.split(":8000", 1)[1], follow=True)
    assert form.status_code == 200
    chosen = browser.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Un-mot-de-passe-solide-9", "new_password2": "Un-mot-de-passe-solide-9"},
    )
    assert chosen.status_code == 302
    token = Client(HTTP_HOST="cote-nord.localhost").post(
        "/api/v1/auth/token/",
        {"email": "direction@cote-nord.test", "password": "Un-mot-de-passe-solide-9"},
        content_type="application/json",
    )
    assert token.status_code == 200
    # the link works once: used, it is refused
    reused = Client(HTTP_HOST="cote-nord.localhost").get(link.split(":8000", 1)[1], follow=True)
    assert reused.context["validlink"] is False


def test_setup_link_of_one_region_is_useless_on_another(api, region_b):
    response = api("platform_admin").post(
        ONBOARD,
        {"slug": "lanaudiere", "name": "Lanaudière", "admin_email": "a@lanaudiere.test"},
        format="json",
    )
    path = response.json()["admin_setup_url"].split(":8000", 1)[1]
    other = Client(HTTP_HOST="beta-nord.localhost").get(path, follow=True)
    assert other.context["validlink"] is False
