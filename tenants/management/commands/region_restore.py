"""`manage.py region_restore <archive> --slug <new>`: the archive's region, as a new region."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.backups import BackupError, region_restore
from tenants.errors import ProvisioningError


class Command(BaseCommand):
    help = "Restaure une archive dans une NOUVELLE région / Restore an archive into a new region."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--slug", required=True, help="the new region's slug (never an existing one)")
        parser.add_argument("--name", help="display name (default: the archived region's)")

    def handle(self, *args, archive, slug, name=None, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"no such archive: {archive}")
        try:
            region = region_restore(archive=path, slug=slug, name=name)
        except (BackupError, ProvisioningError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{region.slug} ({region.schema_name})")
