"""Participants: the caseload, intake (with consent), a person's file, the quick intervention log
and the Law 25 actions. Never for funders (the API's read roles). Showing a name is logged
(core.audit), as the API does."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.forms.models import fields_for_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError as DRFValidationError

from accounts.models import STAFF_ROLES, Role
from api.v1.enrollments import EnrollmentViewSet
from api.v1.interventions import InterventionViewSet
from api.v1.participants import ParticipantViewSet
from api.v1.people import acting_agent
from core import access, services
from core.audit import audit_identities_viewed
from core.errors import ApplicationError
from core.models import (
    Consent,
    Intervention,
    JourneyStep,
    Participant,
    ParticipantIdentity,
    RetentionStatus,
)
from core.services.participants import CONSENT_PURPOSES, IDENTITY_FIELDS, PROFILE_FIELDS
from web.fiscal import current_fiscal_year
from web.forms import WebForm, WebModelForm
from web.lists import Column, filtered_list, list_context, scoped_queryset

INTAKE_FIELDS = ("intake_date", "age_group", "gender", *PROFILE_FIELDS)
CONSENT_FIELDS = ("given_on", "method", *CONSENT_PURPOSES)
# A service error about a nested part lands on its first field.
NESTED_ERROR_FIELD = {"identity": "first_name", "consent": "given_on"}


def _people_queryset(request):
    return scoped_queryset(request, ParticipantViewSet)


# --- the caseload -------------------------------------------------------------------------------


@login_required
def participants(request):
    columns = [
        Column(gettext_lazy("Dossier"), "code"),
        Column(gettext_lazy("Nom")),
        Column(gettext_lazy("Groupe d'âge"), "age_group"),
        Column(gettext_lazy("Ville"), "city"),
        Column(gettext_lazy("Parcours")),
        Column(gettext_lazy("Accueil"), "intake_date"),
        Column(gettext_lazy("Action")),
    ]
    result = filtered_list(
        request, ParticipantViewSet, shown_filters=("age_group", "immigration_status", "journey_step")
    )
    rows = list(result.page.object_list)
    audit_identities_viewed(actor=request.user, participants=rows, context="web-list")
    is_agent = request.user.role == Role.AGENT
    context = {
        "title": _("Mon portefeuille") if is_agent else _("Participant·e·s"),
        **list_context(result, columns),
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render(request, "web/participants.html", context, status=400 if result.errors else 200)


# --- intake -------------------------------------------------------------------------------------


class IntakeForm(WebForm):
    """The intake's three parts, each field taken from its model: the file's statistics, the
    personal information (kept apart) and the consent (Law 25)."""

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        identity = fields_for_model(ParticipantIdentity, fields=IDENTITY_FIELDS)
        stats = fields_for_model(Participant, fields=INTAKE_FIELDS)
        consent = fields_for_model(Consent, fields=CONSENT_FIELDS)
        consent["given_on"].label = _("Consentement donné le")
        self.fields.update({**identity, **stats, **consent})
        if agents is not None:
            self.fields["agent"] = forms.ModelChoiceField(
                queryset=agents, required=False, label=_("Agent·e responsable")
            )
        self.fields["intake_date"].initial = timezone.localdate()
        self.fields["given_on"].initial = timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        identity = {name: data.pop(name) for name in IDENTITY_FIELDS}
        consent = {name: data.pop(name) for name in CONSENT_FIELDS}
        identity = {key: value for key, value in identity.items() if value not in (None, "")}
        return {"identity": identity, "consent": consent, **data}


@login_required
def participant_new(request):
    if request.user.role not in ParticipantViewSet.write_roles:
        raise PermissionDenied
    is_agent = request.user.role == Role.AGENT
    agents = None if is_agent else access.team_member_for_actor(actor=request.user).filter(is_active=True)
    form = IntakeForm(request.POST or None, agents=agents)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            kwargs["agent"] = acting_agent(request, kwargs.get("agent"))
            participant = services.participant_intake(
                recorded_by=access.team_member_of(request.user), actor=request.user, **kwargs
            )
        except ApplicationError as error:
            error.field = NESTED_ERROR_FIELD.get(error.field, error.field)
            form.apply_service_error(error)
        except DRFValidationError as error:
            for field, messages_ in error.detail.items():
                form.add_error(field if field in form.fields else None, " ".join(map(str, messages_)))
        else:
            messages.success(request, _("Dossier %(code)s ouvert.") % {"code": participant.code})
            return redirect("web:participant", pk=participant.pk)
    return render(
        request,
        "web/participant_new.html",
        {
            "form": form,
            "identity_fields": [form[name] for name in IDENTITY_FIELDS],
            "stat_fields": [
                form[name] for name in (*INTAKE_FIELDS, *(("agent",) if agents is not None else ()))
            ],
            "consent_fields": [form[name] for name in CONSENT_FIELDS],
        },
        status=400 if form.errors else 200,
    )


# --- a person's file ----------------------------------------------------------------------------


class JourneyForm(WebForm):
    step = forms.ChoiceField(label=gettext_lazy("Nouvelle étape"), choices=JourneyStep.choices)
    on = forms.DateField(label=gettext_lazy("Date"))


class EnrollForm(WebForm):
    program = forms.ModelChoiceField(label=gettext_lazy("Programme"), queryset=None)
    applied_on = forms.DateField(label=gettext_lazy("Candidature reçue le"))

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["applied_on"].initial = timezone.localdate()


class FollowUpForm(WebForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Résultat"),
        choices=[
            (value, label) for value, label in RetentionStatus.choices if value != RetentionStatus.SCHEDULED
        ],
    )
    recorded_on = forms.DateField(label=gettext_lazy("Joint·e le"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)


class WithdrawForm(WebForm):
    withdrawn_on = forms.DateField(label=gettext_lazy("Consentement retiré le"))


class EraseForm(WebForm):
    reason = forms.CharField(
        label=gettext_lazy("Motif et demandeur (conservés au journal d'accès)"),
        max_length=500,
        widget=forms.Textarea,
    )


def _file_context(request, participant, **forms_):
    today = timezone.localdate()
    fiscal_year = current_fiscal_year()
    interventions = scoped_queryset(request, InterventionViewSet).filter(participant=participant)
    enrollments = (
        scoped_queryset(request, EnrollmentViewSet).filter(participant=participant).select_related("program")
    )
    followups = participant.retention_followups.order_by("due_on")
    is_staff = request.user.role in STAFF_ROLES
    programs = access.program_for_actor(actor=request.user).filter(is_active=True)
    return {
        "participant": participant,
        "identity": getattr(participant, "identity", None) if not participant.erased_on else None,
        "consents": participant.consents.order_by("-given_on"),
        "enrollments": enrollments,
        "interventions": interventions.select_related("agent", "program").order_by("-date", "-pk")[:20],
        "hours_this_year": round(
            (
                interventions.filter(date__gte=fiscal_year.start, date__lte=fiscal_year.end).aggregate(
                    total=Sum("minutes")
                )["total"]
                or 0
            )
            / 60,
            1,
        ),
        "followups": followups,
        "due_this_week": [
            f for f in followups if f.status == RetentionStatus.SCHEDULED and f.due_on <= today + _week()
        ],
        "today": today,
        "journey_steps": JourneyStep.choices,
        "can_export": is_staff,
        "can_erase": is_staff and not participant.erased_on,
        "can_withdraw": participant.has_consent,
        "journey_form": forms_.get("journey_form")
        or JourneyForm(initial={"on": today, "step": _next_step(participant.journey_step)}),
        "enroll_form": forms_.get("enroll_form") or EnrollForm(programs=programs),
        "followup_forms": [
            (
                followup,
                forms_["followup_form"]
                if "followup_form" in forms_ and forms_["followup_form"].prefix == f"f{followup.pk}"
                else FollowUpForm(prefix=f"f{followup.pk}", initial={"recorded_on": today}),
            )
            for followup in followups
            if followup.status == RetentionStatus.SCHEDULED
        ],
        "withdraw_form": forms_.get("withdraw_form") or WithdrawForm(initial={"withdrawn_on": today}),
        "erase_form": forms_.get("erase_form") or EraseForm(),
        "intervention_form": forms_.get("intervention_form")
        or InterventionForm(actor=request.user, fixed_participant=participant, initial={"date": today}),
    }


def _next_step(current: str) -> str:
    steps = list(JourneyStep.values)
    index = steps.index(current) if current in steps else 0
    return steps[min(index + 1, len(steps) - 1)]


def _week():
    import datetime as dt

    return dt.timedelta(days=7)


@login_required
def participant(request, pk):
    participant = get_object_or_404(_people_queryset(request), pk=pk)
    audit_identities_viewed(actor=request.user, participants=[participant], context="web-file")
    return render(request, "web/participant.html", _file_context(request, participant))


def _file_action(request, pk, form, action, success):
    """Runs one action of a file's page; on a refused submit the page comes back with the form's
    errors and what was typed."""
    participant = get_object_or_404(_people_queryset(request), pk=pk)
    if request.user.role not in ParticipantViewSet.write_roles:
        raise PermissionDenied
    if form.is_valid():
        try:
            action(participant, form.cleaned_data)
        except ApplicationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, success)
            return redirect("web:participant", pk=participant.pk)
    return render(
        request,
        "web/participant.html",
        _file_context(request, participant, **{form.prefix_name: form}),
        status=400,
    )


def _named(form, name):
    form.prefix_name = name
    return form


@require_POST
@login_required
def participant_journey(request, pk):
    def action(participant, data):
        services.participant_journey_advance(
            participant=participant, step=data["step"], on=data["on"], actor=request.user
        )

    return _file_action(
        request, pk, _named(JourneyForm(request.POST), "journey_form"), action, _("Parcours mis à jour.")
    )


@require_POST
@login_required
def participant_enroll(request, pk):
    programs = access.program_for_actor(actor=request.user).filter(is_active=True)

    def action(participant, data):
        services.participant_enroll(
            participant=participant,
            program=data["program"],
            applied_on=data["applied_on"],
            agent=participant.agent,
            actor=request.user,
        )

    form = _named(EnrollForm(request.POST, programs=programs), "enroll_form")
    return _file_action(request, pk, form, action, _("Inscription enregistrée."))


@require_POST
@login_required
def participant_followup(request, pk, followup_pk):
    def action(participant, data):
        followup = get_object_or_404(participant.retention_followups, pk=followup_pk)
        services.retention_followup_record(
            followup=followup,
            status=data["status"],
            recorded_on=data["recorded_on"],
            note=data["note"],
            recorded_by=access.team_member_of(request.user),
            actor=request.user,
        )

    form = _named(FollowUpForm(request.POST, prefix=f"f{followup_pk}"), "followup_form")
    return _file_action(request, pk, form, action, _("Suivi de rétention consigné."))


@require_POST
@login_required
def participant_withdraw(request, pk):
    def action(participant, data):
        services.participant_consent_withdraw(
            participant=participant, withdrawn_on=data["withdrawn_on"], actor=request.user
        )

    form = _named(WithdrawForm(request.POST), "withdraw_form")
    return _file_action(request, pk, form, action, _("Retrait du consentement consigné."))


@require_POST
@login_required
def participant_erase(request, pk):
    if request.user.role not in STAFF_ROLES:
        raise PermissionDenied

    def action(participant, data):
        services.participant_erase(participant=participant, actor=request.user, reason=data["reason"])

    form = _named(EraseForm(request.POST), "erase_form")
    return _file_action(
        request, pk, form, action, _("Renseignements personnels effacés ; les statistiques restent comptées.")
    )


@login_required
def participant_export(request, pk):
    """Law 25 right of access: everything held about the person, as a JSON file (direction and
    coordination only, as in the API)."""
    if request.user.role not in STAFF_ROLES:
        raise PermissionDenied
    participant = get_object_or_404(_people_queryset(request), pk=pk)
    document = services.participant_export(participant=participant, actor=request.user)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{participant.code}.json"'
    return response


def _safe_next(request) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


# --- the quick intervention log -----------------------------------------------------------------


class InterventionForm(WebModelForm):
    """Participant, date, minutes, mode: a few seconds from the caseload."""

    class Meta:
        model = Intervention
        fields = ["participant", "date", "minutes", "mode"]

    def __init__(self, *args, actor, fixed_participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = access.participant_for_actor(actor=actor)
        self.fields["participant"].required = True
        # From a caseload row or a file, the person is already chosen: no list of names to scroll.
        self.fixed_participant = fixed_participant
        if fixed_participant is not None:
            self.fields["participant"].widget = forms.HiddenInput()
            self.initial["participant"] = fixed_participant.pk
        self.fields["minutes"].widget.attrs.update({"min": 1, "max": 1440, "step": 5, "inputmode": "numeric"})

    def _post_clean(self):
        # The service validates the write (with its own messages); no model instance is built here.
        pass


@login_required
def intervention_new(request):
    if request.user.role not in InterventionViewSet.write_roles:
        raise PermissionDenied
    chosen = request.POST.get("participant") if request.method == "POST" else request.GET.get("participant")
    fixed = None
    if chosen and chosen.isdigit():
        fixed = access.participant_for_actor(actor=request.user).filter(pk=chosen).first()
    form = InterventionForm(
        request.POST or None,
        actor=request.user,
        fixed_participant=fixed,
        initial={"date": timezone.localdate()},
    )
    if request.htmx and fixed is not None:
        # Opened from a caseload row: the cursor goes straight to the minutes (htmx honours autofocus).
        form.fields["minutes"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        try:
            agent = (
                acting_agent(request, None)
                if request.user.role == Role.AGENT
                else access.team_member_of(request.user)
            )
            intervention = services.intervention_log(agent=agent, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.apply_service_error(error)
        except DRFValidationError as error:
            form.add_error(None, " ".join(str(m) for messages_ in error.detail.values() for m in messages_))
        else:
            text = _("Intervention de %(minutes)s min consignée pour le dossier %(code)s.") % {
                "minutes": intervention.minutes,
                "code": intervention.participant.code,
            }
            if request.htmx:
                return render(request, "web/includes/intervention_done.html", {"message": text})
            messages.success(request, text)
            return redirect(_safe_next(request) or "web:participants")
    template = "web/includes/intervention_form.html" if request.htmx else "web/intervention_new.html"
    return render(
        request,
        template,
        {"form": form, "next": request.GET.get("next") or request.POST.get("next", "")},
        status=400 if form.errors else 200,
    )
