"""A region's host (<slug>.BASE_DOMAIN): that region's schema."""

from django.contrib import admin
from django.urls import include, path, re_path

from api.exceptions import api_not_found
from billing.exempt import billing_exempt
from web.views import auth as web_auth

admin.site.site_header = "Ancrage"

# Django's own errors under /api/ answer JSON too (a database outage is a 503).
handler400 = "api.http_errors.bad_request"
handler403 = "api.http_errors.permission_denied"
handler404 = "api.http_errors.page_not_found"
handler500 = "api.http_errors.server_error"

urlpatterns = [
    # People log in and out even when an unpaid bill makes the region read-only.
    path("admin/login/", billing_exempt(admin.site.login)),
    path("admin/logout/", billing_exempt(admin.site.admin_view(admin.site.logout))),
    path("admin/", admin.site.urls),
    # The first admin (and anyone whose password is reset) chooses a password here.
    path(
        "compte/mot-de-passe/<uidb64>/<token>/",
        billing_exempt(
            web_auth.PasswordResetConfirmView.as_view(success_url="/compte/mot-de-passe/termine/")
        ),
        name="account_setup",
    ),
    path(
        "compte/mot-de-passe/termine/",
        web_auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("reports/", include("web.urls_reports")),
    path("api/v1/", include("api.urls")),
    # Any other /api/ path: a JSON 404, never an HTML page.
    re_path(r"^api/", api_not_found),
    # The region's web app (its home page is the login or the dashboard).
    path("", include("web.urls")),
]
