"""Every request gets an id (X-Request-ID, kept from nginx when well-formed) and one JSON log line:
method, route, status, duration, region schema, user id and role. No path parameters beyond the
route pattern, no query string, no name, no e-mail."""

import logging
import re
import time
import uuid

from config.logging import request_id_var, role_var, user_id_var

logger = logging.getLogger("ancrage.request")
REQUEST_ID_HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex characters; anything else from outside is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def _user_of(request):
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return None


def bind_user(user) -> None:
    """Put the authenticated user's id and role in the log and Sentry context (no name, no e-mail)."""
    user_id_var.set(user.pk)
    role_var.set(getattr(user, "role", "") or "")
    try:
        import sentry_sdk

        sentry_sdk.get_isolation_scope().set_user({"id": user.pk})
        sentry_sdk.get_isolation_scope().set_tag("role", getattr(user, "role", "") or "")
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        pass


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        tokens = [request_id_var.set(request_id), user_id_var.set(None), role_var.set("")]
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            self._log(request, 500, started)
            raise
        finally:
            # DRF authenticates inside the view; the user is known by now.
            user = _user_of(request)
            if user is not None:
                bind_user(user)
        response[REQUEST_ID_HEADER] = request_id
        self._log(request, response.status_code, started)
        for var, token in zip((request_id_var, user_id_var, role_var), tokens, strict=True):
            var.reset(token)
        return response

    @staticmethod
    def _log(request, status: int, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                # The route pattern (participants/<pk>/), never the query string.
                "route": match.route.replace("^", "").replace("$", "")
                if match is not None
                else request.path_info.split("?", 1)[0],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
