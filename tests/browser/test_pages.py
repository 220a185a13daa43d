"""Foundation pages in Chromium: each host shows its own region, unknown hosts a 404 page."""

from tests.browser.conftest import screenshot
from tests.conftest import TEST_PASSWORD


def test_region_home_shows_its_name_and_branding(page, site):
    response = page.goto(site("alpha.localhost"))
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Région Alpha"
    header_colour = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(29, 79, 145)"  # the default primary colour #1d4f91
    screenshot(page, "region-home")


def test_platform_home_is_the_platform(page, site):
    page.goto(site("localhost"))
    assert "Plateforme Ancrage" in page.content()


def test_unknown_host_shows_a_404_page(page, site):
    response = page.goto(site("nulle-part.localhost"))
    assert response.status == 404
    assert "Aucun espace Ancrage ne répond à cette adresse." in page.inner_text("body")
    assert "Plateforme" not in page.inner_text("body")


def test_page_follows_browser_language(browser, site):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(site("nulle-part.localhost"))
    assert "No Ancrage workspace answers at this address." in page.inner_text("body")
    context.close()


def test_admin_login_works_on_own_host_only(page, site):
    # the first admin of region Alpha signs in on Alpha's admin
    page.goto(site("alpha.localhost", "/admin/login/"))
    page.fill("input[name=username]", "admin@alpha.test")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site("alpha.localhost", "/admin/"))
    assert page.locator("#user-tools").is_visible()
    screenshot(page, "region-admin")
    # the same credentials on Bêta-Nord's admin are refused
    page.goto(site("beta-nord.localhost", "/admin/login/"))
    page.fill("input[name=username]", "admin@alpha.test")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("input[type=submit]")
    assert page.locator(".errornote").is_visible()
    assert page.url.startswith(site("beta-nord.localhost", "/admin/login/"))


def test_api_docs_load_without_any_outside_request(page, site):
    # the interactive docs are served by the platform itself (no CDN): every request stays here
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    response = page.goto(site("alpha.localhost", "/api/v1/docs/"))
    assert response.status == 200
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Ancrage API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")
    assert "participants" in page.inner_text(".swagger-ui").lower()
    assert hosts == {site("alpha.localhost").split("/")[2]}
    screenshot(page, "api-docs")


def test_region_back_office_lists_the_domain_in_french(page, site):
    page.goto(site("alpha.localhost", "/admin/login/"))
    page.fill("input[name=username]", "admin@alpha.test")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site("alpha.localhost", "/admin/"))
    index = page.inner_text("#content")
    for label in ("Organismes partenaires", "Participant·e·s", "Ententes"):
        assert label.lower() in index.lower()
    response = page.goto(site("alpha.localhost", "/admin/core/participant/"))
    assert response.status == 200
    screenshot(page, "admin-participants")
