"""A funder's read-only dashboard: what it funds — agreements, deliverables and their status,
indicators with small counts suppressed exactly as the API does (core.access.indicators_for_actor). No edit
control and no personal information (no name, no file number) anywhere on it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from api.v1.deliverables import DeliverableViewSet
from core import access
from core.access import indicators_for_actor
from core.models import Outcome
from web.fiscal import current_fiscal_year
from web.lists import scoped_queryset
from web.views.dashboard import REPORTED_OUTCOMES, FiscalYearForm, chart, figure, portrait_rows
from web.views.network import deliverable_timeline


@login_required
def funder_dashboard(request):
    user = request.user
    if user.role != Role.FUNDER:
        raise PermissionDenied
    current = current_fiscal_year()
    year_form = FiscalYearForm(request.GET or None, current=current)
    fiscal_year = year_form.fiscal_year(current)
    report = indicators_for_actor(actor=user, date_from=fiscal_year.start, date_to=fiscal_year.end)
    today = timezone.localdate()
    agreements = list(access.agreement_for_actor(actor=user))
    deliverables = scoped_queryset(request, DeliverableViewSet).filter(agreement__in=agreements)
    by_agreement: dict[int, list] = {}
    for deliverable in deliverables:
        by_agreement.setdefault(deliverable.agreement_id, []).append(deliverable)
    indicators = {row["id"]: row["indicators"] for row in report["agreements"]}
    context = {
        "fiscal_year": fiscal_year,
        "year_form": year_form,
        "threshold": report["suppression"]["threshold"],
        "kpis": [
            (_("Participant·e·s suivi·e·s"), figure(report["participants"])),
            (_("Heures d'intervention"), figure(report["intervention_hours"])),
            (_("Nouvelles candidatures"), figure(report["new_candidates"])),
            (_("Migrations réussies"), figure(report["successful_migrations"])),
            (_("Migrations parallèles"), figure(report["parallel_migrations"])),
            (_("Personnes rejointes"), figure(report["people_reached"])),
        ],
        "charts": [
            chart(_("Participant·e·s par groupe d'âge"), portrait_rows(report["portrait"]["age_group"])),
            chart(_("Participant·e·s par statut"), portrait_rows(report["portrait"]["immigration_status"])),
        ],
        "outcome_headers": [Outcome(o).label for o in REPORTED_OUTCOMES],
        "program_rows": [
            {
                "name": program["name"],
                "participants": program["participants"],
                "values": [program["outcomes"][o] for o in REPORTED_OUTCOMES],
            }
            for program in report["programs"]
        ],
        "agreements": [
            {
                "agreement": agreement,
                "timeline": deliverable_timeline(by_agreement.get(agreement.pk, []), today),
                "indicators": indicators.get(agreement.pk, []),
            }
            for agreement in agreements
        ],
    }
    return render(request, "web/funder_dashboard.html", context, status=400 if year_form.errors else 200)
