"""The public service map, the platform's pages and the billing page in Chromium, against the live
server: the public searches the map of every region, the platform admin onboards a region and
opens its login page, the billing page shows the plan to the region admin and 403 to others.
Screenshots of each page, in French and in English, land in .data/screenshots/."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.conftest import TEST_PASSWORD

PLATFORM_EMAIL = "platform@browser.test"
COORDINATOR_EMAIL = "coordination@alpha.browser.test"
NEW_SLUG = "gaspesie-web"
NEW_SLUG_EN = "outaouais-web"
LANGUAGES = ("fr", "en")


def _drop_region(slug: str) -> None:
    from django.db import connection

    from billing.models import BillingAccount
    from tenants.models import Domain, Region

    region = Region.objects.filter(slug=slug).first()
    if region is None:
        return
    BillingAccount.objects.filter(region=region).delete()
    Domain.objects.filter(tenant=region).delete()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{region.schema_name}" CASCADE')
    region.delete()


def _services_of(slug: str, services: list[tuple[str, dict]]) -> None:
    from django.db import connection

    from core.models import Audience, PartnerKind, Schedule
    from core.services import partner_create, service_create, service_point_create
    from tenants.models import Region

    connection.set_tenant(Region.objects.get(slug=slug))
    try:
        partner = partner_create(name=f"Accueil navigateur {slug}", kind=PartnerKind.COMMUNITY)
        point = service_point_create(
            partner=partner, name="Bureau principal", address="210, rue des Oblats Ouest", city="Chicoutimi"
        )
        for name, fields in services:
            service = service_create(
                partner=partner, name_fr=name, service_points=[point], audience=Audience.IMMIGRANTS, **fields
            )
            Schedule.objects.create(
                service=service,
                weekdays=["MO", "TU", "WE", "TH", "FR"],
                opens_at=dt.time(8, 30),
                closes_at=dt.time(16, 30),
            )
    finally:
        connection.set_schema_to_public()


def _remove_services_of(slug: str) -> None:
    from django.db import connection

    from core.models import Partner, Service, ServicePoint
    from tenants.models import Region

    connection.set_tenant(Region.objects.get(slug=slug))
    try:
        partners = Partner.objects.filter(name=f"Accueil navigateur {slug}")
        Service.objects.filter(partner__in=partners).delete()
        ServicePoint.objects.filter(partner__in=partners).delete()
        partners.delete()
    finally:
        connection.set_schema_to_public()


@pytest.fixture(scope="module", autouse=True)
def committed_data(live_port, django_db_blocker):
    """What the live server reads, committed before the browser starts and removed after."""
    from django.db import connection

    from accounts.models import Role, User
    from billing.models import BillingAccount
    from billing.services import billing_account_open
    from tenants.models import Region

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _drop_region(NEW_SLUG)
        _drop_region(NEW_SLUG_EN)
        # Kept between runs: deleting a public-schema user would look for region tables there.
        if not User.objects.filter(email=PLATFORM_EMAIL).exists():
            User.objects.create_user(PLATFORM_EMAIL, password=TEST_PASSWORD, role=Role.PLATFORM_ADMIN)
        alpha = Region.objects.get(slug="alpha")
        BillingAccount.objects.filter(region=alpha).delete()
        billing_account_open(region=alpha, plan=settings.BILLING_DEFAULT_PLAN)
        connection.set_tenant(alpha)
        User.objects.filter(email=COORDINATOR_EMAIL).delete()
        User.objects.create_user(COORDINATOR_EMAIL, password=TEST_PASSWORD, role=Role.COORDINATOR)
        connection.set_schema_to_public()
        _services_of(
            "alpha",
            [
                (
                    "Accompagnement Québec",
                    {
                        "name_en": "Accompagnement Québec (integration support)",
                        "languages": ["fr", "en"],
                        "phone": "1 877 662-4667",
                        "territory": "Saguenay",
                    },
                ),
                (
                    "Francisation à temps partiel",
                    {
                        "name_en": "Part-time French courses",
                        "languages": ["fr", "es"],
                        "territory": "Lac-Saint-Jean",
                    },
                ),
            ],
        )
        _services_of("beta-nord", [("Accueil des nouveaux arrivants de Bêta-Nord", {"languages": ["fr"]})])
    yield
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _remove_services_of("alpha")
        _remove_services_of("beta-nord")
        _drop_region(NEW_SLUG)
        _drop_region(NEW_SLUG_EN)
        Region.objects.filter(slug="beta-nord").update(status=Region.Status.ACTIVE)
        BillingAccount.objects.filter(region__slug="alpha").delete()
        connection.set_tenant(Region.objects.get(slug="alpha"))
        User.objects.filter(email=COORDINATOR_EMAIL).delete()
        connection.set_schema_to_public()


@pytest.fixture
def english(browser, site):
    """A page whose every host speaks English (the language switcher's cookie)."""
    context = browser.new_context(locale="en-CA")
    hosts = ["localhost", "alpha.localhost", "beta-nord.localhost", f"{NEW_SLUG}.localhost"]
    context.add_cookies([{"name": "django_language", "value": "en", "url": site(host)} for host in hosts])
    page = context.new_page()
    yield page
    context.close()


def _pages(page, english):
    return {"fr": page, "en": english}


def _no_serious_violation(page) -> None:
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


def _sign_in(page, site, host: str, path: str, email: str) -> None:
    page.goto(site(host, path))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main button[type=submit]").click()


# --- the public service map ---------------------------------------------------------------


@pytest.mark.parametrize("host", ["alpha.localhost", "beta-nord.localhost"])
def test_service_map_answers_without_login_on_every_region_host(page, site, host):
    response = page.goto(site(host, "/services/"))
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Services aux personnes nouvellement arrivées"


def test_the_public_searches_the_service_map(page, english, site):
    for language, tab in _pages(page, english).items():
        tab.goto(site("alpha.localhost", "/services/"))
        cards = tab.locator("article.service")
        assert cards.count() == 2
        # nothing of another region
        assert "Bêta-Nord" not in tab.inner_text("#results")
        # typing filters the list in place (htmx), the address bar keeps the search
        tab.fill("#id_q", "francisation")
        expect(tab.locator("article.service")).to_have_count(1)
        assert "q=francisation" in tab.url
        expected = "Francisation à temps partiel" if language == "fr" else "Part-time French courses"
        assert tab.locator("article.service h2").inner_text() == expected
        # then a filter by language, by keyboard only
        tab.fill("#id_q", "")
        expect(tab.locator("article.service")).to_have_count(2)
        tab.select_option("#id_language", "en")
        expect(tab.locator("article.service")).to_have_count(1)
        card = tab.locator("article.service")
        assert "Accompagnement Québec" in card.locator("h2").inner_text()
        text = card.inner_text()
        assert "210, rue des Oblats Ouest, Chicoutimi" in text
        assert "1 877 662-4667" in text
        hours = (
            "Du lundi au vendredi, 8 h 30 – 16 h 30"
            if language == "fr"
            else "Monday to Friday, 8:30 AM – 4:30 PM"
        )
        assert hours in text
        tab.select_option("#id_language", "")
        expect(tab.locator("article.service")).to_have_count(2)
        screenshot(tab, f"services-{language}")
        _no_serious_violation(tab)


def test_service_map_has_a_printable_view(page, english, site):
    for language, tab in _pages(page, english).items():
        tab.goto(site("alpha.localhost", "/services/"))
        tab.click("text=" + ("Version imprimable" if language == "fr" else "Printable version"))
        tab.wait_for_url("**/services/imprimer/**")
        assert tab.locator("article.service").count() == 2
        tab.emulate_media(media="print")
        # on paper: no buttons, no header
        assert not tab.locator("button").first.is_visible()
        screenshot(tab, f"services-print-{language}")
        tab.emulate_media(media="screen")


def test_two_regions_maps_carry_their_own_colours(page, site):
    page.goto(site("alpha.localhost", "/services/"))
    border = page.locator("article.service").first.evaluate("el => getComputedStyle(el).borderLeftColor")
    assert border == "rgb(29, 79, 145)"  # Alpha's primary colour (the default #1d4f91)
    page.goto(site("beta-nord.localhost", "/services/"))
    assert "Région Bêta-Nord" in page.locator("header").inner_text()


# --- the platform -------------------------------------------------------------------------


def test_platform_admin_onboards_a_region_and_opens_its_login_page(page, site):
    _sign_in(page, site, "localhost", "/connexion/", PLATFORM_EMAIL)
    page.wait_for_url(site("localhost", "/regions/"))
    assert page.locator("tr[data-slug=alpha]").is_visible()
    screenshot(page, "platform-regions-fr")
    _no_serious_violation(page)
    page.click("text=Accueillir une région")
    page.fill("#id_name", "Gaspésie (navigateur)")
    page.fill("#id_slug", NEW_SLUG)
    page.fill("#id_admin_email", "direction@gaspesie-web.test")
    page.fill("#id_primary_color", "#00665e")
    page.select_option("#id_plan", "regional")
    page.check("input[name=starters][value=place-aux-jeunes]")
    page.check("input[name=starters][value=accueil-universel]")
    screenshot(page, "platform-onboard-fr")
    _no_serious_violation(page)
    page.click("text=Créer la région")
    # each step appears as it happens, then the way in
    page.wait_for_selector("li[data-step=finished]", timeout=120_000)
    steps = page.locator("li.step").evaluate_all("items => items.map(item => item.dataset.step)")
    assert steps == [
        "template",
        "schema",
        "domain",
        "admin",
        "billing",
        "invite",
        "programs",
        "done",
        "finished",
    ]
    screenshot(page, "platform-onboard-progress-fr")
    page.click("#region-login")
    page.wait_for_url(site(f"{NEW_SLUG}.localhost", "/connexion/"))
    assert page.locator("h1").inner_text() == "Gaspésie (navigateur)"
    header = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header == "rgb(0, 102, 94)"
    assert page.locator("input[name=password]").is_visible()
    screenshot(page, "new-region-login-fr")
    # the new region is listed with its trial
    page.goto(site("localhost", "/regions/"))
    row = page.locator(f"tr[data-slug={NEW_SLUG}]")
    assert "Essai gratuit" in row.inner_text()
    assert "Régional" in row.inner_text()


def test_platform_admin_suspends_and_reactivates_a_region(page, site):
    _sign_in(page, site, "localhost", "/connexion/", PLATFORM_EMAIL)
    page.wait_for_url(site("localhost", "/regions/"))
    page.click("tr[data-slug=beta-nord] >> text=Région Bêta-Nord")
    screenshot(page, "platform-region-fr")
    page.click("text=Suspendre la région")
    assert "est suspendue" in page.inner_text(".messages")
    assert page.goto(site("beta-nord.localhost", "/services/")).status == 403
    page.goto(site("localhost", "/regions/beta-nord/"))
    page.click("text=Réactiver la région")
    assert "est réactivée" in page.inner_text(".messages")
    assert page.goto(site("beta-nord.localhost", "/services/")).status == 200


def test_platform_admin_sees_a_pending_stripe_setup_and_is_told_when_stripe_still_fails(page, site):
    # Region Alpha's billing was opened without Stripe (the live server's Stripe is a closed port).
    _sign_in(page, site, "localhost", "/connexion/", PLATFORM_EMAIL)
    page.wait_for_url(site("localhost", "/regions/"))
    assert "Stripe : configuration en attente" in page.locator("tr[data-slug=alpha]").inner_text()
    page.click("tr[data-slug=alpha] >> text=Région Alpha")
    assert "Configuration chez Stripe en attente" in page.inner_text("dl.facts")
    screenshot(page, "platform-region-billing-pending-fr")
    _no_serious_violation(page)
    page.click("text=Terminer la configuration chez Stripe")
    assert "Le service de paiement ne répond pas pour le moment." in page.inner_text(".messages")
    # still pending, still offered, the region's access untouched
    assert "Terminer la configuration chez Stripe" in page.inner_text("main")
    assert "accès complet" in page.inner_text("dl.facts")


def test_platform_pages_in_english(english, site):
    english.goto(site("localhost", "/connexion/"))
    assert english.locator("h1").inner_text() == "Sign in to the platform"
    screenshot(english, "platform-login-en")
    _sign_in(english, site, "localhost", "/connexion/", PLATFORM_EMAIL)
    english.wait_for_url(site("localhost", "/regions/"))
    assert english.locator("h1").inner_text() == "Regions"
    screenshot(english, "platform-regions-en")
    english.goto(site("localhost", "/regions/nouvelle/"))
    assert english.locator("legend").first.inner_text() == "1. The regional workspace"
    screenshot(english, "platform-onboard-en")
    english.fill("#id_name", "Outaouais")
    english.fill("#id_slug", NEW_SLUG_EN)
    english.fill("#id_admin_email", "direction@outaouais-web.test")
    english.select_option("#id_default_language", "en")
    english.check("input[name=starters][value=pasi]")
    english.click("text=Create the region")
    english.wait_for_selector("li[data-step=finished]", timeout=120_000)
    assert "Creating the starter programs (1)" in english.inner_text("#steps")
    screenshot(english, "platform-onboard-progress-en")
    english.goto(site("localhost", "/regions/alpha/"))
    assert "Suspend the region" in english.inner_text("main")
    assert "Finish the set-up at Stripe" in english.inner_text("main")  # alpha's billing waits for Stripe
    screenshot(english, "platform-region-en")


def test_platform_login_in_french(page, site):
    page.goto(site("localhost", "/connexion/"))
    assert page.locator("h1").inner_text() == "Connexion à la plateforme"
    screenshot(page, "platform-login-fr")
    _no_serious_violation(page)


def test_a_platform_session_opens_nothing_on_a_region_host(page, site):
    _sign_in(page, site, "localhost", "/connexion/", PLATFORM_EMAIL)
    page.wait_for_url(site("localhost", "/regions/"))
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    page.context.add_cookies(
        [{"name": "sessionid", "value": cookie["value"], "url": site("alpha.localhost")}]
    )
    page.goto(site("alpha.localhost", "/facturation/"))
    assert page.url.startswith(site("alpha.localhost", "/connexion/"))


# --- the billing page ---------------------------------------------------------------------


def test_billing_page_shows_the_plan_to_the_region_admin(page, english, site):
    for language, tab in _pages(page, english).items():
        _sign_in(tab, site, "alpha.localhost", "/connexion/?next=/facturation/", "admin@alpha.test")
        tab.wait_for_url(site("alpha.localhost", "/facturation/"))
        assert tab.locator("#billing-plan").inner_text() == "Essentiel"
        assert tab.locator("#billing-trial-end").is_visible()
        assert tab.locator("form[action='/facturation/portail/'] button").is_visible()
        screenshot(tab, f"billing-{language}")
        _no_serious_violation(tab)


def test_billing_page_is_refused_to_other_roles(page, english, site):
    for language, tab in _pages(page, english).items():
        _sign_in(tab, site, "alpha.localhost", "/connexion/", COORDINATOR_EMAIL)
        tab.wait_for_url(site("alpha.localhost", "/tableau-de-bord/"))
        response = tab.goto(site("alpha.localhost", "/facturation/"))
        assert response.status == 403
        screenshot(tab, f"billing-403-{language}")
