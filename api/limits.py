"""Input limits: what a request may weigh and how often it may write.

- RequestLimitsMiddleware: a body over REQUEST_MAX_BODY_BYTES (JSON: REQUEST_MAX_JSON_BYTES) is
  refused with 413 before it is read; a NUL character in the query string or path is a 400 naming
  the parameter (PostgreSQL refuses NUL in text, which would otherwise surface as a 500), and so is
  an API query parameter given more than once.
- JSONParser: JSON nested deeper than JSON_MAX_DEPTH, or with a NUL character in any key or string,
  is a 400 parse error (Python's parser would raise RecursionError on very deep input: a 500).
- RegionShareMiddleware: one region's burst cannot take a worker's every thread (off unless
  REGION_MAX_ACTIVE is set).
- WriteUserThrottle / WriteIPThrottle: unsafe methods per account (its token or session) and per
  client address, each region counting on its own (cache keys carry the schema); 429 with
  Retry-After through api.exceptions.
"""

import collections
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.http_errors import error_response, payload_too_large


def _body_limit(content_type: str) -> int:
    if content_type.split(";")[0].strip().lower().endswith("json"):
        return settings.REQUEST_MAX_JSON_BYTES
    return settings.REQUEST_MAX_BODY_BYTES


def nul_message() -> str:
    return _("Le caractère NUL n'est pas permis.")


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(
                request, status=400, code="bad_request", detail=_("En-tête Content-Length invalide.")
            )
        if length > _body_limit(request.META.get("CONTENT_TYPE", "")):
            return payload_too_large(request)
        if "\x00" in request.path:
            return error_response(request, status=400, code="invalid", detail=nul_message())
        fields = {}
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                fields[key.replace("\x00", "")] = [nul_message()]
            elif len(values) > 1 and request.path.startswith("/api/"):
                # Every API parameter takes one value: which of several would win is nobody's guess.
                fields[key] = [_("Ce paramètre ne peut être donné qu'une fois.")]
        if fields:
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Paramètres de requête invalides."), "code": "invalid", "fields": fields},
                    status=400,
                )
            return error_response(request, status=400, code="invalid", detail=nul_message())
        return self.get_response(request)


def _check(data, max_depth: int) -> None:
    """Depth and NUL checks without recursion (the input may be nested arbitrarily deep)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(
                    _("JSON trop imbriqué (profondeur maximale : %(depth)s).") % {"depth": max_depth}
                )
            items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
            for key, item in items:
                if key is not None and "\x00" in key:
                    raise ParseError(nul_message())
                stack.append((item, depth + 1))
        elif isinstance(value, str) and "\x00" in value:
            raise ParseError(nul_message())


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON trop imbriqué (profondeur maximale : %(depth)s).")
                % {"depth": settings.JSON_MAX_DEPTH}
            ) from None
        _check(data, settings.JSON_MAX_DEPTH)
        return data


class WriteUserThrottle(SimpleRateThrottle):
    """Writes per account: a token (or a session) cannot flood a region."""

    scope = "write"
    # None: read from the settings at each request (DRF binds them when the module is first imported,
    # which may be under a test's temporary settings).
    THROTTLE_RATES = None

    def get_rate(self):
        rates = (
            self.THROTTLE_RATES if self.THROTTLE_RATES is not None else api_settings.DEFAULT_THROTTLE_RATES
        )
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No throttle rate set for the {self.scope!r} scope.")
        return rates[self.scope]

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class WriteIPThrottle(WriteUserThrottle):
    """Writes per client address, whoever is logged in (and the anonymous)."""

    scope = "write_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class RegionShareMiddleware:
    """Fair share between regions: at most REGION_MAX_ACTIVE requests of one region run at once in
    this process (0, the default: no limit). A region's burst then waits for its own turn (up to
    REGION_QUEUE_SECONDS, then 429 + Retry-After) instead of taking every thread and CPU slice of the
    worker from the other regions. Meant with gunicorn threads well above the limit, so that waiting
    requests never hold the last free thread."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.active: collections.Counter = collections.Counter()
        self.changed = threading.Condition()

    def __call__(self, request):
        limit = settings.REGION_MAX_ACTIVE
        region = getattr(request, "tenant", None)
        if not limit or region is None:
            return self.get_response(request)
        key = region.schema_name
        with self.changed:
            if not self.changed.wait_for(
                lambda: self.active[key] < limit, timeout=settings.REGION_QUEUE_SECONDS
            ):
                return error_response(
                    request,
                    status=429,
                    code="region_busy",
                    detail=_("Cet espace reçoit trop de requêtes à la fois ; réessayez dans un instant."),
                    headers={"Retry-After": "1"},
                )
            self.active[key] += 1
        try:
            return self.get_response(request)
        finally:
            with self.changed:
                self.active[key] -= 1
                self.changed.notify_all()
