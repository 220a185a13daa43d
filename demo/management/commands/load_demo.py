from django.core.management.base import BaseCommand

from demo.platform import DEMO_PASSWORD, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the three demo regions of the seeds and their demo accounts (idempotent)."

    def handle(self, *args, **options):
        regions = demo_load()
        self.stdout.write(self.style.SUCCESS(f"{len(regions)} régions de démonstration prêtes."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for url, email, role in demo_logins():
            self.stdout.write(f"  {url:<40} {email:<32} {role}")
