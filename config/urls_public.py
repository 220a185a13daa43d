"""Platform host (BASE_DOMAIN): public schema."""

from django.urls import include, path, re_path

from api.exceptions import api_not_found
from tenants.admin import platform_admin_site
from tenants.views import home

# A crash under /api/ still answers JSON.
handler500 = "api.exceptions.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("admin/", platform_admin_site.urls),
    path("billing/", include("billing.urls_public")),
    path("api/v1/", include("api.urls_public")),
    # Any other /api/ path: a JSON 404, never an HTML page.
    re_path(r"^api/", api_not_found),
]
