"""The region's branding: its logo, served from the region's own storage (uploads live under its
schema), and the region admin's settings page with a live preview. The rules are the API's
(api.v1.branding.BrandingSerializer: colours, size limit, SVG checks), called, never copied."""

import base64

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.models import Role
from api.v1.branding import BrandingSerializer
from tenants.errors import BrandingError
from tenants.models import Region
from tenants.services import logo_checked, region_branding_update
from web.branding import AA_RATIO, Brand, contrast_ratio
from web.forms import WebForm

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}


@require_safe
def logo(request):
    region = request.tenant
    if region.is_public or not region.logo:
        raise Http404
    kind = region.logo.name.rsplit(".", 1)[-1].lower()
    try:
        handle = region.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(kind, "application/octet-stream"))
    # An SVG opened on its own runs nothing: no script, no outside request.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- the region admin's branding settings, with a live preview ---------------------------------


class BrandingForm(WebForm):
    """What the page shows; the rules are the API's (BrandingSerializer), applied in validate()."""

    name = forms.CharField(label=gettext_lazy("Nom affiché"), required=False)
    primary_color = forms.CharField(
        label=gettext_lazy("Couleur principale"),
        required=False,
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    secondary_color = forms.CharField(
        label=gettext_lazy("Couleur secondaire"),
        required=False,
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    default_language = forms.ChoiceField(
        label=gettext_lazy("Langue par défaut"), choices=Region._meta.get_field("default_language").choices
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo (PNG, JPEG ou SVG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Retirer le logo actuel"), required=False)

    def validate(self, region) -> dict | None:
        """The API's branding validation on this submit: its validated data, or None (errors added)."""
        if not self.is_valid():
            return None
        data = {
            key: self.cleaned_data[key]
            for key in ("name", "primary_color", "secondary_color", "default_language")
        }
        data = {key: value for key, value in data.items() if value not in ("", None)}
        if self.cleaned_data.get("logo") is not None:
            data["logo"] = self.cleaned_data["logo"]
        elif self.cleaned_data.get("remove_logo"):
            data["logo"] = None
        serializer = BrandingSerializer(region, data=data, partial=True)
        if serializer.is_valid():
            validated = dict(serializer.validated_data)
            if validated.get("logo") is not None:
                try:  # the service's own logo rules, so the preview never shows a refused file
                    validated["logo"] = logo_checked(validated["logo"])
                except BrandingError as error:
                    self.add_error("logo", error.detail)
                    return None
            return validated
        for field, errors in serializer.errors.items():
            self.add_error(field if field in self.fields else None, " ".join(str(e) for e in errors))
        return None


def _may_brand(request) -> None:
    if not request.user.is_authenticated or request.user.role != Role.REGION_ADMIN:
        raise PermissionDenied


def _preview_brand(region, data: dict) -> tuple[Brand, str]:
    """The brand as it would look with `data`, and the logo to show (a data: URL of a new upload)."""
    logo_src = "/image-de-marque/logo/" if region.logo else ""
    if "logo" in data:
        logo_src = ""
        if data["logo"] is not None:
            data["logo"].seek(0)
            content = data["logo"].read()
            kind = data["logo"].name.rsplit(".", 1)[-1]
            mime = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}[kind]
            logo_src = f"data:{mime};base64,{base64.b64encode(content).decode()}"
    brand = Brand(
        name=data.get("name", region.name),
        primary=data.get("primary_color", region.primary_color),
        secondary=data.get("secondary_color", region.secondary_color),
        logo_url=logo_src,
        default_language=data.get("default_language", region.default_language),
        is_platform=False,
    )
    return brand, logo_src


def _contrast_checks(brand: Brand) -> list[dict]:
    return [
        {
            "label": _("Texte du bandeau sur la couleur principale"),
            "ratio": round(contrast_ratio(brand.primary, brand.on_primary), 1),
        },
        {"label": _("Liens sur fond blanc"), "ratio": round(contrast_ratio(brand.link, "#ffffff"), 1)},
    ]


def _page(request, form, data, status=200):
    brand, logo_src = _preview_brand(request.tenant, data or {})
    context = {
        "form": form,
        "preview": brand,
        "preview_logo": logo_src,
        "checks": _contrast_checks(brand),
        "aa_ratio": AA_RATIO,
        "logo_max_kib": settings.BRANDING_LOGO_MAX_BYTES // 1024,
        "live": bool(request.htmx),
    }
    template = "web/includes/branding_preview.html" if request.htmx else "web/branding.html"
    return render(request, template, context, status=status)


@login_required
def branding_settings(request):
    _may_brand(request)
    region = request.tenant
    if request.method == "POST":
        form = BrandingForm(request.POST, request.FILES)
        data = form.validate(region)
        if data is None:
            return _page(request, form, {}, status=400)
        region_branding_update(region=region, **data)
        messages.success(request, _("Image de marque enregistrée."))
        return redirect("web:branding")
    form = BrandingForm(
        initial={
            "name": region.name,
            "primary_color": region.primary_color,
            "secondary_color": region.secondary_color,
            "default_language": region.default_language,
        }
    )
    return _page(request, form, {})


@login_required
def branding_preview(request):
    """The preview of what is typed, validated as the API would, nothing saved (htmx)."""
    _may_brand(request)
    if request.method != "POST":
        return redirect("web:branding")
    form = BrandingForm(request.POST, request.FILES)
    data = form.validate(request.tenant)
    return _page(request, form, data or {}, status=200)
