"""Region host: /api/v1/..."""

from django.conf import settings
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from api.auth import TokenView
from api.v1.branding import BrandingView

router = SimpleRouter()

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("schema/", SpectacularAPIView.as_view(urlconf=settings.ROOT_URLCONF), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("branding/", BrandingView.as_view(), name="branding"),
    *router.urls,
]
