"""Writes on a region's row (public schema) other than onboarding, which is tenants.provisioning."""

import xml.etree.ElementTree as ET  # noqa: S405 - DTDs/entities are refused before parsing

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.errors import BrandingError, BrandingErrorCode
from tenants.models import Region

BRANDING_FIELDS = ("name", "primary_color", "secondary_color", "default_language")

# What an SVG logo may contain: shapes, text, gradients. No script, no foreignObject, no external
# reference, no event handler: anything else is refused (never silently rewritten).
SVG_TAGS = frozenset(
    "svg g path rect circle ellipse line polyline polygon text tspan defs title desc "
    "lineargradient radialgradient stop clippath mask symbol use style".split()
)
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


@transaction.atomic
def region_suspend(*, region: Region) -> Region:
    """The region's host answers 403 from now on; every row of it is kept."""
    region.status = Region.Status.SUSPENDED
    region.save(update_fields=["status", "updated_at"])
    return region


@transaction.atomic
def region_reactivate(*, region: Region) -> Region:
    region.status = Region.Status.ACTIVE
    region.save(update_fields=["status", "updated_at"])
    return region


@transaction.atomic
def region_branding_update(*, region: Region, **fields) -> Region:
    """Change the region's own name, colours, language and logo; a replaced logo file is deleted
    on commit.

    `logo`: an uploaded file (PNG, JPEG or a harmless SVG, within BRANDING_LOGO_MAX_BYTES), None
    to remove the logo, absent to keep it.
    """
    unknown = set(fields) - {*BRANDING_FIELDS, "logo"}
    if unknown:
        raise BrandingError(
            BrandingErrorCode.INVALID,
            _("Champs non modifiables : %(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    changed = [name for name in BRANDING_FIELDS if name in fields]
    for name in changed:
        setattr(region, name, fields[name])
    if "logo" in fields:
        old = region.logo.name
        if fields["logo"] is None:
            region.logo = ""
        else:
            logo = logo_checked(fields["logo"])
            region.logo.save(logo.name, logo, save=False)
        changed.append("logo")
        if old:
            transaction.on_commit(lambda: region.logo.storage.delete(old))
    try:
        region.full_clean(exclude=["schema_name", "slug"], validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise BrandingError(BrandingErrorCode.INVALID, " ".join(messages), field=field) from None
    region.save(update_fields=[*changed, "updated_at"])
    return region


def logo_checked(upload) -> ContentFile:
    """The logo's bytes, named by their real type, or the reason it is refused."""
    max_bytes = settings.BRANDING_LOGO_MAX_BYTES
    if upload.size > max_bytes:
        raise BrandingError(
            BrandingErrorCode.LOGO_TOO_LARGE,
            _("Le logo dépasse la taille permise (%(max)s Kio).") % {"max": max_bytes // 1024},
            field="logo",
        )
    upload.seek(0)  # it may have been read already (checked once by a form, then saved)
    data = upload.read()
    kind = sniff_logo(data)
    if kind is None:
        raise BrandingError(
            BrandingErrorCode.LOGO_TYPE, _("Le logo doit être une image PNG, JPEG ou SVG."), field="logo"
        )
    if kind == "svg":
        problem = svg_problem(data)
        if problem:
            raise BrandingError(
                BrandingErrorCode.LOGO_SVG_REFUSED,
                _("Ce SVG est refusé : il contient un élément non permis (%(what)s).") % {"what": problem},
                field="logo",
            )
    return ContentFile(data, name=f"logo.{kind}")


def sniff_logo(data: bytes) -> str | None:
    """The logo's real type from its bytes (never from its name or Content-Type)."""
    if data.startswith(PNG_MAGIC):
        return "png"
    if data.startswith(JPEG_MAGIC):
        return "jpg"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        return "svg"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why an SVG is refused, or None when it holds only harmless drawing elements."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return "DOCTYPE/ENTITY"
    try:
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError:
        return "XML"
    if root.tag not in ("svg", f"{SVG_NS}svg"):
        return root.tag
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS).lower() if isinstance(element.tag, str) else "?"
        if tag not in SVG_TAGS:
            return f"<{tag}>"
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return local
            if (name == XLINK_HREF or local == "href") and not value.startswith("#"):
                return f"{local}={value[:40]}"
            if "url(" in value.replace(" ", "").lower() and "url(#" not in value.replace(" ", "").lower():
                return f"{local}={value[:40]}"
            if "javascript:" in value.lower() or "expression(" in value.lower():
                return local
        if tag == "style" and element.text and ("@import" in element.text or "url(" in element.text):
            return "<style>"
    return None
