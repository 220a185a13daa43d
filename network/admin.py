"""The platform's back office for the network: network funders and their accounts. Links and
opt-ins are each region's decision (its /reseau/ page): shown here read-only."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from network.models import NetworkAccount, NetworkFunder, OptIn, RegionLink
from network.services import network_account_set, network_funder_ensure
from tenants.admin import platform_admin_site


@admin.register(NetworkFunder, site=platform_admin_site)
class NetworkFunderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            obj.pk = network_funder_ensure(name=obj.name, slug=obj.slug).pk


@admin.register(NetworkAccount, site=platform_admin_site)
class NetworkAccountAdmin(admin.ModelAdmin):
    list_display = ["user", "network_funder"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        # The account's role becomes network_funder (network.services), whatever it was.
        obj.pk = network_account_set(user=obj.user, network_funder=obj.network_funder).pk


@admin.register(RegionLink, site=platform_admin_site)
class RegionLinkAdmin(ReadOnlyAdmin):
    list_display = ["region", "network_funder", "funder_id", "linked_at", "linked_by_email"]


@admin.register(OptIn, site=platform_admin_site)
class OptInAdmin(ReadOnlyAdmin):
    list_display = ["region", "network_funder", "active", "set_at", "revoked_at"]
    list_filter = ["active", "network_funder"]
