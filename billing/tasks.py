"""Background work of billing (public schema): finishing a region's Stripe setup after an outage."""

import logging

from billing.errors import BillingError
from billing.models import BillingAccount
from billing.services import billing_setup_complete
from config.celery import app

logger = logging.getLogger(__name__)


@app.task(
    name="billing.setup_complete",
    autoretry_for=(BillingError,),
    # 1 min, 2, 4 ... capped at 1 h, with jitter: Stripe incidents last minutes to hours.
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=12,
)
def setup_complete(account_id: int) -> str:
    account = BillingAccount.objects.select_related("region").get(pk=account_id)
    return billing_setup_complete(account=account).setup
