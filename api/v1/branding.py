"""`/api/v1/branding/`: the current region's display name, colours, language and logo.

GET for anyone on the region's host (the public service map is branded); PATCH by the region
admin. It only ever touches `request.tenant`, the Region row of the host.
"""

import xml.etree.ElementTree as ET  # noqa: S405 - DTDs/entities are refused before parsing

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from api.permissions import RolePermission
from tenants.models import Region, hex_colour
from tenants.services import region_branding_update

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


def logo_max_bytes() -> int:
    return getattr(settings, "BRANDING_LOGO_MAX_BYTES", 512 * 1024)


def _svg_problem(data: bytes) -> str | None:
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


class BrandingSerializer(serializers.ModelSerializer):
    logo = serializers.FileField(required=False, allow_null=True, use_url=True)
    primary_color = serializers.CharField(required=False, validators=[hex_colour])
    secondary_color = serializers.CharField(required=False, validators=[hex_colour])
    name = serializers.CharField(max_length=200, required=False)

    class Meta:
        model = Region
        fields = ["slug", "name", "logo", "primary_color", "secondary_color", "default_language"]
        read_only_fields = ["slug"]

    def validate_logo(self, upload):
        if upload is None:
            return None
        if upload.size > logo_max_bytes():
            raise serializers.ValidationError(
                _("Le logo dépasse la taille permise (%(max)s Kio).") % {"max": logo_max_bytes() // 1024}
            )
        data = upload.read()
        kind = sniff_logo(data)
        if kind is None:
            raise serializers.ValidationError(_("Le logo doit être une image PNG, JPEG ou SVG."))
        if kind == "svg":
            problem = _svg_problem(data)
            if problem:
                raise serializers.ValidationError(
                    _("Ce SVG est refusé : il contient un élément non permis (%(what)s).") % {"what": problem}
                )
        return ContentFile(data, name=f"logo.{kind}")


class BrandingPermission(RolePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return AllowAny().has_permission(request, view)
        return super().has_permission(request, view)


class BrandingView(APIView):
    permission_classes = [BrandingPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    read_roles = frozenset()  # reads are public (see BrandingPermission)
    write_roles = frozenset({Role.REGION_ADMIN})

    @extend_schema(responses=BrandingSerializer, auth=[], tags=["branding"])
    def get(self, request):
        return Response(BrandingSerializer(request.tenant, context={"request": request}).data)

    @extend_schema(request=BrandingSerializer, responses=BrandingSerializer, tags=["branding"])
    def patch(self, request):
        serializer = BrandingSerializer(
            request.tenant, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        region = region_branding_update(region=request.tenant, data=serializer.validated_data)
        return Response(BrandingSerializer(region, context={"request": request}).data)
