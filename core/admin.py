"""The region's back office (/admin/ on the region's host), for staff accounts of that region only.

The default admin site only lets in is_staff users (region admins and coordinators); what each may
change follows Django's model permissions. Participants' personal information is shown only on
the participant's own page, never in lists.

Every save goes through the entity's core.services function (create or update), exactly as the API
does: the forms show the fields of the service's `<ENTITY>_FIELDS` set and only translate; a rule
the service refuses comes back as an error on its field (`ServiceBackedAdmin`). Nothing is deleted from
the back office except an intervention logged by mistake (`intervention_delete`, audited): the
other rows are history (a person's file, agreements, the lifecycle of an enrollment) or referenced
by it, and Law 25 erasure is `participant_erase`.
"""

import inspect
from contextlib import contextmanager

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import services
from core.audit import audit_record
from core.errors import ApplicationError
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
    ImportBatch,
    ImportedRow,
    IndicatorTarget,
    Intervention,
    Objective,
    Participant,
    ParticipantIdentity,
    Partner,
    Program,
    ReportJob,
    RetentionFollowUp,
    Schedule,
    Service,
    ServicePoint,
    Strategy,
    TeamMember,
)
from core.services._common import acting_team_member
from core.services.activities import ACTIVITY_FIELDS, REACH_FIELDS
from core.services.agreements import (
    AGREEMENT_FIELDS,
    DELIVERABLE_FIELDS,
    FUNDER_FIELDS,
    INDICATOR_TARGET_FIELDS,
    PARTY_FIELDS,
    PartySpec,
)
from core.services.directory import SERVICE_FIELDS, SERVICE_POINT_FIELDS
from core.services.enrollments import ENROLLMENT_FIELDS
from core.services.interventions import INTERVENTION_FIELDS
from core.services.participants import (
    CONSENT_FIELDS,
    IDENTITY_FIELDS,
    PARTICIPANT_FIELDS,
    RETENTION_RECORD_FIELDS,
)
from core.services.partners import PARTNER_FIELDS
from core.services.programs import OBJECTIVE_FIELDS, PROGRAM_FIELDS, STRATEGY_FIELDS
from core.services.team import COMMITTEE_FIELDS, COMMITTEE_MEETING_FIELDS, TEAM_MEMBER_FIELDS

# Who may use this back office is decided by role in accounts.backends.RoleBackend.


class ServiceRefused(Exception):
    """A service refused one form's input (`prefix`: None for the page's form, else an inline's)."""

    def __init__(self, prefix: str | None, error: ApplicationError):
        super().__init__(error.detail)
        self.prefix, self.error = prefix, error


@contextmanager
def refused_as(prefix: str | None):
    try:
        yield
    except ApplicationError as error:
        raise ServiceRefused(prefix, error) from error


def with_refusal(form_class, request):
    """The form class that shows the service's refusal (kept on the request) on its field."""
    refused = getattr(request, "service_refused", None)
    if refused is None:
        return form_class

    def clean(self):
        cleaned = form_class.clean(self)
        if self.prefix == refused.prefix:
            field = refused.error.field
            self.add_error(field if field in self.fields else None, refused.error.detail)
        return cleaned

    return type(form_class.__name__, (form_class,), {"clean": clean})


class ServiceWrites:
    """Saves a form through `create_service` / `update_service` (the object as `update_kwarg`);
    the services that take `actor` get the user acting. Shared by pages and inlines."""

    # A web address typed without its scheme is https (as in web.forms), Django 6's default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    create_service = None
    update_service = None
    update_kwarg = ""
    # Services that take every field each time (a record, not a patch) get unchanged ones too.
    update_sends_all = False

    def has_add_permission(self, request, *args):
        return self.create_service is not None and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.update_service is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def write(self, request, form, *, parent_kwargs=None):
        """Create or update the row of `form` through the service; returns the saved row."""
        parent_kwargs = parent_kwargs or {}
        values = self.values(form, exclude=parent_kwargs)
        if form.instance._state.adding:
            return _call(self.create_service, request, **parent_kwargs, **values)
        current = type(form.instance)._default_manager.get(pk=form.instance.pk)
        return _call(self.update_service, request, **{self.update_kwarg: current}, **values)

    def values(self, form, *, exclude=()) -> dict:
        return {
            name: form.cleaned_data[name]
            for name in self.written_fields(form)
            # an inline's link to its page and its row id are not the service's input
            if name not in exclude and name not in ("id", "DELETE")
        }

    def written_fields(self, form) -> list[str]:
        if form.instance._state.adding or self.update_sends_all:
            return [name for name in form.fields if name in form.cleaned_data]
        return [name for name in form.changed_data if name in form.cleaned_data]


