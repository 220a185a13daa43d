from django.core.management.base import BaseCommand

from tenants.pool import spare_pool_fill, spare_pool_status


class Command(BaseCommand):
    help = (
        "The pool of spare region schemas onboarding renames: fill it, show it, or rebuild it after "
        "new migrations (drops the spares built for other migrations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["fill", "status", "rebuild"])
        parser.add_argument("--size", type=int, default=None, help="default: REGION_SPARE_POOL_SIZE")

    def handle(self, *args, action, size, **options):
        if action != "status":
            built = spare_pool_fill(size, drop_stale=action == "rebuild")
            self.stdout.write(f"{len(built)} spare schema(s) built.")
        status = spare_pool_status()
        self.stdout.write(
            f"Spare schemas: {status['ready']} ready, {status['stale']} stale, size {status['size']}."
        )
