"""A region's host (<slug>.BASE_DOMAIN): that region's schema."""

from django.contrib import admin
from django.urls import include, path, re_path

from api.exceptions import api_not_found
from tenants.views import home

admin.site.site_header = "Ancrage"

# A crash under /api/ still answers JSON.
handler500 = "api.exceptions.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/billing/", include("billing.urls_tenant")),
    path("api/v1/", include("api.urls")),
    # Any other /api/ path: a JSON 404, never an HTML page.
    re_path(r"^api/", api_not_found),
]