def _call(service, request, **values):
    if "actor" in inspect.signature(service).parameters:
        values["actor"] = request.user
    return service(**values)


class ServiceBackedInline(ServiceWrites):
    can_delete = False
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_refusal(formset.form, request)
        formset.service_inline = self
        return formset


class ServiceBackedAdmin(ServiceWrites, admin.ModelAdmin):
    """A page whose saves, and its inlines' saves, go through core.services."""

    # Set when the row is created, then only shown: the update service does not take them.
    fixed_once_created: list[str] = []

    def get_readonly_fields(self, request, obj=None):
        fixed = self.fixed_once_created if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def get_form(self, request, obj=None, **kwargs):
        return with_refusal(super().get_form(request, obj, **kwargs), request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # The first attempt rolled back (the view is atomic); show the same page, the
            # service's message on the field it names.
            request.service_refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        with refused_as(None):
            saved = self.write(request, form)
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        # No form.save_m2m(): the services set the relations they are given.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = formset.service_inline
        parent = {formset.fk.name: form.instance}
        saved = []
        for sub in formset.forms:
            if sub.has_changed():
                with refused_as(sub.prefix):
                    saved.append((sub, inline.write(request, sub, parent_kwargs=parent)))
        formset_saved(formset, saved)


def formset_saved(formset, saved) -> None:
    """What formset.save() would have left for the admin's change message (nothing is deleted)."""
    formset.new_objects = [obj for sub, obj in saved if sub.instance._state.adding]
    formset.changed_objects = [
        (obj, sub.changed_data) for sub, obj in saved if not sub.instance._state.adding
    ]
    formset.deleted_objects = []


def adopt(obj, saved) -> None:
    """The admin goes on with `obj` (its log entry, its redirect): give it the saved row's state."""
    obj.__dict__.update(saved.__dict__)


def language_fieldsets(fields, *relations):
    """Fields grouped as the public text in French, in English, and the rest."""
    fields = [*fields, *relations]
    french = [name for name in fields if name.endswith("_fr")]
    english = [name for name in fields if name.endswith("_en")]
    return [
        (None, {"fields": [name for name in fields if name not in (*french, *english)]}),
        (_("Texte public (français)"), {"fields": french}),
        (_("Texte public (anglais)"), {"fields": english}),
    ]


admin.site.site_header = _("Ancrage — administration de la région")
admin.site.site_title = _("Ancrage")
admin.site.index_title = _("Espace régional")


class ServicePointInline(ServiceBackedInline, admin.TabularInline):
    model = ServicePoint
    fields = list(SERVICE_POINT_FIELDS)
    create_service = staticmethod(services.service_point_create)
    update_service = staticmethod(services.service_point_update)
    update_kwarg = "service_point"


@admin.register(Partner)
class PartnerAdmin(ServiceBackedAdmin):
    list_display = ["name", "acronym", "kind", "territory", "city", "endorses_strategy", "is_active"]
    list_filter = ["kind", "endorses_strategy", "is_active"]
    search_fields = ["name", "acronym", "territory", "city"]
    inlines = [ServicePointInline]
    fields = list(PARTNER_FIELDS)
    create_service = staticmethod(services.partner_create)
    update_service = staticmethod(services.partner_update)
    update_kwarg = "partner"


class ScheduleInline(ServiceBackedInline, admin.TabularInline):
    """Opening hours are added through schedule_add; a changed timetable is a new row."""

    model = Schedule
    fields = ["weekdays", "opens_at", "closes_at", "valid_from", "valid_to", "note"]
    create_service = staticmethod(services.schedule_add)


@admin.register(ServicePoint)
class ServicePointAdmin(ServiceBackedAdmin):
    list_display = ["name", "partner", "address", "city", "by_appointment_only", "is_active"]
    list_filter = ["city", "by_appointment_only", "is_active"]
    search_fields = ["name", "address", "city", "partner__name"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    fields = ["partner", *SERVICE_POINT_FIELDS]
    create_service = staticmethod(services.service_point_create)
    update_service = staticmethod(services.service_point_update)
    update_kwarg = "service_point"

    fixed_once_created = ["partner"]  # a service point stays with its partner
    inlines = [ScheduleInline]


class CommitteeMeetingInline(ServiceBackedInline, admin.TabularInline):
    model = CommitteeMeeting
    fields = list(COMMITTEE_MEETING_FIELDS)
    create_service = staticmethod(services.committee_meeting_record)
    update_service = staticmethod(services.committee_meeting_update)
    update_kwarg = "meeting"


@admin.register(Committee)
class CommitteeAdmin(ServiceBackedAdmin):
    list_display = ["name", "kind", "convener", "territory", "started_on", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "territory"]
    filter_horizontal = ["partners", "members"]
    inlines = [CommitteeMeetingInline]
    fields = [*COMMITTEE_FIELDS, "partners", "members"]
    create_service = staticmethod(services.committee_create)
    update_service = staticmethod(services.committee_update)
    update_kwarg = "committee"


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(ServiceBackedAdmin):
    list_display = ["committee", "date", "place", "attendees"]
    list_filter = ["committee"]
    date_hierarchy = "date"
    search_fields = ["committee__name", "place"]
    fields = ["committee", *COMMITTEE_MEETING_FIELDS]
    create_service = staticmethod(services.committee_meeting_record)
    update_service = staticmethod(services.committee_meeting_update)
    update_kwarg = "meeting"

    fixed_once_created = ["committee"]


@admin.register(TeamMember)
class TeamMemberAdmin(ServiceBackedAdmin):
    list_display = ["full_name", "title", "role", "team", "employer", "service_point", "user", "is_active"]
    list_filter = ["role", "team", "service_point", "is_active", "is_vacant_position"]
    search_fields = ["full_name", "title", "email", "team"]
    list_select_related = ["employer", "service_point", "user"]
    autocomplete_fields = ["employer", "user"]
    filter_horizontal = ["programs"]
    fields = [*TEAM_MEMBER_FIELDS, "programs"]
    create_service = staticmethod(services.team_member_create)
    update_service = staticmethod(services.team_member_update)
    update_kwarg = "team_member"


class ObjectiveInline(ServiceBackedInline, admin.TabularInline):
    model = Objective
    fields = list(OBJECTIVE_FIELDS)
    create_service = staticmethod(services.objective_add)
    update_service = staticmethod(services.objective_update)
    update_kwarg = "objective"


@admin.register(Strategy)
class StrategyAdmin(ServiceBackedAdmin):
    list_display = ["name", "lead", "announced_partner_count", "announced_team_size"]
    search_fields = ["name"]
    filter_horizontal = ["partners"]
    inlines = [ObjectiveInline]
    fields = [*STRATEGY_FIELDS, "partners"]
    create_service = staticmethod(services.strategy_create)
    update_service = staticmethod(services.strategy_update)
    update_kwarg = "strategy"


@admin.register(Program)
class ProgramAdmin(ServiceBackedAdmin):
    list_display = ["name_fr", "code", "axis", "operator", "age_min", "age_max", "is_active"]
    # Only organisations that do offer a program, not every partner (54 companies in Saguenay).
    list_filter = ["axis", "is_active", ("operator", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name_fr", "name_en", "code"]
    list_select_related = ["operator"]
    filter_horizontal = ["funders"]
    inlines = [ObjectiveInline]
    # code, name_fr and axis are program_create's own arguments (program_update takes the last two).
    fieldsets = language_fieldsets(["code", "name_fr", "axis", *PROGRAM_FIELDS], "funders")
    create_service = staticmethod(services.program_create)
    update_service = staticmethod(services.program_update)
    update_kwarg = "program"

    fixed_once_created = ["code"]  # the code names the program in every export


@admin.register(Objective)
class ObjectiveAdmin(ServiceBackedAdmin):
    list_display = ["text", "position", "strategy", "program", "agreement", "status"]
    list_filter = ["status"]
    search_fields = ["text"]
    # Objectives are added from their strategy's, program's or agreement's page.
    fields = list(OBJECTIVE_FIELDS)
    update_service = staticmethod(services.objective_update)
    update_kwarg = "objective"


@admin.register(Funder)
class FunderAdmin(ServiceBackedAdmin):
    list_display = ["name", "acronym", "kind", "partner"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]
    filter_horizontal = ["accounts"]
    fields = [*FUNDER_FIELDS, "accounts"]
    create_service = staticmethod(services.funder_create)
    update_service = staticmethod(services.funder_update)
    update_kwarg = "funder"


class AgreementPartyInline(ServiceBackedInline, admin.TabularInline):
    model = AgreementParty
    fields = list(PARTY_FIELDS)
    autocomplete_fields = ["partner", "funder"]
    verbose_name = _("partie et sa contribution")
    create_service = staticmethod(services.agreement_party_add)
    update_service = staticmethod(services.agreement_party_update)
    update_kwarg = "party"


class DeliverableInline(ServiceBackedInline, admin.TabularInline):
    model = Deliverable
    fields = list(DELIVERABLE_FIELDS)
    create_service = staticmethod(services.deliverable_create)
    update_service = staticmethod(services.deliverable_update)
    update_kwarg = "deliverable"


class IndicatorTargetWrites(ServiceWrites):
    # indicator_target_set creates or replaces the target of (agreement, indicator, program).
    fields = list(INDICATOR_TARGET_FIELDS)
    create_service = staticmethod(services.indicator_target_set)
    update_sends_all = True

    def write(self, request, form, *, parent_kwargs=None):
        agreement = (parent_kwargs or {}).get("agreement") or form.cleaned_data.get("agreement")
        values = {name: form.cleaned_data[name] for name in INDICATOR_TARGET_FIELDS}
        return services.indicator_target_set(agreement=agreement, **values)

    def has_change_permission(self, request, obj=None):
        return BaseModelAdmin.has_change_permission(self, request, obj)


class IndicatorTargetInline(IndicatorTargetWrites, ServiceBackedInline, admin.TabularInline):
    model = IndicatorTarget


@admin.register(Agreement)
class AgreementAdmin(ServiceBackedAdmin):
    list_display = ["title", "kind", "status", "signed_on", "start_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "reference", "parties__partner__name", "parties__funder__name"]
    date_hierarchy = "start_date"
    filter_horizontal = ["programs"]
    inlines = [AgreementPartyInline, ObjectiveInline, DeliverableInline, IndicatorTargetInline]
    fields = [*AGREEMENT_FIELDS, "programs"]
    create_service = staticmethod(services.agreement_create)
    update_service = staticmethod(services.agreement_update)
    update_kwarg = "agreement"

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        return None  # agreement_create takes its parties: it runs with the inlines, below

    def save_related(self, request, form, formsets, change):
        if not change:
            parties_formset = next(fs for fs in formsets if fs.model is AgreementParty)
            parties = [
                PartySpec(**{name: sub.cleaned_data[name] for name in PARTY_FIELDS})
                for sub in parties_formset.forms
                if sub.has_changed()
            ]
            with refused_as(None):
                adopt(
                    form.instance, _call(self.create_service, request, parties=parties, **self.values(form))
                )
            formset_saved(
                parties_formset, [(sub, sub.instance) for sub in parties_formset.forms if sub.has_changed()]
            )
            formsets = [fs for fs in formsets if fs is not parties_formset]
        super().save_related(request, form, formsets, change)


@admin.register(AgreementParty)
class AgreementPartyAdmin(ServiceBackedAdmin):
    list_display = ["agreement", "partner", "funder", "role", "contribution"]
    list_filter = ["role"]
    search_fields = ["agreement__title", "partner__name", "funder__name"]
    list_select_related = ["agreement", "partner", "funder"]
    # Parties are added on their agreement's page; here their terms change.
    fields = ["agreement", *PARTY_FIELDS]
    readonly_fields = ["agreement", "partner", "funder"]
    update_service = staticmethod(services.agreement_party_update)
    update_kwarg = "party"


@admin.register(Deliverable)
class DeliverableAdmin(ServiceBackedAdmin):
    list_display = ["title", "agreement", "start_date", "due_date", "status", "completed_on"]
    list_filter = ["status", "agreement"]
    search_fields = ["title", "agreement__title"]
    list_select_related = ["agreement"]
    fields = ["agreement", *DELIVERABLE_FIELDS]
    create_service = staticmethod(services.deliverable_create)
    update_service = staticmethod(services.deliverable_update)
    update_kwarg = "deliverable"

    fixed_once_created = ["agreement"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(IndicatorTargetWrites, ServiceBackedAdmin):
    list_display = ["agreement", "indicator", "program", "target", "period_start", "period_end"]
    list_filter = ["indicator"]
    list_select_related = ["agreement", "program"]
    fields = ["agreement", *INDICATOR_TARGET_FIELDS]


class ParticipantIdentityInline(ServiceBackedInline, admin.StackedInline):
    model = ParticipantIdentity
    fields = list(IDENTITY_FIELDS)
    # Saved with the file, in the one participant_update of ParticipantAdmin.save_related.
    update_service = staticmethod(services.participant_identity_update)


class ConsentInline(ServiceBackedInline, admin.TabularInline):
    model = Consent
    # A consent is recorded, then withdrawn (API): the rows shown are never edited.
    fields = [*CONSENT_FIELDS, "withdrawn_on"]
    readonly_fields = ["withdrawn_on"]
    create_service = staticmethod(services.participant_consent_record)

    def write(self, request, form, *, parent_kwargs=None):
        values = {name: form.cleaned_data[name] for name in CONSENT_FIELDS}
        return _call(
            self.create_service,
            request,
            **parent_kwargs,
            recorded_by=acting_team_member(request.user),
            **values,
        )


class EnrollmentInline(ServiceBackedInline, admin.TabularInline):
    model = Enrollment
    # Opened here; its lifecycle (transition, outcome) goes through the API's actions.
    fields = [*ENROLLMENT_FIELDS, "start_date", "end_date", "outcome", "outcome_on"]
    readonly_fields = ["start_date", "end_date", "outcome", "outcome_on"]
    show_change_link = True
    create_service = staticmethod(services.participant_enroll)


class RetentionRecordWrites(ServiceWrites):
    # Scheduled by the services when the person settles; each is then recorded, never added.
    fields = ["participant", "months_after", "due_on", *RETENTION_RECORD_FIELDS, "recorded_by"]
    readonly_fields = ["participant", "months_after", "due_on", "recorded_by"]
    update_service = staticmethod(services.retention_followup_record)

    def write(self, request, form, *, parent_kwargs=None):
        values = {name: form.cleaned_data[name] for name in RETENTION_RECORD_FIELDS}
        followup = RetentionFollowUp.objects.get(pk=form.instance.pk)
        return services.retention_followup_record(
            followup=followup, recorded_by=acting_team_member(request.user), actor=request.user, **values
        )


class RetentionFollowUpInline(RetentionRecordWrites, ServiceBackedInline, admin.TabularInline):
    model = RetentionFollowUp
    fields = RetentionRecordWrites.fields[1:]
    readonly_fields = RetentionRecordWrites.readonly_fields[1:]


class PersonalInformationViewAudit:
    """Law 25: opening a page that shows someone's personal information is logged (the lists show
    file numbers only, so they need no entry). Changes are logged by the services."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and response.status_code == 200:
            participant = obj if isinstance(obj, Participant) else obj.participant
            audit_record(actor=request.user, action=AuditAction.VIEW, obj=participant, context="admin")
        return response


@admin.register(ParticipantIdentity)
class ParticipantIdentityAdmin(PersonalInformationViewAudit, ServiceBackedAdmin):
    # Names are personal information: the list shows the file number only; search by file number.
    list_display = ["participant", "updated_at"]
    search_fields = ["participant__code"]
    list_select_related = ["participant"]
    fields = ["participant", *IDENTITY_FIELDS]
    readonly_fields = ["participant"]
    # An identity is opened with its file (participant_intake), never alone.
    update_service = staticmethod(services.participant_identity_update)

    def write(self, request, form, *, parent_kwargs=None):
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        return _call(self.update_service, request, participant=form.instance.participant, **values)


class ReachWrites(ServiceWrites):
    # activity_reach_set sets the headcount of one age band (0 removes the band).
    fields = list(REACH_FIELDS)
    create_service = staticmethod(services.activity_reach_set)
    update_sends_all = True

    def has_change_permission(self, request, obj=None):
        return BaseModelAdmin.has_change_permission(self, request, obj)

    def write(self, request, form, *, parent_kwargs=None):
        activity = (parent_kwargs or {}).get("activity") or form.cleaned_data.get("activity")
        values = {name: form.cleaned_data[name] for name in REACH_FIELDS}
        # A band set to 0 is removed: the admin goes on with the row it had.
        return services.activity_reach_set(activity=activity, **values) or form.instance


@admin.register(ActivityReach)
class ActivityReachAdmin(ReachWrites, ServiceBackedAdmin):
    list_display = ["activity", "age_band", "headcount"]
    list_filter = ["age_band"]
    list_select_related = ["activity"]
    raw_id_fields = ["activity"]
    fields = ["activity", *REACH_FIELDS]


@admin.register(ActivityAttendance)
class ActivityAttendanceAdmin(ServiceBackedAdmin):
    list_display = ["activity", "participant"]
    list_select_related = ["activity", "participant"]
    raw_id_fields = ["activity", "participant"]
    fields = ["activity", "participant"]
    create_service = staticmethod(services.activity_attendance_add)


@admin.register(Participant)
class ParticipantAdmin(PersonalInformationViewAudit, ServiceBackedAdmin):
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
    inlines = [ParticipantIdentityInline, ConsentInline, EnrollmentInline, RetentionFollowUpInline]
    fields = ["code", "intake_date", *PARTICIPANT_FIELDS, "has_consent", "possible_duplicate_of"]
    readonly_fields = ["code", "intake_date", "has_consent", "possible_duplicate_of"]
    # A file is opened by the intake (API), which records consent and checks for duplicates.
    update_service = staticmethod(services.participant_update)
    update_kwarg = "participant"

    def save_model(self, request, obj, form, change):
        return None  # the file and its identity are one write: participant_update, below

    def save_related(self, request, form, formsets, change):
        identity = next(fs for fs in formsets if fs.model is ParticipantIdentity)
        changed = [sub for sub in identity.forms if sub.has_changed()]
        if form.has_changed() or changed:
            identity_values = {name: sub.cleaned_data[name] for sub in changed for name in sub.changed_data}
            try:
                participant = self.write(request, form, identity=identity_values or None)
            except ApplicationError as error:
                at_identity = changed and error.field in IDENTITY_FIELDS
                raise ServiceRefused(changed[0].prefix if at_identity else None, error) from error
            adopt(form.instance, participant)
        formset_saved(identity, [(sub, sub.instance) for sub in changed])
        super().save_related(request, form, [fs for fs in formsets if fs is not identity], change)

    def write(self, request, form, *, parent_kwargs=None, identity=None):
        values = self.values(form)
        current = Participant.objects.get(pk=form.instance.pk)
        return _call(self.update_service, request, participant=current, identity=identity, **values)


@admin.register(Enrollment)
class EnrollmentAdmin(ServiceBackedAdmin):
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
    # Opened here; its lifecycle (transition, outcome) goes through the API's actions.
    fields = ["participant", *ENROLLMENT_FIELDS]
    create_service = staticmethod(services.participant_enroll)


@admin.register(EnrollmentStatusChange)
class EnrollmentStatusChangeAdmin(ServiceBackedAdmin):
    """Read-only: the lifecycle is written by enrollment_transition."""

    list_display = ["enrollment", "from_status", "to_status", "changed_on", "changed_by"]
    list_filter = ["to_status"]
    list_select_related = ["enrollment__participant", "enrollment__program", "changed_by"]
    raw_id_fields = ["enrollment"]


@admin.register(Intervention)
class InterventionAdmin(ServiceBackedAdmin):
    list_display = ["date", "participant", "program", "agent", "mode", "minutes", "partner"]
    list_filter = ["mode", "program", ("agent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["participant__code", "subject", "partner__name"]
    date_hierarchy = "date"
    list_select_related = ["participant", "program", "agent", "partner"]
    raw_id_fields = ["participant", "enrollment"]
    fields = list(INTERVENTION_FIELDS)
    create_service = staticmethod(services.intervention_log)
    update_service = staticmethod(services.intervention_update)
    update_kwarg = "intervention"

    # An intervention logged by mistake may be removed; the person's file keeps a trace of it.
    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_model(self, request, obj):
        services.intervention_delete(intervention=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for intervention in queryset.select_related("participant"):
            self.delete_model(request, intervention)


@admin.register(RetentionFollowUp)
class RetentionFollowUpAdmin(RetentionRecordWrites, ServiceBackedAdmin):
    list_display = ["participant", "months_after", "due_on", "status", "recorded_on"]
    list_filter = ["status", "months_after"]
    search_fields = ["participant__code"]
    date_hierarchy = "due_on"
    list_select_related = ["participant"]


@admin.register(Consent)
class ConsentAdmin(ServiceBackedAdmin):
    """Read-only: consents are recorded on the participant's page and withdrawn through the API."""

    list_display = ["participant", "given_on", "method", "withdrawn_on"]
    list_filter = ["method"]
    search_fields = ["participant__code"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant"]


class ActivityReachInline(ReachWrites, ServiceBackedInline, admin.TabularInline):
    model = ActivityReach
    verbose_name_plural = _("personnes rejointes sans nom, par tranche d'âge")


class ActivityAttendanceInline(ServiceBackedInline, admin.TabularInline):
    model = ActivityAttendance
    fields = ["participant"]
    raw_id_fields = ["participant"]
    verbose_name_plural = _("présences nominatives (participant·e·s)")
    create_service = staticmethod(services.activity_attendance_add)


@admin.register(Activity)
class ActivityAdmin(ServiceBackedAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "city", "program", "agreement"]
    list_filter = ["kind", "program", "city"]
    search_fields = ["title", "place", "city"]
    date_hierarchy = "start_date"
    list_select_related = ["program", "agreement"]
    filter_horizontal = ["team_members"]
    inlines = [ActivityReachInline, ActivityAttendanceInline]
    fields = [*ACTIVITY_FIELDS, "team_members"]
    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)
    update_kwarg = "activity"


@admin.register(Service)
class ServiceAdmin(ServiceBackedAdmin):
    list_display = ["name_fr", "partner", "audience", "territory", "status", "is_published"]
    list_filter = ["audience", "status", "is_published"]
    search_fields = ["name_fr", "name_en", "partner__name", "territory"]
    list_select_related = ["partner"]
    filter_horizontal = ["service_points"]
    # partner and name_fr are service_create's own arguments (service_update takes name_fr).
    fieldsets = language_fieldsets(["partner", "name_fr", *SERVICE_FIELDS], "service_points")
    create_service = staticmethod(services.service_create)
    update_service = staticmethod(services.service_update)
    update_kwarg = "service"

    fixed_once_created = ["partner"]
    inlines = [ScheduleInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by services only (imports, report jobs, opening hours through their parent's page)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is written by the services, never edited by hand."""

    list_display = ["at", "actor_email", "action", "object_type", "object_id", "participant_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_email", "participant_code", "object_id"]
    date_hierarchy = "at"


@admin.register(Schedule)
class ScheduleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "service", "service_point"]
    list_select_related = ["service", "service_point"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "file_name", "status", "total_rows", "new_rows", "created_by"]
    list_filter = ["kind", "status"]
    exclude = ["content"]


@admin.register(ImportedRow)
class ImportedRowAdmin(ReadOnlyAdmin):
    list_display = ["batch", "kind", "line", "object_id"]
    list_filter = ["kind"]


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    """Report files are asked for through the API and written by the background task."""

    list_display = ["created_at", "report", "format", "status", "progress", "requested_by", "finished_at"]
    list_filter = ["report", "format", "status"]
    date_hierarchy = "created_at"


# Law 25 register and retention settings (region admin only): core/admin_privacy.py
from core import admin_privacy  # noqa: E402, F401
