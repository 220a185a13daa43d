"""Platform host: /api/v1/platform/billing/ (every region's billing state)."""

from django.urls import path

from billing.api import PlatformBillingListView

app_name = "billing_platform"

urlpatterns = [
    path("", PlatformBillingListView.as_view(), name="list"),
]
