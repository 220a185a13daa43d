from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Facturation")

    def ready(self):
        from billing.models import BillingAccount
        from tenants.routing import routing_invalidate

        # The enforcement middleware reads the account from tenants.routing's memo: a new status,
        # trial end or plan must reach every process.
        post_save.connect(routing_invalidate, sender=BillingAccount, dispatch_uid="routing-billing-save")
        post_delete.connect(routing_invalidate, sender=BillingAccount, dispatch_uid="routing-billing-delete")
