from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The region's web app: server-rendered pages over the same core services and access rules as the API."""

    name = "web"
    verbose_name = _("Application web")
