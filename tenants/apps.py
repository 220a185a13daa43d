from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Régions")

    def ready(self):
        from tenants.models import Domain, Region
        from tenants.routing import routing_invalidate

        # A region renamed, suspended or removed, a domain added or moved: every process re-routes.
        for model in (Region, Domain):
            post_save.connect(routing_invalidate, sender=model, dispatch_uid=f"routing-{model.__name__}-save")
            post_delete.connect(
                routing_invalidate, sender=model, dispatch_uid=f"routing-{model.__name__}-delete"
            )
