"""Region host: /api/v1/billing/ (the region admin's billing)."""

from django.urls import path

from billing.api import BillingCheckoutView, BillingPortalView, BillingStatusView

app_name = "billing"

urlpatterns = [
    path("status/", BillingStatusView.as_view(), name="status"),
    path("checkout/", BillingCheckoutView.as_view(), name="checkout"),
    path("portal/", BillingPortalView.as_view(), name="portal"),
]
