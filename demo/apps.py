from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content (demo/data/*.yaml) and its loader: no models, only `manage.py load_demo`."""

    name = "demo"
    verbose_name = "Démonstration"
