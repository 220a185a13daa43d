"""List the services of the map whose information is over a year old (or was never confirmed)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core.hsds import services_needing_verification
from tenants.models import Region


class Command(BaseCommand):
    help = (
        "Services à faire confirmer par leur organisme (information de plus d'un an ou jamais confirmée), "
        "par région. Services whose information is over a year old, per region."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", help="Slug of one region (default: every region).")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Reference date (YYYY-MM-DD).")

    def handle(self, *args, region=None, today=None, **options):
        regions = Region.objects.exclude(schema_name="public").order_by("slug")
        if region:
            regions = regions.filter(slug=region)
            if not regions.exists():
                raise CommandError(f"Région inconnue : {region}")
        for each in regions:
            with tenant_context(each):
                stale = list(services_needing_verification(today=today))
                self.stdout.write(f"{each.slug}: {len(stale)} service(s) à faire confirmer")
                for service in stale:
                    confirmed = service.assured_date.isoformat() if service.assured_date else "jamais"
                    self.stdout.write(f"  {confirmed:<10}  {service.partner.name} — {service.name_fr}")
