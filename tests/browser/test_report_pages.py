"""The annual report page in Chromium: the region's report with its table of contents and figures,
and its PDF download, for a signed-in region admin; another region's session gets nothing."""

from tests.browser.conftest import screenshot
from tests.conftest import TEST_PASSWORD


def _sign_in(page, site, host: str, email: str) -> None:
    page.goto(site(host, "/admin/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site(host, "/admin/"))


def test_annual_report_page_and_its_pdf(page, site):
    _sign_in(page, site, "alpha.localhost", "admin@alpha.test")
    response = page.goto(site("alpha.localhost", "/reports/annual/?from=2023-04-01&to=2024-03-31"))
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Rapport annuel"
    assert "Région Alpha — du 2023-04-01 au 2024-03-31" in page.locator(".subtitle").inner_text()
    toc = page.locator("nav.toc li").all_inner_texts()
    assert toc[:3] == ["1. Faits saillants", "2. Portrait de la clientèle", "3. Accueil universel"]
    assert page.locator('#welcome [data-key="people_welcomed"] dd').inner_text() == "0"
    screenshot(page, "annual-report")
    with page.expect_download() as download_info:
        page.click("text=PDF")
    download = download_info.value
    assert download.suggested_filename == "rapport-annuel-alpha-2023-04-01-2024-03-31.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_session_from_another_region_gets_no_report(page, site):
    _sign_in(page, site, "alpha.localhost", "admin@alpha.test")
    # Signed in on Alpha only: Bêta-Nord's host sends to its log-in, never shows its report
    page.goto(site("beta-nord.localhost", "/reports/annual/"))
    assert "/connexion/?next=/reports/annual/" in page.url
    assert "Rapport annuel" not in page.content()
