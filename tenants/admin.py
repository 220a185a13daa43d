"""The platform's own admin site (public schema). Regions never appear in a region's admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from tenants.models import Domain, Region
from tenants.services import region_reactivate, region_suspend


class PlatformAdminSite(admin.AdminSite):
    site_header = _("Ancrage — plateforme")
    site_title = _("Ancrage — plateforme")
    index_title = _("Régions et comptes de la plateforme")


platform_admin_site = PlatformAdminSite(name="platform_admin")


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Region, site=platform_admin_site)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "schema_name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug"]
    readonly_fields = ["schema_name", "created_at", "updated_at"]
    inlines = [DomainInline]
    actions = ["suspend", "reactivate"]

    @admin.action(description=_("Suspendre les régions choisies (leurs données sont conservées)"))
    def suspend(self, request, queryset):
        for region in queryset.exclude(schema_name="public"):
            region_suspend(region=region)

    @admin.action(description=_("Réactiver les régions choisies"))
    def reactivate(self, request, queryset):
        for region in queryset.exclude(schema_name="public"):
            region_reactivate(region=region)

    def has_add_permission(self, request):
        # Onboarding goes through tenants.provisioning (provision_region / the platform API).
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Domain, site=platform_admin_site)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain"]


platform_admin_site.register(User, UserAdmin)
