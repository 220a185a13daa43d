"""The region's back office (/admin/ on the region's host), for staff accounts of that region only.

The default admin site only lets in is_staff users (region admins and coordinators); what each may
change follows Django's model permissions. Participants' personal information is shown only on
the participant's own page, never in lists.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.models import (
    Activity,
    ActivityAttendance,
    ActivityReach,
    Agreement,
    AgreementParty,
    AuditAction,
    AuditEvent,
    Committee,
    CommitteeMeeting,
    Consent,
    Deliverable,
    Enrollment,
    EnrollmentStatusChange,
    Funder,
    IndicatorTarget,
    Intervention,
    Objective,
    Participant,
    ParticipantIdentity,
    Partner,
    Program,
    RetentionFollowUp,
    Service,
    ServicePoint,
    Strategy,
    TeamMember,
)

# Who may use this back office is decided by role in accounts.backends.RoleBackend.


admin.site.site_header = _("Ancrage — administration de la région")
admin.site.site_title = _("Ancrage")
admin.site.index_title = _("Espace régional")


class ServicePointInline(admin.TabularInline):
    model = ServicePoint
    extra = 0
    fields = ["name", "address", "city", "phone", "by_appointment_only", "is_active"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "territory", "city", "endorses_strategy", "is_active"]
    list_filter = ["kind", "endorses_strategy", "is_active"]
    search_fields = ["name", "acronym", "territory", "city"]
    inlines = [ServicePointInline]


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "address", "city", "by_appointment_only", "is_active"]
    list_filter = ["city", "by_appointment_only", "is_active"]
    search_fields = ["name", "address", "city", "partner__name"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]


class CommitteeMeetingInline(admin.TabularInline):
    model = CommitteeMeeting
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "convener", "territory", "started_on", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "territory"]
    filter_horizontal = ["partners", "members"]
    inlines = [CommitteeMeetingInline]


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "date", "place", "attendees"]
    list_filter = ["committee"]
    date_hierarchy = "date"
    search_fields = ["committee__name", "place"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "role", "team", "employer", "service_point", "user", "is_active"]
    list_filter = ["role", "team", "service_point", "is_active", "is_vacant_position"]
    search_fields = ["full_name", "title", "email", "team"]
    list_select_related = ["employer", "service_point", "user"]
    autocomplete_fields = ["employer", "user"]
    filter_horizontal = ["programs"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["position", "text", "status"]


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["name", "lead", "announced_partner_count", "announced_team_size"]
    search_fields = ["name"]
    filter_horizontal = ["partners"]
    inlines = [ObjectiveInline]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "code", "axis", "operator", "age_min", "age_max", "is_active"]
    # Only organisations that do offer a program, not every partner (54 companies in Saguenay).
    list_filter = ["axis", "is_active", ("operator", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_fr", "name_en", "code"]
    list_select_related = ["operator"]
    filter_horizontal = ["funders"]
    inlines = [ObjectiveInline]
    fieldsets = [
        (None, {"fields": ["code", "axis", "operator", "strategy", "is_active"]}),
        (_("Texte public (français)"), {"fields": ["name_fr", "description_fr"]}),
        (_("Texte public (anglais)"), {"fields": ["name_en", "description_en"]}),
        (_("Admissibilité et financement"), {"fields": ["age_min", "age_max", "funders"]}),
    ]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["text", "position", "strategy", "program", "agreement", "status"]
    list_filter = ["status"]
    search_fields = ["text"]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "partner"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["accounts"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    fields = ["partner", "funder", "role", "contribution", "in_kind"]
    autocomplete_fields = ["partner", "funder"]
    verbose_name = _("partie et sa contribution")


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ["position", "title", "start_date", "due_date", "status", "completed_on"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0
    fields = ["indicator", "program", "target", "period_start", "period_end", "note"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "signed_on", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "reference", "parties__partner__name", "parties__funder__name"]
    date_hierarchy = "start_date"
    filter_horizontal = ["programs"]
    inlines = [AgreementPartyInline, ObjectiveInline, DeliverableInline, IndicatorTargetInline]


@admin.register(AgreementParty)
class AgreementPartyAdmin(admin.ModelAdmin):
    list_display = ["agreement", "partner", "funder", "role", "contribution"]
    list_filter = ["role"]
    search_fields = ["agreement__title", "partner__name", "funder__name"]
    list_select_related = ["agreement", "partner", "funder"]


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["title", "agreement", "start_date", "due_date", "status", "completed_on"]
    list_filter = ["status", "agreement"]
    search_fields = ["title", "agreement__title"]
    list_select_related = ["agreement"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ["agreement", "indicator", "program", "target", "period_start", "period_end"]
    list_filter = ["indicator"]
    list_select_related = ["agreement", "program"]


class ParticipantIdentityInline(admin.StackedInline):
    model = ParticipantIdentity
    can_delete = False
    extra = 0


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = [
        "given_on",
        "method",
        "purpose_follow_up",
        "purpose_statistics",
        "purpose_referral",
        "purpose_communications",
        "withdrawn_on",
    ]


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["program", "status", "applied_on", "start_date", "end_date", "outcome", "outcome_on", "agent"]
    show_change_link = True


class RetentionFollowUpInline(admin.TabularInline):
    model = RetentionFollowUp
    extra = 0
    fields = ["months_after", "due_on", "status", "recorded_on", "recorded_by"]


class PersonalInformationAuditMixin:
    """Law 25: opening a page that shows someone's personal information, or changing it, is logged
    (the lists show file numbers only, so they need no entry)."""

    def _participant_of(self, obj) -> Participant:
        return obj if isinstance(obj, Participant) else obj.participant

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and response.status_code == 200:
            audit_record(
                actor=request.user, action=AuditAction.VIEW, obj=self._participant_of(obj), context="admin"
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=obj,
                participant=self._participant_of(obj),
                fields=sorted(form.changed_data),
            )


@admin.register(ParticipantIdentity)
class ParticipantIdentityAdmin(PersonalInformationAuditMixin, admin.ModelAdmin):
    # Names are personal information: the list shows the file number only; search by file number.
    list_display = ["participant", "updated_at"]
    search_fields = ["participant__code"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant"]


@admin.register(ActivityReach)
class ActivityReachAdmin(admin.ModelAdmin):
    list_display = ["activity", "age_band", "headcount"]
    list_filter = ["age_band"]
    list_select_related = ["activity"]
    raw_id_fields = ["activity"]


@admin.register(ActivityAttendance)
class ActivityAttendanceAdmin(admin.ModelAdmin):
    list_display = ["activity", "participant"]
    list_select_related = ["activity", "participant"]
    raw_id_fields = ["activity", "participant"]


@admin.register(Participant)
class ParticipantAdmin(PersonalInformationAuditMixin, admin.ModelAdmin):
    # Lists show statistics and the file number only; names appear on the participant's page.
    list_display = [
        "code",
        "intake_date",
        "age_group",
        "gender",
        "city",
        "immigration_status",
        "journey_step",
        "agent",
        "has_consent",
        "possible_duplicate_of",
    ]
    list_filter = [
        "age_group",
        "gender",
        "education",
        "immigration_status",
        "journey_step",
        "origin_kind",
        "has_consent",
        "is_synthetic",
        "agent",
    ]
    search_fields = ["code", "city", "mrc", "destination_municipality"]
    date_hierarchy = "intake_date"
    list_select_related = ["agent", "possible_duplicate_of"]
    raw_id_fields = ["possible_duplicate_of"]
    inlines = [ParticipantIdentityInline, ConsentInline, EnrollmentInline, RetentionFollowUpInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ParticipantIdentity and formset.has_changed():
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=form.instance,
                fields=sorted({name for sub in formset.forms for name in sub.changed_data}),
            )


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = [
        "participant",
        "program",
        "status",
        "applied_on",
        "start_date",
        "end_date",
        "outcome",
        "agent",
    ]
    list_filter = ["program", "status", "outcome"]
    search_fields = ["participant__code", "program__name_fr"]
    date_hierarchy = "applied_on"
    list_select_related = ["participant", "program", "agent"]
    raw_id_fields = ["participant"]


@admin.register(EnrollmentStatusChange)
class EnrollmentStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "from_status", "to_status", "changed_on", "changed_by"]
    list_filter = ["to_status"]
    list_select_related = ["enrollment__participant", "enrollment__program", "changed_by"]
    raw_id_fields = ["enrollment"]


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["date", "participant", "program", "agent", "mode", "minutes", "partner"]
    list_filter = ["mode", "program", ("agent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["participant__code", "subject", "partner__name"]
    date_hierarchy = "date"
    list_select_related = ["participant", "program", "agent", "partner"]
    raw_id_fields = ["participant", "enrollment"]


@admin.register(RetentionFollowUp)
class RetentionFollowUpAdmin(admin.ModelAdmin):
    list_display = ["participant", "months_after", "due_on", "status", "recorded_on"]
    list_filter = ["status", "months_after"]
    search_fields = ["participant__code"]
    date_hierarchy = "due_on"
    list_select_related = ["participant"]
    raw_id_fields = ["participant"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["participant", "given_on", "method", "withdrawn_on"]
    list_filter = ["method"]
    search_fields = ["participant__code"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant"]


class ActivityReachInline(admin.TabularInline):
    model = ActivityReach
    extra = 0
    verbose_name_plural = _("personnes rejointes sans nom, par tranche d'âge")


class ActivityAttendanceInline(admin.TabularInline):
    model = ActivityAttendance
    extra = 0
    raw_id_fields = ["participant"]
    verbose_name_plural = _("présences nominatives (participant·e·s)")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "city", "program", "agreement"]
    list_filter = ["kind", "program", "city"]
    search_fields = ["title", "place", "city"]
    date_hierarchy = "start_date"
    list_select_related = ["program", "agreement"]
    filter_horizontal = ["team_members"]
    inlines = [ActivityReachInline, ActivityAttendanceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "partner", "audience", "territory", "status", "is_published"]
    list_filter = ["audience", "status", "is_published"]
    search_fields = ["name_fr", "name_en", "partner__name", "territory"]
    list_select_related = ["partner"]
    filter_horizontal = ["service_points"]
    fieldsets = [
        (None, {"fields": ["partner", "program", "audience", "territory", "status", "is_published"]}),
        (
            _("Texte public (français)"),
            {"fields": ["name_fr", "description_fr", "eligibility_fr", "fees_fr", "application_process_fr"]},
        ),
        (
            _("Texte public (anglais)"),
            {"fields": ["name_en", "description_en", "eligibility_en", "fees_en", "application_process_en"]},
        ),
        (_("Joindre le service"), {"fields": ["languages", "email", "phone", "url", "service_points"]}),
    ]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the services, never edited by hand."""

    list_display = ["at", "actor_email", "action", "object_type", "object_id", "participant_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_email", "participant_code", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Law 25 register and retention settings (region admin only): core/admin_privacy.py
from core import admin_privacy  # noqa: E402, F401
