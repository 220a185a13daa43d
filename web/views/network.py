"""The partner network and the region's frame: partners, service points, team, committees,
programs and agreements. Reads through the API viewsets' selectors (core.access); writes through
core.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import STAFF_ROLES, Role
from api.v1.agreements import AgreementViewSet
from api.v1.committees import CommitteeViewSet
from api.v1.deliverables import DeliverableViewSet
from api.v1.partners import PartnerViewSet
from api.v1.programs import ProgramViewSet
from api.v1.service_points import ServicePointViewSet
from api.v1.team_members import TeamMemberViewSet
from core import access, selectors, services
from core.access import indicators_for_actor
from core.models import DeliverableStatus, Partner
from core.services.partners import PARTNER_FIELDS
from web.forms import run_service, service_form
from web.lists import Column, filtered_list, list_context, may_write, scoped_queryset

PartnerForm = service_form(Partner, PARTNER_FIELDS)
OPEN_DELIVERABLE = (DeliverableStatus.PLANNED, DeliverableStatus.IN_PROGRESS)


def _list_page(request, viewset, template, title, columns, shown_filters=(), related=(), **extra):
    # `related`: what the page shows beyond the API's rows (one join instead of a query per row)
    queryset = scoped_queryset(request, viewset).select_related(*related) if related else None
    result = filtered_list(request, viewset, queryset=queryset, shown_filters=shown_filters)
    context = {
        "title": title,
        "can_write": may_write(request, viewset),
        **list_context(result, columns),
        **extra,
    }
    return render(request, template, context, status=400 if result.errors else 200)


# --- partners ----------------------------------------------------------------------------------


@login_required
def partners(request):
    columns = [
        Column(gettext_lazy("Nom"), "name"),
        Column(gettext_lazy("Type"), "kind"),
        Column(gettext_lazy("Territoire"), "territory"),
        Column(gettext_lazy("Ville"), "city"),
        Column(gettext_lazy("Endosse la stratégie")),
    ]
    return _list_page(
        request,
        PartnerViewSet,
        "web/partners.html",
        _("Organismes partenaires"),
        columns,
        shown_filters=("kind", "endorses_strategy", "is_active"),
    )


@login_required
def partner(request, pk):
    partner = get_object_or_404(scoped_queryset(request, PartnerViewSet), pk=pk)
    service_points = access.service_point_for_actor(actor=request.user).filter(partner=partner)
    offered = access.service_for_actor(actor=request.user).filter(partner=partner)
    committees = access.committee_for_actor(actor=request.user).filter(partners=partner)
    return render(
        request,
        "web/partner.html",
        {
            "partner": partner,
            "service_points": service_points,
            "offered_services": offered,
            "committees": committees,
            "can_write": may_write(request, PartnerViewSet),
        },
    )


@login_required
def partner_form(request, pk=None):
    if not may_write(request, PartnerViewSet):
        raise PermissionDenied
    instance = get_object_or_404(scoped_queryset(request, PartnerViewSet), pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        if instance is None:
            saved = run_service(form, services.partner_create)
        else:
            saved = run_service(form, services.partner_update, partner=instance)
        if saved is not None:
            messages.success(request, _("Organisme « %(name)s » enregistré.") % {"name": saved.name})
            return redirect("web:partner", pk=saved.pk)
    title = _("Modifier l'organisme") if instance else _("Ajouter un organisme partenaire")
    return render(
        request,
        "web/form_page.html",
        {"form": form, "title": title, "cancel_url": request.META.get("HTTP_REFERER") or "/partenaires/"},
        status=400 if form.errors else 200,
    )


# --- service points, team, committees ------------------------------------------------------------


@login_required
def service_points(request):
    columns = [
        Column(gettext_lazy("Nom"), "name"),
        Column(gettext_lazy("Organisme")),
        Column(gettext_lazy("Adresse")),
        Column(gettext_lazy("Ville"), "city"),
        Column(gettext_lazy("Téléphone")),
        Column(gettext_lazy("Accueil")),
    ]
    return _list_page(
        request,
        ServicePointViewSet,
        "web/service_points.html",
        _("Points de service"),
        columns,
        shown_filters=("city", "by_appointment_only"),
        related=("partner",),
    )


@login_required
def team(request):
    columns = [
        Column(gettext_lazy("Nom"), "full_name"),
        Column(gettext_lazy("Fonction"), "role"),
        Column(gettext_lazy("Équipe"), "team"),
        Column(gettext_lazy("Point de service")),
        Column(gettext_lazy("Programmes")),
        Column(gettext_lazy("Dossiers suivis")),
    ]
    result = filtered_list(
        request,
        TeamMemberViewSet,
        queryset=scoped_queryset(request, TeamMemberViewSet).select_related("service_point"),
        shown_filters=("role", "team", "service_point"),
    )
    rows = list(result.page.object_list)
    # Caseloads: participants each member is responsible for, counted within the actor's own scope.
    caseloads = dict(
        access.participant_for_actor(actor=request.user)
        .filter(agent__in=rows)
        .order_by()
        .values_list("agent")
        .annotate(n=Count("pk"))
        .values_list("agent", "n")
    )
    # An agent only counts their own files: other members' caseloads are not theirs to know.
    own_only = request.user.role == Role.AGENT
    context = {
        "title": _("Équipe"),
        **list_context(result, columns),
        "rows": [
            (member, "—" if own_only and member.user_id != request.user.pk else caseloads.get(member.pk, 0))
            for member in rows
        ],
    }
    return render(request, "web/team.html", context, status=400 if result.errors else 200)


@login_required
def committees(request):
    columns = [
        Column(gettext_lazy("Nom"), "name"),
        Column(gettext_lazy("Type"), "kind"),
        Column(gettext_lazy("Territoire")),
        Column(gettext_lazy("Organismes membres")),
        Column(gettext_lazy("Membres de l'équipe")),
    ]
    return _list_page(
        request,
        CommitteeViewSet,
        "web/committees.html",
        _("Tables de concertation et comités"),
        columns,
        shown_filters=("kind", "is_active"),
    )


# --- programs and agreements -------------------------------------------------------------------


@login_required
def programs(request):
    columns = [
        Column(gettext_lazy("Programme"), "name_fr"),
        Column(gettext_lazy("Axe"), "axis"),
        Column(gettext_lazy("Bailleurs de fonds")),
        Column(gettext_lazy("Âges")),
    ]
    return _list_page(
        request,
        ProgramViewSet,
        "web/programs.html",
        _("Programmes"),
        columns,
        shown_filters=("axis", "funders"),
    )


@login_required
def program(request, pk):
    program = get_object_or_404(scoped_queryset(request, ProgramViewSet), pk=pk)
    agreements = access.agreement_for_actor(actor=request.user).filter(programs=program)
    return render(
        request,
        "web/program.html",
        {"program": program, "objectives": program.objectives.all(), "agreements": agreements},
    )


@login_required
def agreements(request):
    columns = [
        Column(gettext_lazy("Entente"), "title"),
        Column(gettext_lazy("Type")),
        Column(gettext_lazy("Statut"), "status"),
        Column(gettext_lazy("Début"), "start_date"),
        Column(gettext_lazy("Fin"), "end_date"),
        Column(gettext_lazy("Parties")),
    ]
    return _list_page(
        request,
        AgreementViewSet,
        "web/agreements.html",
        _("Ententes"),
        columns,
        shown_filters=("kind", "status"),
    )


def deliverable_timeline(deliverables, today):
    """Deliverables in due order, each flagged late when its due date passed and it is still open."""
    return [
        {
            "deliverable": d,
            "late": d.status in OPEN_DELIVERABLE and d.due_date is not None and d.due_date < today,
        }
        for d in sorted(deliverables, key=lambda d: (d.due_date is None, d.due_date, d.position))
    ]


@login_required
def agreement(request, pk):
    agreement = get_object_or_404(
        scoped_queryset(request, AgreementViewSet).prefetch_related(
            Prefetch("parties__partner"), Prefetch("parties__funder"), "objectives"
        ),
        pk=pk,
    )
    deliverables = scoped_queryset(request, DeliverableViewSet).filter(agreement=agreement)
    today = timezone.localdate()
    # Targets beside actuals, for the roles the indicators API serves; a funder's are suppressed.
    indicators = None
    if request.user.role == Role.FUNDER:
        report = indicators_for_actor(actor=request.user)
        indicators = next((a["indicators"] for a in report["agreements"] if a["id"] == agreement.pk), [])
    elif request.user.role in STAFF_ROLES:
        indicators = selectors.agreement_indicators(agreement=agreement)
    return render(
        request,
        "web/agreement.html",
        {
            "agreement": agreement,
            "timeline": deliverable_timeline(deliverables, today),
            "today": today,
            "indicators": indicators,
        },
    )
