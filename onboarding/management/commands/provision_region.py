from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.errors import CodedError
from onboarding.services import ONBOARDING_STEPS, region_onboard
from tenants.provisioning import region_host


class Command(BaseCommand):
    help = "Onboard a region: schema (a spare from the pool, or a clone), domain, first admin, branding."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-password", default=None)
        parser.add_argument("--primary-color", default=None)
        parser.add_argument("--secondary-color", default=None)
        parser.add_argument("--language", choices=[code for code, _ in settings.LANGUAGES], default=None)
        parser.add_argument(
            "--method",
            choices=["pool", "clone", "migrate"],
            default="pool",
            help="pool: rename a spare schema (clone when the pool is empty); clone: of the template",
        )
        parser.add_argument("--plan", default=None, help="billing plan (default: BILLING_DEFAULT_PLAN)")

    def handle(self, *args, **options):
        branding = {
            key: options[option]
            for key, option in [
                ("primary_color", "primary_color"),
                ("secondary_color", "secondary_color"),
                ("default_language", "language"),
            ]
            if options[option]
        }
        steps = ONBOARDING_STEPS

        def progress(step: str, message: str) -> None:
            index = steps.index(step) + 1 if step in steps else 0
            self.stdout.write(f"[{index}/{len(steps)}] {message}")

        try:
            onboarded = region_onboard(
                slug=options["slug"],
                name=options["name"],
                admin_email=options["admin_email"],
                admin_password=options["admin_password"],
                branding=branding,
                method=options["method"],
                plan=options["plan"],
                progress=progress,
            )
        except CodedError as error:
            raise CommandError(f"{error.detail} ({error.code})") from None
        self.stdout.write(self.style.SUCCESS(f"http://{region_host(onboarded.region.slug)}:8000/"))
        if onboarded.admin_setup_url:
            self.stdout.write(
                f"Lien de création du mot de passe / password set-up link: {onboarded.admin_setup_url}"
            )
