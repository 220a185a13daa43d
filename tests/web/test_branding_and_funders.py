"""The region admin's branding page (the API's validation, a live preview that saves nothing) and
the funder's read-only dashboard (no person, small counts suppressed as in the API)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tenants.models import Region
from web.branding import contrast_ratio, readable_on_white

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_only_the_region_admin_edits_branding(web):
    assert web("region_admin").get("/image-de-marque/").status_code == 200
    for role in ("coordinator", "agent", "funder"):
        assert web(role).get("/image-de-marque/").status_code == 403
        assert web(role).post("/image-de-marque/", {"primary_color": "#000000"}).status_code == 403


def test_branding_saved_on_this_region_only(web, region_a, region_b):
    response = web("region_admin").post(
        "/image-de-marque/",
        {
            "name": "Alpha renommée",
            "primary_color": "#123456",
            "secondary_color": "#abcdef",
            "default_language": "en",
        },
    )
    assert response.status_code == 302
    region_a.refresh_from_db()
    region_b.refresh_from_db()
    assert (region_a.name, region_a.primary_color, region_a.default_language) == (
        "Alpha renommée",
        "#123456",
        "en",
    )
    assert region_b.primary_color == Region._meta.get_field("primary_color").default


def test_bad_colour_and_scripted_svg_refused_with_the_api_messages(web, region_a, media):
    response = web("region_admin").post(
        "/image-de-marque/",
        {
            "name": "Nom gardé",
            "primary_color": "bleu",
            "default_language": "fr-ca",
            "logo": SimpleUploadedFile("logo.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Couleur attendue au format #RRGGBB." in html
    assert 'value="Nom gardé"' in html
    region_a.refresh_from_db()
    assert region_a.name == "Région Alpha"
    svg = web("region_admin").post(
        "/image-de-marque/",
        {"default_language": "fr-ca", "logo": SimpleUploadedFile("l.svg", SVG_WITH_SCRIPT)},
    )
    assert "Ce SVG est refusé : il contient un élément non permis (&lt;script&gt;)." in svg.content.decode()


def test_logo_over_the_size_limit_refused(web, media, settings):
    settings.BRANDING_LOGO_MAX_BYTES = 32
    response = web("region_admin").post(
        "/image-de-marque/", {"default_language": "fr-ca", "logo": SimpleUploadedFile("l.png", PNG)}
    )
    assert response.status_code == 400
    assert "Le logo dépasse la taille permise (0 Kio)." in response.content.decode()


def test_live_preview_shows_readable_colours_and_saves_nothing(web, region_a):
    response = web("region_admin").post(
        "/image-de-marque/apercu/",
        {
            "name": "Aperçu",
            "primary_color": "#ffff00",
            "secondary_color": "#000000",
            "default_language": "fr-ca",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    # on a yellow banner the text turns dark; links are darkened until AA on white
    assert "background: #ffff00; color: #111827" in html
    link = readable_on_white("#ffff00")
    assert f"color: {link}" in html
    assert contrast_ratio(link, "#ffffff") >= 4.5
    assert "Liens sur fond blanc : 5,0:1" in html
    region_a.refresh_from_db()
    assert region_a.name == "Région Alpha"


def test_uploaded_logo_is_served_on_its_own_host_only(web, region_a, media, client_b):
    web("region_admin").post(
        "/image-de-marque/", {"default_language": "fr-ca", "logo": SimpleUploadedFile("l.png", PNG)}
    )
    logo = web("agent").get("/image-de-marque/logo/")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == PNG
    assert client_b.get("/image-de-marque/logo/").status_code == 404
    connection.set_schema_to_public()


def test_funder_dashboard_is_read_only_aggregates(web, world):
    response = web("funder").get("/financement/?exercice=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Entente financée" in html
    assert "Autre entente" not in html
    assert world.participant.code not in html
    assert "Fictive" not in html
    # one participant in the funded program: suppressed as the API does
    assert "&lt;5" in html
    assert 'method="post"' not in html.split("<main")[1].split("</main>")[0]


def test_staff_have_no_funder_dashboard(web):
    assert web("coordinator").get("/financement/").status_code == 403


def test_funder_agreement_page_suppresses_small_actuals(web, world):
    html = web("funder").get(f"/ententes/{world.agreement.pk}/").content.decode()
    assert "Cibles et résultats" in html
    assert world.participant.code not in html
    assert web("funder").get(f"/ententes/{world.other_agreement.pk}/").status_code == 404
