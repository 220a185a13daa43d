"""Request routing by host: health checks first, then exactly one schema per request."""

import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tenants.middleware.main import TenantMainMiddleware

from tenants.models import Domain, Region
from tenants.routing import region_for_host, tenant_activate


class HealthCheckMiddleware:
    """/healthz (liveness) and /readyz (database reachable) on the platform's and every region's host.

    They run before the region lookup. /healthz on the platform host touches no database; on a
    region's host it checks the host once (then remembers it for a while), and if the database is
    down it still answers: liveness must not depend on the database. Unknown hosts get a 404.
    """

    KNOWN_HOST_TTL = 60.0
    _known_hosts: dict[str, float] = {}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in ("/healthz", "/readyz"):
            return self.get_response(request)
        host = request.META.get("HTTP_HOST", "").rsplit(":", 1)[0].lower()
        if request.path == "/healthz":
            if not self._is_served_host(host, database_down_means_served=True):
                return self._unknown(request)
            return JsonResponse({"status": "ok"})
        try:
            if not self._is_served_host(host, database_down_means_served=False):
                return self._unknown(request)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})

    def _is_served_host(self, host: str, *, database_down_means_served: bool) -> bool:
        if host == settings.BASE_DOMAIN:
            return True
        if self._known_hosts.get(host, 0.0) > time.monotonic():
            return True
        try:
            known = Domain.objects.filter(domain=host).exists()
        except DatabaseError:
            if database_down_means_served:
                return True
            raise
        if known:
            self._known_hosts[host] = time.monotonic() + self.KNOWN_HOST_TTL
        return known

    @staticmethod
    def _unknown(request):
        return _error_response(
            request,
            status=404,
            code="unknown_host",
            detail=_("Aucun espace Ancrage ne répond à cette adresse."),
        )


def _error_response(request, *, status: int, code: str, detail: str) -> HttpResponse:
    # These answers come before LocaleMiddleware runs: pick the request's language here.
    with translation.override(translation.get_language_from_request(request)):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(detail), "code": code}, status=status)
        html = render_to_string("tenants/error.html", {"status": status, "detail": detail}, request=request)
    return HttpResponse(html, status=status)


class RegionMiddleware(TenantMainMiddleware):
    """Picks the region's schema from the host; unknown hosts get a 404, never the platform.

    The host's region comes from tenants.routing (no query once warm) and the connection is pointed
    at its schema once per request: one `SET search_path`, with the first query, if any.
    """

    def process_request(self, request):
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            connection.set_schema_to_public()
            return self.no_tenant_found(request, request.META.get("HTTP_HOST", ""))
        region = region_for_host(hostname)
        if region is None:
            connection.set_schema_to_public()
            return self.no_tenant_found(request, hostname)
        region.domain_url = hostname
        request.tenant = region
        tenant_activate(region)
        self.setup_url_routing(request)
        return self._refuse_suspended(request)

    def no_tenant_found(self, request, hostname):
        return _error_response(
            request,
            status=404,
            code="unknown_host",
            detail=_("Aucun espace Ancrage ne répond à cette adresse."),
        )

    @staticmethod
    def _refuse_suspended(request):
        region = getattr(request, "tenant", None)
        if region is not None and region.status == Region.Status.SUSPENDED:
            return _error_response(
                request,
                status=403,
                code="region_suspended",
                detail=_(
                    "Cet espace régional est suspendu. Ses données sont conservées ; "
                    "communiquez avec l'équipe Ancrage pour le réactiver."
                ),
            )
        return None
