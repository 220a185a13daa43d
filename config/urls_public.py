"""Platform host (BASE_DOMAIN): public schema."""

from django.urls import path

from tenants.admin import platform_admin_site
from tenants.views import home

urlpatterns = [
    path("", home, name="home"),
    path("admin/", platform_admin_site.urls),
]
