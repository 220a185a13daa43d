"""/api/v1/branding/: read by anyone on the region's host, changed by the region admin only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from tenants.models import Region

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
SVG_OK = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#1d4f91"/></svg>'


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES}  # resets the storage so it sees the new root
    return tmp_path


def test_anyone_reads_branding_of_the_host_region(api, region_a, region_b):
    body = api("anonymous").get("/api/v1/branding/").json()
    assert body["slug"] == "alpha"
    assert body["name"] == "Région Alpha"
    assert body["primary_color"].startswith("#")
    other = api("anonymous", host="beta-nord.localhost").get("/api/v1/branding/").json()
    assert other["slug"] == "beta-nord"


def test_region_admin_changes_colours_of_own_region_only(api, region_a, region_b):
    response = api(Role.REGION_ADMIN).patch(
        "/api/v1/branding/", {"primary_color": "#004B87", "name": "Alpha"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["primary_color"] == "#004B87"
    assert Region.objects.get(slug="alpha").primary_color == "#004B87"
    assert Region.objects.get(slug="beta-nord").primary_color != "#004B87"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.AGENT, Role.FUNDER])
def test_other_roles_cannot_change_branding(api, region_a, role):
    response = api(role).patch("/api/v1/branding/", {"primary_color": "#000000"}, format="json")
    assert response.status_code == 403


def test_anonymous_cannot_change_branding(api, region_a):
    assert (
        api("anonymous").patch("/api/v1/branding/", {"primary_color": "#000000"}, format="json").status_code
        == 401
    )


@pytest.mark.parametrize("colour", ["red", "#12345", "#1234567", "#GGGGGG", "1d4f91", "#1d4f91;x"])
@pytest.mark.parametrize(("language", "message"), [("fr", "#RRGGBB"), ("en", "#RRGGBB")])
def test_colour_must_be_hex(api, region_a, colour, language, message):
    response = api(Role.REGION_ADMIN, language=language).patch(
        "/api/v1/branding/", {"secondary_color": colour}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["fields"]["secondary_color"][0]


def test_colour_message_in_english(api, region_a):
    response = api(Role.REGION_ADMIN, language="en").patch(
        "/api/v1/branding/", {"primary_color": "red"}, format="json"
    )
    assert response.json()["fields"]["primary_color"] == ["Colour expected as #RRGGBB."]


@pytest.mark.parametrize(
    ("content", "name", "extension"),
    [(PNG, "a.png", "png"), (JPEG, "b.jpeg", "jpg"), (SVG_OK, "c.svg", "svg")],
)
def test_logo_png_jpeg_svg_accepted(api, region_a, media, content, name, extension):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = api(Role.REGION_ADMIN).patch("/api/v1/branding/", {"logo": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["logo"].endswith(f".{extension}")
    stored = Region.objects.get(slug="alpha").logo
    # stored under the region's own media folder
    assert stored.path.startswith(str(media / "alpha"))
    assert stored.read() == content


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"GIF89a" + b"\x00" * 20, "PNG"),
        (b"<html><script>alert(1)</script></html>", "PNG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "onload"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://evil.test/x.png"/></svg>', "image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>', "<a>"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
            "foreignobject",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://evil.test/x)"/></svg>',
            "style",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "DOCTYPE",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "XML"),
    ],
)
def test_bad_logo_refused(api, region_a, media, content, fragment):
    upload = SimpleUploadedFile("logo.svg", content, content_type="image/svg+xml")
    response = api(Role.REGION_ADMIN).patch("/api/v1/branding/", {"logo": upload}, format="multipart")
    assert response.status_code == 400
    assert fragment.lower() in response.json()["fields"]["logo"][0].lower()
    assert not Region.objects.get(slug="alpha").logo


def test_logo_size_limited(api, region_a, media, settings):
    settings.BRANDING_LOGO_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * 2048, content_type="image/png")
    response = api(Role.REGION_ADMIN, language="en").patch(
        "/api/v1/branding/", {"logo": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "larger than allowed" in response.json()["fields"]["logo"][0]


def test_logo_removed_with_null(api, region_a, media):
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    api(Role.REGION_ADMIN).patch("/api/v1/branding/", {"logo": upload}, format="multipart")
    response = api(Role.REGION_ADMIN).patch("/api/v1/branding/", {"logo": None}, format="json")
    assert response.status_code == 200
    assert response.json()["logo"] is None


def test_logo_rules_are_the_services_own(region_a, media):
    """Any caller (API, back office, wizard) gets the same refusal: the rules live in the service."""
    from django.core.files.base import ContentFile

    from tenants.errors import BrandingError
    from tenants.services import region_branding_update

    region = Region.objects.get(slug="alpha")
    bad = ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', name="x.svg")
    with pytest.raises(BrandingError) as caught:
        region_branding_update(region=region, logo=bad)
    assert (caught.value.code, caught.value.field) == ("logo_svg_refused", "logo")
    with pytest.raises(BrandingError) as caught:
        region_branding_update(region=region, schema_name="public")
    assert (caught.value.code, caught.value.field) == ("invalid", "schema_name")
    region.refresh_from_db()
    assert not region.logo
    assert region.schema_name != "public"
