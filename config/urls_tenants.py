"""A region's host (<slug>.BASE_DOMAIN): that region's schema."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from api.exceptions import api_not_found
from tenants.views import home

admin.site.site_header = "Ancrage"

# A crash under /api/ still answers JSON.
handler500 = "api.exceptions.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    # The first admin (and anyone whose password is reset) chooses a password here.
    path(
        "compte/mot-de-passe/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url="/compte/mot-de-passe/termine/"),
        name="account_setup",
    ),
    path(
        "compte/mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("reports/", include("core.reports.urls")),
    path("api/v1/billing/", include("billing.urls_tenant")),
    path("api/v1/", include("api.urls")),
    # The service map as open data (Open Referral HSDS 3.0), public.
    path("api/hsds/", include("api.hsds.urls")),
    # Any other /api/ path: a JSON 404, never an HTML page.
    re_path(r"^api/", api_not_found),
]
