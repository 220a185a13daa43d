"""Platform host (public schema): /api/v1/..."""

from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api.auth import TokenView
from api.platform.billing import PlatformBillingListView
from api.platform.network import NetworkIndicatorsView
from api.platform.regions import RegionViewSet

router = SimpleRouter()
router.register("platform/regions", RegionViewSet, basename="platform-region")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    # The schema describes this host's own routes (its urlconf), not the region hosts'.
    path("schema/", SpectacularAPIView.as_view(urlconf=settings.PUBLIC_SCHEMA_URLCONF), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("platform/billing/", PlatformBillingListView.as_view(), name="platform-billing"),
    path("network/indicators/", NetworkIndicatorsView.as_view(), name="network-indicators"),
    *router.urls,
]
