from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants.provisioning import platform_ensure, template_refresh


class Command(BaseCommand):
    help = "Migrate the public schema, every region and the template schema new regions are cloned from."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        platform_ensure()
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
        changed = template_refresh(verbosity=verbosity)
        self.stdout.write("Template schema " + ("migrated." if changed else "already up to date."))
