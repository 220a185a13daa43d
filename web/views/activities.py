"""Activities: the list, one activity with its attendance taken for the whole group on one screen,
and the anonymous headcounts by age band (kiosks, fairs). Writes by direction and coordination,
as in the API."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.v1.activities import ActivityViewSet
from api.v1.participants import ParticipantViewSet
from core import access, services
from core.audit import audit_identities_viewed
from core.errors import ApplicationError
from core.models import Activity, AgeGroup, EnrollmentStatus
from core.services.activities import ACTIVITY_FIELDS
from web.forms import WebForm, run_service, service_form
from web.lists import Column, filtered_list, list_context, may_write, scoped_queryset

# The service's field set, in the model's order (the form shows them in that order).
ACTIVITY_FORM_FIELDS = ["title", "kind", "start_date"] + [
    f.name for f in Activity._meta.fields if f.name in ACTIVITY_FIELDS
]
ActivityForm = service_form(Activity, ACTIVITY_FORM_FIELDS)
CANDIDATES_SHOWN = 150


@login_required
def activities(request):
    columns = [
        Column(gettext_lazy("Date"), "start_date"),
        Column(gettext_lazy("Activité"), "title"),
        Column(gettext_lazy("Type"), "kind"),
        Column(gettext_lazy("Ville"), "city"),
        Column(gettext_lazy("Présences nominatives")),
        Column(gettext_lazy("Personnes rejointes (sans nom)")),
    ]
    result = filtered_list(request, ActivityViewSet, shown_filters=("kind", "program"))
    context = {
        "title": _("Activités"),
        "can_write": may_write(request, ActivityViewSet),
        **list_context(result, columns),
    }
    context["rows"] = [(row, sum(r.headcount for r in row.reach.all())) for row in context["rows"]]
    return render(request, "web/activities.html", context, status=400 if result.errors else 200)


@login_required
def activity_new(request):
    if not may_write(request, ActivityViewSet):
        raise PermissionDenied
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        activity = run_service(form, services.activity_create)
        if activity is not None:
            messages.success(request, _("Activité « %(title)s » créée.") % {"title": activity.title})
            return redirect("web:activity", pk=activity.pk)
    return render(
        request,
        "web/form_page.html",
        {"form": form, "title": _("Nouvelle activité"), "cancel_url": "/activites/"},
        status=400 if form.errors else 200,
    )


class HeadcountForm(WebForm):
    """One number per age band: people reached without their names (0 removes the band)."""

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        current = {row.age_band: row.headcount for row in activity.reach.all()}
        for value, label in AgeGroup.choices:
            self.fields[value] = forms.IntegerField(
                label=label, min_value=0, max_value=100000, required=False, initial=current.get(value, 0)
            )


def _activity_context(request, activity, *, headcount_form=None, attendance_error=None, search=""):
    can_write = may_write(request, ActivityViewSet)
    context = {
        "activity": activity,
        "can_write": can_write,
        "reach": list(activity.reach.all()),
        "headcount_form": headcount_form or HeadcountForm(activity=activity),
        "attendance_error": attendance_error,
        "search": search,
    }
    if can_write and request.user.role in ParticipantViewSet.read_roles:
        # Named attendance: people the actor may see — those already present, the program's open
        # enrolments, and whoever the search finds.
        people = access.participant_for_actor(actor=request.user).filter(erased_on__isnull=True)
        attending = list(people.filter(attendances__activity=activity).order_by("code"))
        candidates = people.none()
        if activity.program_id:
            candidates = people.filter(
                enrollments__program_id=activity.program_id,
                enrollments__status__in=[
                    EnrollmentStatus.ENROLLED,
                    EnrollmentStatus.ACTIVE,
                    EnrollmentStatus.APPLIED,
                ],
            )
        if search:
            candidates = people.filter(
                Q(code__icontains=search)
                | Q(identity__first_name__icontains=search)
                | Q(identity__last_name__icontains=search)
            )
        attending_ids = {p.pk for p in attending}
        others = [
            p for p in candidates.distinct().order_by("code")[:CANDIDATES_SHOWN] if p.pk not in attending_ids
        ]
        roster = [(p, True) for p in attending] + [(p, False) for p in others]
        audit_identities_viewed(
            actor=request.user, participants=[p for p, _x in roster], context="web-attendance"
        )
        context["roster"] = roster
    return context


@login_required
def activity(request, pk):
    activity = get_object_or_404(scoped_queryset(request, ActivityViewSet), pk=pk)
    search = request.GET.get("search", "").strip()[:100]
    return render(request, "web/activity.html", _activity_context(request, activity, search=search))


@login_required
def activity_attendance(request, pk):
    """Saves the whole group's attendance at once: ticked boxes are present, unticked ones are not."""
    if request.method != "POST" or not may_write(request, ActivityViewSet):
        raise PermissionDenied
    activity = get_object_or_404(scoped_queryset(request, ActivityViewSet), pk=pk)
    people = access.participant_for_actor(actor=request.user)
    try:
        shown = {int(value) for value in request.POST.getlist("shown")}
        present = {int(value) for value in request.POST.getlist("present")}
    except ValueError:
        shown, present = set(), None
    if present is None or not present <= shown:
        context = _activity_context(request, activity, attendance_error=_("Liste de présences invalide."))
        return render(request, "web/activity.html", context, status=400)
    visible = {p.pk: p for p in people.filter(pk__in=shown)}
    attending = set(
        activity.attendances.filter(participant__in=visible.values()).values_list("participant", flat=True)
    )
    try:
        with transaction.atomic():
            for pk_ in sorted(present - attending):
                if pk_ in visible:
                    services.activity_attendance_add(
                        activity=activity, participant=visible[pk_], actor=request.user
                    )
            for pk_ in sorted((shown & attending) - present):
                services.activity_attendance_remove(
                    activity=activity, participant=visible[pk_], actor=request.user
                )
    except ApplicationError as error:
        context = _activity_context(request, activity, attendance_error=error.detail)
        return render(request, "web/activity.html", context, status=400)
    messages.success(
        request, _("Présences enregistrées (%(n)s personnes).") % {"n": activity.attendances.count()}
    )
    return redirect("web:activity", pk=activity.pk)


@login_required
def activity_headcounts(request, pk):
    if request.method != "POST" or not may_write(request, ActivityViewSet):
        raise PermissionDenied
    activity = get_object_or_404(scoped_queryset(request, ActivityViewSet), pk=pk)
    form = HeadcountForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            with transaction.atomic():
                for band, headcount in form.cleaned_data.items():
                    services.activity_reach_set(activity=activity, age_band=band, headcount=headcount or 0)
        except ApplicationError as error:
            form.apply_service_error(error)
        else:
            messages.success(request, _("Personnes rejointes enregistrées."))
            return redirect("web:activity", pk=activity.pk)
    return render(
        request, "web/activity.html", _activity_context(request, activity, headcount_form=form), status=400
    )
