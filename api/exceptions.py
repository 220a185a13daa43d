"""One exception handler for the whole API: every error is `{"detail", "code"}`.

Validation errors add `"fields"`: `{"<field>": ["message", ...]}` (nested serializers nest), so a
client can show each message beside its input. Messages are translated in the request's language
(LocaleMiddleware has already activated it from Accept-Language).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from config.errors import CodedError

# Errors raised by services (core, tenants, billing: one family, config.errors.CodedError) with a
# stable `code`, a translated `detail` and the `field` at fault.
# All are bad input (400: the contract says "400 for a taken, reserved or invalid slug"), except:
_CODED_ERROR_STATUS = {
    "billing_stripe_unavailable": status.HTTP_502_BAD_GATEWAY,
    "billing_read_only": status.HTTP_402_PAYMENT_REQUIRED,
    "conflict": status.HTTP_409_CONFLICT,
}


def _field_messages(detail):
    """ErrorDetail trees -> plain strings, keeping the nesting of the serializer."""
    if isinstance(detail, dict):
        return {key: _field_messages(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [str(item) for item in detail]
        return [_field_messages(item) for item in detail]
    return [str(detail)]


def _first_code(codes) -> str:
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    return str(codes) if codes else "invalid"


def validation_error_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    fields = _field_messages(detail if isinstance(detail, dict) else {"non_field_errors": detail})
    non_field = fields.get("non_field_errors")
    if non_field and len(fields) == 1 and isinstance(non_field[0], str):
        # A single error about the whole input (e.g. wrong credentials): its own message and code.
        return {"detail": non_field[0], "code": _first_code(exc.get_codes()), "fields": fields}
    message = _("Certaines données sont invalides ; voir les messages par champ.")
    return {"detail": message, "code": "invalid", "fields": fields}


def django_validation_detail(exc: DjangoValidationError) -> dict:
    """Django's ValidationError as DRF detail: `__all__` (constraints, clean()) -> non_field_errors."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def _from_django_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(django_validation_detail(exc))


def _body_for(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        return validation_error_body(exc)
    detail = exc.detail
    if isinstance(detail, dict | list):
        # Another APIException raised with structured detail: keep it under "fields".
        return {
            "detail": str(exc.default_detail),
            "code": exc.default_code,
            "fields": _field_messages(detail),
        }
    return {"detail": str(detail), "code": getattr(detail, "code", None) or exc.default_code}


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Ressource introuvable."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = _from_django_validation_error(exc)
    elif isinstance(exc, ProtectedError | RestrictedError):
        # Deleting a row others depend on (an agreement with deliverables, a partner with services):
        # refused by the database's PROTECT, answered as a conflict instead of a 500.
        set_rollback()
        return Response(
            {"detail": _("Impossible de supprimer : d'autres données en dépendent."), "code": "protected"},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, CodedError):
        set_rollback()
        body = _coded_error_body(exc)
        return Response(body, status=_CODED_ERROR_STATUS.get(body["code"], status.HTTP_400_BAD_REQUEST))

    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: let Django's 500 handling (and Sentry) see it

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    return Response(_body_for(exc), status=exc.status_code, headers=headers)


def _coded_error_body(exc: CodedError) -> dict:
    body = {"detail": str(exc.detail), "code": str(exc.code)}
    if exc.field:
        body["fields"] = {exc.field: [body["detail"]]}
    return body


@csrf_exempt  # an unknown path is a 404 for every method, not a CSRF failure
def api_not_found(request, *args, **kwargs):
    """JSON 404 for any /api/ path no route matches, on every host: never Django's HTML page.

    A path that only lacks its trailing slash is redirected with 308, which keeps the method and
    body (CommonMiddleware's APPEND_SLASH cannot, and never sees it since this view matches).
    """
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/", urlconf=getattr(request, "urlconf", None))
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            target = request.path + "/"
            if request.META.get("QUERY_STRING"):
                target += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(target, status=308)
    return JsonResponse({"detail": _("Ressource introuvable."), "code": "not_found"}, status=404)
