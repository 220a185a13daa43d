"""`region_onboard()`: what the platform API, `provision_region`, the demo and the wizard all call."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from billing.errors import BillingError
from billing.models import BillingAccount
from billing.plans import plan_get
from billing.services import billing_account_open, billing_setup_complete, billing_trial_message
from billing.tasks import setup_complete
from tenants.models import Region
from tenants.provisioning import (
    ProgressCallback,
    SchemaMethod,
    first_admin_invite,
    provision_region,
    region_host,
)

logger = logging.getLogger(__name__)

# Every step region_onboard reports, in order ("template" only when cloning, without a spare).
ONBOARDING_STEPS = ("template", "schema", "domain", "admin", "billing", "invite", "done")


def _no_progress(step: str, message: str) -> None:
    return None


@dataclass(frozen=True)
class Onboarded:
    region: Region
    # The first admin's one-time link to choose a password; None when a password was given.
    admin_setup_url: str | None


def billing_setup_start(region: Region) -> None:
    """Create the region's Stripe customer now; if Stripe does not answer, the region keeps its
    account setup_pending (full access) and the setup is retried later: by the task
    billing.setup_complete with backoff when a worker runs, else by `manage.py billing_setup_retry`
    or the platform admin's action. Onboarding never fails because Stripe is down."""
    account = BillingAccount.objects.get(region=region)
    try:
        billing_setup_complete(account=account)
    except BillingError:
        logger.warning("Stripe unavailable while onboarding %s: billing setup left pending", region.slug)
        if not settings.CELERY_TASK_ALWAYS_EAGER:  # without a broker, nothing would wait for the countdown
            setup_complete.apply_async(args=[account.pk], countdown=60)


def region_onboard(
    *,
    slug: str,
    name: str,
    admin_email: str,
    admin_password: str | None = None,
    branding: dict | None = None,
    plan: str | None = None,
    method: SchemaMethod = "pool",
    progress: ProgressCallback | None = None,
    verbosity: int = 0,
) -> Onboarded:
    """Provision the region, open its free trial on `plan` (default BILLING_DEFAULT_PLAN) in the
    same transaction, then e-mail the first admin their set-up link once it commits.

    `progress(step, message)` is called as each step of ONBOARDING_STEPS begins, then with "done".
    An unknown plan raises billing.errors.BillingError before anything is created; a provisioning
    error (tenants.errors.ProvisioningError) leaves nothing behind either.
    """
    report = progress or _no_progress
    plan = plan or settings.BILLING_DEFAULT_PLAN
    plan_get(plan)

    def open_trial(region: Region) -> None:
        report("billing", billing_trial_message(plan))
        billing_account_open(region=region, plan=plan)

    def provisioning_progress(step: str, message: str) -> None:
        if step != "done":  # said once the invitation is out
            report(step, message)

    region = provision_region(
        slug=slug,
        name=name,
        admin_email=admin_email,
        admin_password=admin_password,
        branding=branding,
        method=method,
        progress=provisioning_progress,
        within=open_trial,
        verbosity=verbosity,
    )
    billing_setup_start(region)
    report("invite", _("Invitation du premier compte : %(email)s") % {"email": admin_email})
    setup_url = first_admin_invite(region, admin_email=admin_email)
    report("done", _("Région %(name)s prête sur %(host)s") % {"name": region.name, "host": region_host(slug)})
    return Onboarded(region=region, admin_setup_url=setup_url)
