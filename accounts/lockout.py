"""Lockout after repeated failed logins (django-axes), per region.

Axes counts failures in the schema of the host (its tables are in every schema) under the key
"<schema>:<e-mail>", so failures on one region never lock the same e-mail on another region or
on the platform. The answer is a 429 in the request's language: JSON on /api/, a page elsewhere.
"""

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_username(request, credentials: dict | None) -> str:
    """The e-mail tried, whatever the form calls it (admin: username, API and web: email)."""
    credentials = credentials or {}
    email = credentials.get("email") or credentials.get("username")
    if not email and request is not None:
        data = getattr(request, "POST", None) or {}
        email = data.get("email") or data.get("username")
    email = (email or "").strip().lower()
    return f"{connection.schema_name}:{email}"


def lockout_minutes(request=None) -> int:
    cool_off = get_cool_off(request)
    return math.ceil(cool_off.total_seconds() / 60) if cool_off else 0


def lockout_message(request=None) -> str:
    return _(
        "Trop de tentatives de connexion échouées. Par sécurité, ce compte est bloqué sur cet "
        "espace pendant %(minutes)s minutes ; réessayez ensuite ou communiquez avec la direction "
        "de votre organisme."
    ) % {"minutes": lockout_minutes(request)}


def lockout_response(request, original_response=None, credentials=None):
    status = 429
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(request), "code": "account_locked"}, status=status)
    else:
        response = render(
            request,
            "accounts/lockout.html",
            {"message": lockout_message(request), "minutes": lockout_minutes(request)},
            status=status,
        )
    cool_off = get_cool_off(request)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, for logins that come with a request (every HTTP login: the web login form,
    the admin, the token endpoint). A login without one (the test client's login(), a shell) has
    no client to count against and goes straight to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
