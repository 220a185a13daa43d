"""Platform host (BASE_DOMAIN): public schema."""

from django.urls import include, path, re_path

from api.exceptions import api_not_found
from tenants.admin import platform_admin_site

# Django's own errors under /api/ answer JSON too (a database outage is a 503).
handler400 = "api.http_errors.bad_request"
handler403 = "api.http_errors.permission_denied"
handler404 = "api.http_errors.page_not_found"
handler500 = "api.http_errors.server_error"

urlpatterns = [
    # Language switcher of the pages (POST, then back to the page).
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", platform_admin_site.urls),
    path("billing/", include("billing.urls_public")),
    path("api/v1/", include("api.urls_public")),
    # Any other /api/ path: a JSON 404, never an HTML page.
    re_path(r"^api/", api_not_found),
    # The platform's pages: login, regions, onboarding wizard.
    path("", include("web.urls_platform")),
]
