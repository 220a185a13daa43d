"""Background jobs of the platform itself (public schema): keeping the spare schema pool full."""

import logging
import threading

from django.conf import settings
from django.db import connection

from config.celery import app
from tenants.pool import spare_pool_fill

logger = logging.getLogger(__name__)


@app.task(name="tenants.spare_pool_refill")
def spare_pool_refill() -> int:
    """Build spares until the pool is back at REGION_SPARE_POOL_SIZE; how many were built."""
    return len(spare_pool_fill())


def _refill_in_thread() -> None:
    try:
        spare_pool_refill()
    except Exception:
        logger.exception("Spare schema pool refill failed")
    finally:
        connection.close()  # this thread's own connection


def spare_pool_refill_soon() -> None:
    """Queue a refill (after an onboarding commits). Without a broker, Celery would run it eagerly
    inside the onboarding request: a thread of this process builds the spares instead."""
    if settings.REGION_SPARE_POOL_SIZE <= 0:
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        threading.Thread(target=_refill_in_thread, name="spare-pool-refill", daemon=True).start()
    else:
        spare_pool_refill.delay()
