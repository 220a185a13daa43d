import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name

from tenants.models import Region, SpareSchema
from tenants.provisioning import platform_ensure, template_refresh
from tenants.schemas import migrate_pending, migration_plan, pending_by_schema


class Command(BaseCommand):
    help = (
        "Migrate the public schema, every region, the template schema new regions are cloned from and "
        "the spare schemas. Only schemas that lag are migrated, in parallel; a failing region is "
        "reported at the end without stopping the others, and a re-run continues where this one stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers", type=int, default=None, help="parallel processes (default: MIGRATE_REGIONS_WORKERS)"
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        workers = options["workers"] or settings.MIGRATE_REGIONS_WORKERS
        started = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        platform_ensure()

        plan = migration_plan()
        template = settings.TENANT_TEMPLATE_SCHEMA
        regions = list(
            Region.objects.exclude(schema_name=get_public_schema_name()).values_list("schema_name", flat=True)
        )
        spares = list(SpareSchema.objects.values_list("schema_name", flat=True))
        pending = pending_by_schema([*regions, template, *spares], plan)
        if verbosity >= 1:
            total = len(regions) + 1 + len(spares)
            self.stdout.write(f"{len(pending)} of {total} schema(s) to migrate, {workers} worker(s).")

        def report(result):
            if result.error:
                self.stderr.write(f"  {result.schema}: FAILED {result.error}")
            elif verbosity >= 2:
                self.stdout.write(f"  {result.schema}: {', '.join(result.applied)}")

        results = migrate_pending(pending, workers=workers, on_result=report)
        failed = sorted(result.schema for result in results if result.error)
        # Spares now migrated are as good as new ones: onboarding may hand them out again.
        SpareSchema.objects.exclude(schema_name__in=failed).update(migration_state=plan.state)

        changed = template_refresh(verbosity=verbosity) or template in pending
        self.stdout.write("Template schema " + ("migrated." if changed else "already up to date."))
        if verbosity >= 1:
            peak = max((result.peak_rss_kib for result in results), default=0) / 1024
            self.stdout.write(
                f"{len(results) - len(failed)} schema(s) migrated, {len(failed)} failed, "
                f"in {time.perf_counter() - started:.1f} s (peak memory of a worker: {peak:.0f} MiB)."
            )
        if failed:
            raise CommandError(
                f"{len(failed)} schema(s) failed to migrate (re-run to retry them only): {', '.join(failed)}"
            )
