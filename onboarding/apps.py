from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    """No models: `region_onboard()` and `manage.py provision_region`."""

    name = "onboarding"
    verbose_name = "Accueil des régions"
