"""`manage.py billing_setup_retry`: finish the Stripe setup of every region still setup_pending.

For a cron or by hand after a Stripe outage; the Celery task billing.setup_complete does the same
for one region with backoff when a worker runs.
"""

from django.core.management.base import BaseCommand

from billing.services import billing_setup_pending_retry


class Command(BaseCommand):
    help = "Retry the Stripe setup of every billing account still setup_pending."

    def handle(self, *args, **options):
        completed, pending = billing_setup_pending_retry()
        self.stdout.write(f"billing setup: {completed} completed, {pending} still pending")
