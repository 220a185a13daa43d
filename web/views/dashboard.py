"""Dashboards of the current fiscal year (April–March).

Region admins and coordinators see the region's indicators (core.selectors, the same report as
/api/v1/indicators/); an agent sees their own caseload (agents have no access to the region's
statistics, as in the API). Funders have their own dashboard (web.views.funders).
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from core import access, selectors
from core.models import Outcome, RetentionFollowUp, RetentionStatus
from web.charts import Row, bar_chart, column_chart
from web.fiscal import current_fiscal_year, fiscal_year_starting
from web.forms import WebForm

# How many past fiscal years the selector offers (the demo's figures are from 2023-2024).
YEARS_BACK = 6


class FiscalYearForm(WebForm):
    exercice = forms.TypedChoiceField(label=gettext_lazy("Exercice"), coerce=int, required=False)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exercice"].choices = [
            (year, f"{year}-{year + 1}")
            for year in range(current.start.year, current.start.year - YEARS_BACK, -1)
        ]

    def fiscal_year(self, current):
        year = self.cleaned_data.get("exercice") if self.is_valid() else None
        return fiscal_year_starting(year) if year else current


STAFF = (Role.REGION_ADMIN, Role.COORDINATOR)
# The outcomes a region reports on (the annual report's columns).
REPORTED_OUTCOMES = [
    Outcome.SUCCESSFUL_MIGRATION,
    Outcome.PARALLEL_MIGRATION,
    Outcome.EMPLOYED,
    Outcome.BACK_TO_SCHOOL,
]
TOP_CITIES = 10
# Follow-ups listed on an agent's dashboard (the most recent first; the rest are counted).
DUE_SHOWN = 15


def figure(value) -> str:
    """A KPI in the page's language (grouped thousands, one decimal at most); "<5" stays as is."""
    if isinstance(value, int | float | Decimal):
        decimals = 0 if float(value).is_integer() else 1
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return str(value)


def chart(title: str, rows: list[Row], *, kind: str = "bar", value_header: str | None = None) -> dict:
    draw = column_chart if kind == "column" else bar_chart
    return {
        "title": title,
        "svg": draw(rows),
        "rows": rows,
        "value_header": value_header or _("Nombre"),
        "kind": kind,
    }


def hours_by_month(interventions, fiscal_year) -> list[Row]:
    """Hours of intervention per month of the fiscal year, from a query already scoped to the actor."""
    minutes = dict(
        interventions.filter(date__gte=fiscal_year.start, date__lte=fiscal_year.end)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("month")
        .annotate(total=Sum("minutes"))
        .values_list("month", "total")
    )
    rows = []
    for month in fiscal_year.months():
        total = minutes.get(month) or 0
        rows.append(Row(date_format(month, "F Y"), round(total / 60, 1), short_label=date_format(month, "M")))
    return rows


def portrait_rows(rows: list[dict], *, limit: int | None = None) -> list[Row]:
    items = [row for row in rows if row["count"] not in (0, None)]
    if limit is not None:
        items = sorted(items, key=lambda row: -row["count"] if isinstance(row["count"], int) else 0)[:limit]
    return [Row(str(row["label"] or _("Non précisé")), row["count"]) for row in items]


@login_required
def dashboard(request):
    user = request.user
    if user.role == Role.FUNDER:
        raise PermissionDenied
    current = current_fiscal_year()
    year_form = FiscalYearForm(request.GET or None, current=current)
    fiscal_year = year_form.fiscal_year(current)
    interventions = access.intervention_for_actor(actor=user)
    context = {"fiscal_year": fiscal_year, "is_staff_view": user.role in STAFF, "year_form": year_form}
    monthly = hours_by_month(interventions, fiscal_year)
    hours_chart = chart(_("Heures d'intervention par mois"), monthly, kind="column", value_header=_("Heures"))
    if user.role in STAFF:
        report = selectors.region_indicators(date_from=fiscal_year.start, date_to=fiscal_year.end)
        portrait = report["portrait"]
        context.update(
            report=report,
            kpis=[
                (_("Participant·e·s suivi·e·s"), report["participants"]),
                (_("Heures d'intervention"), report["intervention_hours"]),
                (_("Nouvelles candidatures"), report["new_candidates"]),
                (_("Migrations réussies"), report["successful_migrations"]),
                (_("Migrations parallèles"), report["parallel_migrations"]),
                (_("Activités"), report["activity_count"]),
                (_("Personnes rejointes"), report["people_reached"]),
            ],
            charts=[
                chart(_("Participant·e·s par groupe d'âge"), portrait_rows(portrait["age_group"])),
                chart(
                    _("Participant·e·s par ville (10 principales)"),
                    portrait_rows(portrait["city"], limit=TOP_CITIES),
                ),
                chart(_("Participant·e·s par statut"), portrait_rows(portrait["immigration_status"])),
                hours_chart,
            ],
            outcome_headers=[Outcome(outcome).label for outcome in REPORTED_OUTCOMES],
            outcome_rows=[
                {"name": program["name"], "values": [program["outcomes"][o] for o in REPORTED_OUTCOMES]}
                for program in report["programs"]
                if any(program["outcomes"][o] for o in REPORTED_OUTCOMES) or program["participants"]
            ],
        )
    else:
        today = timezone.localdate()
        week_end = today + dt.timedelta(days=7)
        participants = access.participant_for_actor(actor=user)
        total_minutes = (
            interventions.filter(date__gte=fiscal_year.start, date__lte=fiscal_year.end).aggregate(
                total=Sum("minutes")
            )["total"]
            or 0
        )
        due_all = RetentionFollowUp.objects.filter(
            participant__in=participants.values("pk"),
            status=RetentionStatus.SCHEDULED,
            due_on__lte=week_end,
        )
        due = list(
            due_all.select_related("participant", "participant__identity").order_by("-due_on")[:DUE_SHOWN]
        )
        context.update(
            kpis=[
                (_("Mes participant·e·s"), participants.count()),
                (_("Mes heures d'intervention"), round(total_minutes / 60, 1)),
            ],
            charts=[hours_chart],
            due_followups=due,
            due_count=due_all.count(),
            today=today,
        )
    context["kpis"] = [(label, figure(value)) for label, value in context["kpis"]]
    return render(request, "web/dashboard.html", context, status=400 if year_form.errors else 200)
