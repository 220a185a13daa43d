"""region_onboard(): provision, open the trial and invite, all or nothing, reporting each step."""

import pytest
from django.db import connection
from django_tenants.utils import schema_exists

from billing.models import BillingAccount
from onboarding import services as onboarding
from onboarding.services import ONBOARDING_STEPS, region_onboard
from tenants.models import Domain, Region

pytestmark = pytest.mark.django_db


def test_onboarding_reports_every_step_and_invites_the_first_admin(
    mailoutbox, django_capture_on_commit_callbacks
):
    connection.set_schema_to_public()
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        onboarded = region_onboard(
            slug="abitibi-essai",
            name="Abitibi",
            admin_email="direction@abitibi.test",
            progress=lambda step, message: seen.append((step, message)),
        )
    assert [step for step, _message in seen] == list(ONBOARDING_STEPS)
    assert all(message for _step, message in seen)
    account = BillingAccount.objects.get(region=onboarded.region)
    assert (account.plan, account.status) == ("essentiel", "trialing")
    assert onboarded.admin_setup_url.startswith("http://abitibi-essai.localhost:8000/compte/mot-de-passe/")
    assert [mail.to for mail in mailoutbox] == [["direction@abitibi.test"]]
    assert onboarded.admin_setup_url in mailoutbox[0].body


def test_a_billing_failure_leaves_no_region_behind(monkeypatch, mailoutbox):
    def trial_fails(**kwargs):
        raise RuntimeError("billing down")

    monkeypatch.setattr(onboarding, "billing_account_open", trial_fails)
    connection.set_schema_to_public()
    before = (Region.objects.count(), Domain.objects.count(), BillingAccount.objects.count())
    with pytest.raises(RuntimeError, match="billing down"):
        region_onboard(slug="temiscamingue", name="Témiscamingue", admin_email="a@temiscamingue.test")
    # the schema, the domain and the first admin were made, then all undone with the trial
    assert (Region.objects.count(), Domain.objects.count(), BillingAccount.objects.count()) == before
    assert not schema_exists("temiscamingue")
    assert connection.schema_name == "public"
    assert mailoutbox == []
