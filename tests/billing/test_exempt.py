"""What a read-only region may still write to is marked on the views (@billing_exempt), nowhere else."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from billing.exempt import billing_exempt, is_billing_exempt


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def test_the_exempt_views_are_exactly_login_billing_and_law_25():
    exempt = {
        route
        for route, view in _routes(get_resolver("config.urls_tenants").url_patterns)
        if is_billing_exempt(view, "POST")
    }
    assert exempt == {
        "admin/login/",
        "admin/logout/",
        "api/v1/auth/token/",
        "api/v1/billing/status/",
        "api/v1/billing/checkout/",
        "api/v1/billing/portal/",
        "api/v1/participants/(?P<pk>[^/.]+)/erase/",
        "api/v1/participants/(?P<pk>[^/.]+)/withdraw-consent/",
        "compte/mot-de-passe/<uidb64>/<token>/",
        "connexion/",
        "deconnexion/",
        "mot-de-passe/oublie/",
        "langue/",
        "participants/<int:pk>/retrait/",
        "participants/<int:pk>/effacement/",
        # the billing page's checkout and portal buttons
        "facturation/abonnement/",
        "facturation/portail/",
    }


def test_a_viewset_action_marker_covers_that_action_only():
    from api.v1.participants import ParticipantViewSet

    erase = ParticipantViewSet.as_view({"post": "erase"})
    create = ParticipantViewSet.as_view({"get": "list", "post": "create"})
    assert is_billing_exempt(erase, "POST")
    assert not is_billing_exempt(create, "POST")


def test_marker_wraps_bound_methods_and_marks_functions():
    class Site:
        def login(self, request):
            return "logged in"

    wrapped = billing_exempt(Site().login)
    assert wrapped("request") == "logged in"
    assert is_billing_exempt(wrapped, "POST")

    def plain(request):
        return request

    assert billing_exempt(plain) is plain
    assert is_billing_exempt(plain, "POST")


@pytest.mark.django_db
def test_an_unmarked_write_is_refused_with_402(admin_a, account_a):
    from datetime import timedelta

    from django.utils import timezone

    from billing.models import BillingAccount

    BillingAccount.objects.filter(pk=account_a.pk).update(
        status="unpaid", past_due_since=timezone.now() - timedelta(days=20)
    )
    response = admin_a.post(
        "/api/v1/partners/", {"name": "Nouvel organisme"}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (402, "billing_read_only")
