"""`manage.py apply_retention [--region SLUG] [--dry-run]`: the retention policy, region by region
(deploy/systemd/ancrage-retention.timer runs it nightly)."""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from core.services.retention import participants_due_for_anonymisation, retention_apply
from tenants.models import Region


class Command(BaseCommand):
    help = "Anonymise les dossiers inactifs et élague le journal d'accès / Apply the retention policy."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="one region's slug (default: every region)")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, region=None, dry_run=False, **options):
        regions = Region.objects.exclude(schema_name="public").order_by("slug")
        if region:
            regions = regions.filter(slug=region)
            if not regions.exists():
                raise CommandError(f"unknown region: {region}")
        for each in regions:
            with schema_context(each.schema_name):
                if dry_run:
                    due = participants_due_for_anonymisation().count()
                    self.stdout.write(f"{each.slug}: {due} to anonymise (dry run)")
                    continue
                result = retention_apply()
            self.stdout.write(
                f"{each.slug}: {result.anonymised} anonymised, {result.audit_events_deleted} access-trail rows removed"
            )
