"""Back office of the Law 25 register and settings: the region admin only (coordinators, who may
otherwise manage everything in core, neither see nor change them)."""

from django.contrib import admin, messages
from django.utils import timezone

from accounts.models import Role
from core.errors import ApplicationError
from core.models import ConfidentialityIncident, PrivacySettings
from core.services.incidents import INCIDENT_FIELDS, incident_delete, incident_record, incident_update
from core.services.retention import PRIVACY_SETTINGS_FIELDS, privacy_settings_update


class RegionAdminOnly(admin.ModelAdmin):
    def _is_region_admin(self, request) -> bool:
        user = request.user
        return user.is_active and user.role == Role.REGION_ADMIN

    def has_module_permission(self, request):
        return self._is_region_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_region_admin(request)

    def has_add_permission(self, request):
        return self._is_region_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_region_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConfidentialityIncident)
class ConfidentialityIncidentAdmin(RegionAdminOnly):
    list_display = [
        "discovered_on",
        "description",
        "serious_injury_risk",
        "cai_notified_on",
        "people_notified_on",
    ]
    list_filter = ["serious_injury_risk"]
    date_hierarchy = "discovered_on"
    fields = list(INCIDENT_FIELDS)
    readonly_fields = ["recorded_by", "recorded_at"]
    create_service = staticmethod(incident_record)  # what save_model calls for a new entry

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in form.changed_data if field in INCIDENT_FIELDS}
        try:
            if change:
                incident_update(incident=obj, actor=request.user, **values)
            else:
                saved = incident_record(
                    actor=request.user,
                    **{f: form.cleaned_data[f] for f in INCIDENT_FIELDS if f in form.cleaned_data},
                )
                obj.pk = saved.pk
        except ApplicationError as error:
            self.message_user(request, error.detail, level=messages.ERROR)

    def has_delete_permission(self, request, obj=None):
        # Kept at least five years: before that, no delete button at all.
        return self._is_region_admin(request) and obj is not None and obj.keep_until() <= timezone.localdate()

    def delete_model(self, request, obj):
        incident_delete(incident=obj, actor=request.user)


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(RegionAdminOnly):
    fields = list(PRIVACY_SETTINGS_FIELDS)

    def has_add_permission(self, request):
        return self._is_region_admin(request) and not PrivacySettings.objects.exists()

    def save_model(self, request, obj, form, change):
        privacy_settings_update(
            actor=request.user, **{f: form.cleaned_data[f] for f in PRIVACY_SETTINGS_FIELDS}
        )
