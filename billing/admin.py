"""Billing on the platform admin only (public host): a region's own /admin/ never shows it."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from billing.errors import BillingError
from billing.models import BillingAccount, Invoice, StripeEvent
from billing.services import billing_account_refresh, billing_setup_complete
from billing.webhooks import stripe_event_process
from tenants.admin import platform_admin_site


class InvoiceInline(admin.TabularInline):
    model = Invoice
    extra = 0
    can_delete = False
    fields = ["number", "status", "amount_paid", "currency", "created", "paid_at", "hosted_invoice_url"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BillingAccount, site=platform_admin_site)
class BillingAccountAdmin(admin.ModelAdmin):
    list_display = [
        "region",
        "plan",
        "status",
        "setup",
        "trial_end",
        "current_period_end",
        "past_due_since",
        "last_payment_at",
        "last_payment_amount",
    ]
    list_filter = ["status", "setup", "plan"]
    search_fields = ["region__name", "region__slug", "stripe_customer_id", "stripe_subscription_id"]
    list_select_related = ["region"]
    # Stripe owns this state (webhooks); the platform admin may only change the plan or the trial.
    readonly_fields = [
        "region",
        "stripe_customer_id",
        "stripe_subscription_id",
        "status",
        "setup",
        "current_period_end",
        "past_due_since",
        "last_payment_at",
        "last_payment_amount",
        "last_payment_currency",
        "updated_from_event_created",
        "created_at",
        "updated_at",
    ]
    inlines = [InvoiceInline]
    actions = ["refresh_from_stripe", "setup_retry"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Relire l'abonnement et les factures chez Stripe"))
    def refresh_from_stripe(self, request, queryset):
        for account in queryset:
            try:
                billing_account_refresh(account=account)
            except Exception as error:  # report it and keep going with the others
                self.message_user(request, f"{account.region}: {error}", messages.ERROR)

    @admin.action(description=_("Terminer la configuration chez Stripe (comptes en attente)"))
    def setup_retry(self, request, queryset):
        for account in queryset:
            try:
                billing_setup_complete(account=account)
            except BillingError as error:
                self.message_user(request, f"{account.region}: {error.detail}", messages.ERROR)


@admin.register(StripeEvent, site=platform_admin_site)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_event_id", "type", "created", "status", "attempts", "outcome"]
    list_filter = ["status", "type"]
    search_fields = ["stripe_event_id", "outcome"]
    readonly_fields = [field.name for field in StripeEvent._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Réessayer le traitement des événements en échec"))
    def retry(self, request, queryset):
        for event in queryset.filter(status=StripeEvent.Status.FAILED):
            stripe_event_process(event_id=event.pk)


@admin.register(Invoice, site=platform_admin_site)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["stripe_invoice_id", "account", "number", "status", "amount_paid", "currency", "created"]
    list_filter = ["status"]
    search_fields = ["stripe_invoice_id", "number", "account__region__name"]
    list_select_related = ["account__region"]
    readonly_fields = [field.name for field in Invoice._meta.fields]

    def has_add_permission(self, request):
        return False
