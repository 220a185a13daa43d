"""Platform host: /billing/..."""

from django.urls import path

from billing.webhooks import stripe_webhook

app_name = "billing_public"

urlpatterns = [
    path("stripe/webhook/", stripe_webhook, name="stripe-webhook"),
]
