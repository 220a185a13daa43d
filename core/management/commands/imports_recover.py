"""`manage.py imports_recover [--region slug] [--minutes 10]`: mark `interrupted` the imports of
every region still `running` with no live commit (its worker was killed), so they can be started
again. For a cron, or by hand after a worker or server crash.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name, tenant_context

from core import services
from core.services.imports import INTERRUPTED_AFTER
from tenants.models import Region


class Command(BaseCommand):
    help = "Marque « interrompues » les importations en cours dont le processus a disparu."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="Slug of one region (default: every region).")
        parser.add_argument(
            "--minutes",
            type=float,
            default=INTERRUPTED_AFTER.total_seconds() / 60,
            help="Only imports started at least this long ago.",
        )

    def handle(self, *args, region: str | None, minutes: float, **options):
        regions = Region.objects.exclude(schema_name=get_public_schema_name()).order_by("slug")
        if region:
            regions = regions.filter(slug=region)
            if not regions:
                raise CommandError(f"Région inconnue : {region}")
        for row in regions:
            with tenant_context(row):
                marked = services.imports_interrupted_mark(older_than=dt.timedelta(minutes=minutes))
            for batch in marked:
                self.stdout.write(f"{row.slug}: importation n° {batch.pk} ({batch.file_name}) interrompue")
        self.stdout.write("OK")
