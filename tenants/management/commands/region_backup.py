"""`manage.py region_backup <slug> [--output-dir DIR]` (or `--all`): one archive per region."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tenants.backups import BackupError, region_backup
from tenants.models import Region


class Command(BaseCommand):
    help = "Sauvegarde une région (schéma + fichiers) dans une archive / Back up one region."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?")
        parser.add_argument("--all", action="store_true", help="every region, one archive each")
        parser.add_argument("--output-dir", default=str(Path(settings.DATA_DIR) / "backups"))

    def handle(self, *args, slug=None, all=False, output_dir, **options):  # noqa: A002
        if bool(slug) == bool(all):
            raise CommandError("give a region's slug or --all")
        slugs = (
            [slug]
            if slug
            else list(Region.objects.exclude(schema_name="public").values_list("slug", flat=True))
        )
        for each in slugs:
            if not Region.objects.filter(slug=each).exclude(schema_name="public").exists():
                raise CommandError(f"unknown region: {each}")
            try:
                archive = region_backup(slug=each, output_dir=Path(output_dir))
            except BackupError as error:
                raise CommandError(f"{each}: {error}") from error
            self.stdout.write(str(archive))
