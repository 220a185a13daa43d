"""Django's own error paths (handler400/403/404/500 and CSRF_FAILURE_VIEW) under the API contract.

Whatever produced an error — a view, a middleware, CSRF, an oversized request, the database going
away — a path under /api/ answers JSON `{"detail", "code"}`; other paths get a page in the
request's language (French by default). DRF's own exceptions go through api.exceptions.
"""

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def error_response(request, *, status: int, code: str, detail: str, headers: dict | None = None):
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": str(detail), "code": code}, status=status)
    else:
        html = render_to_string("tenants/error.html", {"status": status, "detail": detail}, request=request)
        response = HttpResponse(html, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def database_unavailable(request):
    return error_response(
        request,
        status=503,
        code="service_unavailable",
        detail=_("Le service est momentanément indisponible ; réessayez dans quelques instants."),
        headers={"Retry-After": "30"},
    )


def bad_request(request, exception=None):
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return payload_too_large(request)
    return error_response(request, status=400, code="bad_request", detail=_("Requête invalide."))


def payload_too_large(request):
    return error_response(
        request,
        status=413,
        code="payload_too_large",
        detail=_("La requête dépasse la taille permise."),
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_response(
        request, status=403, code="permission_denied", detail=_("Vous n'avez pas accès à cette ressource.")
    )


def page_not_found(request, exception=None):
    return error_response(request, status=404, code="not_found", detail=_("Ressource introuvable."))


def server_error(request, *args, **kwargs):
    """handler500. Called inside Django's `except` block: a database that went away is a 503 (the
    next request reconnects by itself), anything else a 500."""
    import sys

    exc = sys.exc_info()[1]
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError) or (
            isinstance(exc, DatabaseError) and "connection" in str(exc).lower()
        ):
            return database_unavailable(request)
        exc = exc.__cause__ or exc.__context__
    return error_response(
        request,
        status=500,
        code="server_error",
        detail=_("Erreur interne ; l'équipe Ancrage en est avertie."),
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. Only session-authenticated writes are CSRF-checked (DRF exempts its views
    and checks CSRF for session authentication only): a token-authenticated call is never refused
    here, and a refused session one gets the JSON contract under /api/."""
    return error_response(
        request,
        status=403,
        code="csrf_failed",
        detail=_("Vérification CSRF échouée : rechargez la page et réessayez."),
    )
