"""Import a spreadsheet into a region: checked first (every row's problems), then, with --commit,
imported all or nothing with a progress bar.

    manage.py import_rows --region saguenay --kind participants liste.csv [--commit] [--lang en]
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core import services
from core.errors import ApplicationError
from core.models import ImportKind, ImportStatus
from tenants.models import Region

BAR_WIDTH = 30


class ProgressBar:
    """`[#########.....] 6000/10000 (2,345 lignes/s)` on the command's stderr, redrawn in place."""

    def __init__(self, stream):
        self.stream, self.started = stream, time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        filled = int(BAR_WIDTH * done / max(total, 1))
        rate = done / max(time.monotonic() - self.started, 1e-6)
        bar = f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} ({rate:,.0f} lignes/s)"
        self.stream.write(bar, ending="\n" if done >= total else "")
        self.stream.flush()


class Command(BaseCommand):
    help = "Vérifie puis importe (--commit) un fichier CSV ou XLSX d'organismes, de participant·e·s ou d'interventions."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--region", required=True, help="Slug of the region.")
        parser.add_argument("--kind", required=True, choices=ImportKind.values)
        parser.add_argument("--commit", action="store_true", help="Import (all rows or none) once checked.")
        parser.add_argument(
            "--lang", default="fr-ca", choices=["fr-ca", "en"], help="Language of the messages."
        )

    def handle(self, *args, file: Path, region: str, kind: str, commit: bool, lang: str, **options):
        region_row = Region.objects.filter(slug=region).exclude(schema_name="public").first()
        if region_row is None:
            raise CommandError(f"Région inconnue : {region}")
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        with tenant_context(region_row):
            try:
                batch = services.import_check(
                    actor=None, kind=kind, file_name=file.name, content=file.read_bytes(), language=lang
                )
            except ApplicationError as error:
                raise CommandError(error.detail) from None
            self.stdout.write(
                f"{batch.total_rows} ligne(s) : {batch.new_rows} nouvelle(s), "
                f"{batch.already_imported_rows} déjà importée(s), {len(batch.errors)} problème(s)."
            )
            for problem in batch.errors:
                self.stdout.write(
                    f"  ligne {problem['line']}, {problem['column'] or '—'} : {problem['message']}"
                )
            if batch.status == ImportStatus.INVALID:
                raise CommandError("Rien n'a été importé : corrigez ces lignes puis recommencez.")
            if not commit:
                self.stdout.write(f"Vérifié (importation n° {batch.pk}) ; ajoutez --commit pour importer.")
                return
            batch = services.import_commit(batch=batch, actor=None, progress=ProgressBar(self.stderr))
            if batch.status != ImportStatus.COMMITTED:
                for problem in batch.errors:
                    self.stdout.write(
                        f"  ligne {problem['line']}, {problem['column']} : {problem['message']}"
                    )
                raise CommandError("Rien n'a été importé.")
            self.stdout.write(
                self.style.SUCCESS(f"Importé : {batch.new_rows} ligne(s) (importation n° {batch.pk}).")
            )
