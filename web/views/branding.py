"""The region's logo, served from the region's own storage (uploads live under its schema)."""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

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
