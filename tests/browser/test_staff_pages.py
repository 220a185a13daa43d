"""The staff and funder pages in Chromium: each role logs in on its region's host and does its
main task; regions keep their own names, colours and sessions; axe-core finds no serious or
critical violation; every page is screenshotted in French and English."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.staff_world import CASELOAD, NORD, SUD, staff_world_fixture  # noqa: F401 - the fixture
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("staff_world")


def log_in(page, site, host, email):
    page.goto(site(host, "/"))
    page.fill("#id_username", email)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def my_hours(page) -> float:
    text = page.locator(".kpi", has_text="Mes heures d'intervention").locator("dd").inner_text()
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(",", "."))


def test_agent_logs_an_intervention_from_the_caseload_and_sees_its_hours(page, site, staff_world):
    host = staff_world.hosts[NORD["slug"]]
    log_in(page, site, host, staff_world.emails["agent"])
    assert page.url == site(host, "/tableau-de-bord/")
    before = my_hours(page)
    assert before == CASELOAD * 1.0  # one hour logged yesterday for each of the caseload
    page.click("nav.site-nav >> text=Participant·e·s")
    assert page.locator("h1").inner_text() == "Mon portefeuille"
    code = staff_world.codes[0]
    page.locator("tr", has_text=code).get_by_role("link", name=re.compile("Consigner")).click()
    minutes = page.locator("#quick-log-body #id_minutes")
    # the script moves the focus once the form is in: wait for it rather than race it
    expect(minutes).to_be_focused()
    minutes.fill("90")
    page.select_option("#quick-log-body #id_mode", "individual")
    page.locator("#quick-log-body").get_by_role("button", name="Consigner").click()
    confirmation = page.locator("#quick-log-body .message")
    confirmation.wait_for()
    assert confirmation.inner_text() == f"Intervention de 90 min consignée pour le dossier {code}."
    screenshot(page, "web-caseload-logged-fr")
    page.click("nav.site-nav >> text=Tableau de bord")
    assert my_hours(page) == before + 1.5


def test_coordinator_adds_a_partner_and_takes_attendance(page, site, staff_world):
    host = staff_world.hosts[NORD["slug"]]
    log_in(page, site, host, staff_world.emails["coordinator"])
    page.goto(site(host, "/partenaires/"))
    page.get_by_role("link", name="Ajouter un organisme").click()
    page.fill("#id_city", "Roberval")
    page.get_by_role("button", name="Enregistrer").click()
    # refused: the name is missing; what was typed is still there
    assert page.locator("#id_name-errors").inner_text() == "Ce champ est obligatoire."
    assert page.input_value("#id_city") == "Roberval"
    screenshot(page, "web-partner-form-errors-fr")
    page.fill("#id_name", "Municipalité de Roberval")
    page.select_option("#id_kind", "municipality")
    page.check("#id_endorses_strategy")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator("h1").inner_text() == "Municipalité de Roberval"
    assert "Organisme « Municipalité de Roberval » enregistré." in page.inner_text(".messages")

    page.goto(site(host, f"/activites/{staff_world.ids['activity']}/"))
    boxes = page.locator(".roster input[type=checkbox]")
    assert boxes.count() == CASELOAD
    for index in range(3):
        boxes.nth(index).check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    assert "Présences enregistrées (3 personnes)." in page.inner_text(".messages")
    assert page.locator(".roster input[type=checkbox]:checked").count() == 3
    screenshot(page, "web-activity-attendance-fr")


def test_funder_sees_its_dashboard_without_people_or_edit_controls(page, site, staff_world):
    host = staff_world.hosts[NORD["slug"]]
    log_in(page, site, host, staff_world.emails["funder"])
    assert page.url == site(host, "/financement/")
    body = page.inner_text("body")
    assert "Entente Vitrine" in body
    assert "Bilan de mi-parcours" in body
    assert "En retard" in body
    for name in staff_world.names:
        assert name not in body
    for code in staff_world.codes:
        assert code not in page.content()
    # read only: the only forms are the language switcher, logout and the fiscal-year choice (GET)
    posting = page.locator("form[method=post]")
    actions = {posting.nth(i).get_attribute("action") for i in range(posting.count())}
    assert actions == {"/langue/", "/deconnexion/"}
    for label in ("Modifier", "Ajouter", "Enregistrer", "Consigner"):
        assert page.get_by_role("link", name=label).count() == 0
        assert page.get_by_role("button", name=label).count() == 0
    screenshot(page, "web-funder-dashboard-fr")
    response = page.goto(site(host, "/participants/"))
    assert response.status == 403


def test_two_regions_render_their_own_name_and_colours(page, site, staff_world):
    colours = {}
    for spec in (NORD, SUD):
        page.goto(site(staff_world.hosts[spec["slug"]], "/"))
        assert page.locator("h1").inner_text() == spec["name"]
        assert page.get_by_role("button", name="Se connecter").is_visible()
        colours[spec["slug"]] = page.locator("header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colours == {"vitrine-nord": "rgb(122, 31, 92)", "vitrine-sud": "rgb(13, 107, 58)"}


def test_a_session_cookie_from_one_region_is_refused_on_another(browser, site, staff_world):
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    nord, sud = staff_world.hosts[NORD["slug"]], staff_world.hosts[SUD["slug"]]
    log_in(page, site, nord, staff_world.emails["coordinator"])
    assert page.url == site(nord, "/tableau-de-bord/")
    session = next(c for c in context.cookies() if c["name"] == "sessionid")
    context.add_cookies([{"name": "sessionid", "value": session["value"], "url": site(sud, "/")}])
    page.goto(site(sud, "/tableau-de-bord/"))
    assert page.url.startswith(site(sud, "/connexion/"))
    assert page.locator("h1").inner_text() == SUD["name"]
    context.close()


def main_pages(world):
    nord = world.hosts[NORD["slug"]]
    staff = [
        "/tableau-de-bord/",
        "/participants/",
        f"/participants/{world.ids['participants'][0]}/",
        "/participants/accueil/",
        "/interventions/nouvelle/",
        "/activites/",
        f"/activites/{world.ids['activity']}/",
        "/partenaires/",
        f"/partenaires/{world.ids['partner']}/",
        "/partenaires/ajouter/",
        "/points-de-service/",
        "/equipe/",
        "/comites/",
        "/programmes/",
        f"/programmes/{world.ids['program']}/",
        "/ententes/",
        f"/ententes/{world.ids['agreement']}/",
        "/image-de-marque/",
    ]
    return nord, [("region_admin", path) for path in staff] + [
        ("agent", "/tableau-de-bord/"),
        ("agent", "/participants/"),
        ("funder", "/financement/"),
        ("funder", f"/ententes/{world.ids['agreement']}/"),
    ]


def _slug(path: str) -> str:
    # ids change from run to run: a detail page is named by its list ("participants-fiche")
    path = re.sub(r"/\d+/", "/fiche/", path)
    return re.sub(r"[^a-z0-9]+", "-", path.strip("/")).strip("-") or "accueil"


def test_main_pages_have_no_serious_accessibility_violation(browser, site, staff_world):
    axe = Axe()
    host, pages = main_pages(staff_world)
    found = {}
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    page.goto(site(host, "/"))
    results = axe.run(page)
    found["/ (login)"] = [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]
    signed_in = None
    for role, path in pages:
        if role != signed_in:
            context.clear_cookies()
            log_in(page, site, host, staff_world.emails[role])
            signed_in = role
        response = page.goto(site(host, path))
        assert response.status == 200, path
        results = axe.run(page)
        bad = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[f"{role} {path}"] = bad
            screenshot(page, f"axe-failure-{role}-{_slug(path)}")
    context.close()
    assert {key: value for key, value in found.items() if value} == {}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_screenshots_of_every_page(browser, site, staff_world, language):
    host, pages = main_pages(staff_world)
    context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site(host, "/"))
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == ("en" if language == "en" else "fr-ca")
    screenshot(page, f"web-login-{language}")
    signed_in = None
    for role, path in pages:
        if role != signed_in:
            page.goto(site(host, "/"))
            if signed_in:
                page.locator("form.logout button").click()
            log_in(page, site, host, staff_world.emails[role])
            signed_in = role
        response = page.goto(site(host, path))
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == ("en" if language == "en" else "fr-ca")
        screenshot(page, f"web-{role}-{_slug(path)}-{language}")
    context.close()


def test_keyboard_only_login_and_quick_log_with_visible_focus(page, site, staff_world):
    host = staff_world.hosts[NORD["slug"]]
    page.goto(site(host, "/"))
    # the e-mail field has the focus on arrival
    expect(page.locator("#id_username")).to_be_focused()
    # focus order back to the top: language switcher, the region's name, then the skip link,
    # each drawn with a visible outline
    order = []
    for _step in range(4):
        page.keyboard.press("Shift+Tab")
        order.append(page.evaluate("document.activeElement.textContent.trim()"))
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert order == ["English", "Français", NORD["name"], "Aller au contenu"]
    # type the e-mail, Tab to the password, Enter submits
    page.focus("#id_username")
    page.keyboard.type(staff_world.emails["agent"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site(host, "/tableau-de-bord/"))
    page.goto(site(host, "/participants/"))
    row_link = page.locator("tr", has_text=staff_world.codes[1]).get_by_role(
        "link", name=re.compile("Consigner")
    )
    row_link.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#quick-log-body #id_minutes")).to_be_focused()
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    page.locator("#quick-log-body .message").wait_for()
    assert staff_world.codes[1] in page.inner_text("#quick-log-body .message")


def test_coordinator_imports_a_windows_1252_file_and_follows_it_to_the_end(page, site, staff_world):
    host = staff_world.hosts[NORD["slug"]]
    log_in(page, site, host, staff_world.emails["coordinator"])
    page.click("nav.site-nav >> text=Importations")
    page.get_by_role("link", name="Nouvelle importation").click()
    rows = [
        "Nom;Prénom;Date de naissance;Courriel;Date d'accueil;Genre;Ville;Consentement",
        "Bérubé;Anaïs;1998-03-04;anais@import.test;2024-04-02;Femme;Roberval;oui",
    ]
    page.select_option("#id_kind", "participants")
    page.set_input_files(
        "#id_file",
        files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": "\r\n".join(rows).encode("cp1252")}],
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Importer 1 ligne").click()
    done = page.locator("#import-status .import-done")
    done.wait_for()
    assert done.inner_text() == "Terminé : 1 ligne importée."
    screenshot(page, "web-import-done-fr")
