"""/api/v1/indicators/?from=&to=&program=: the annual report's figures, computed in SQL aggregates
by core.selectors, with each agreement's indicator targets beside their actuals.

Region admins and coordinators see the whole region. A funder sees only its programs and
agreements, with small counts of people suppressed (see api.suppression); agents have no access
(they see their own files, not the region's statistics).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from api import suppression
from api.permissions import RolePermission
from core import access, selectors
from core.models import ActivityKind, Indicator, Outcome

# Indicators that count people: what a funder never sees below the threshold.
PEOPLE_INDICATORS = {
    Indicator.PARTICIPANTS,
    Indicator.NEW_CANDIDATES,
    Indicator.WALK_IN_PARTICIPANTS,
    Indicator.SUCCESSFUL_MIGRATIONS,
    Indicator.PARALLEL_MIGRATIONS,
    Indicator.EXPLORATORY_STAY_PARTICIPANTS,
    Indicator.EMPLOYMENT_OUTCOMES,
    Indicator.RETURN_TO_SCHOOL,
    Indicator.PEOPLE_REACHED,
}


class IndicatorQuerySerializer(serializers.Serializer):
    # `from` is a Python keyword: the field is declared under another name and renamed below.
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    program = serializers.CharField(required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["from"].source = "date_from"
        self.fields["to"] = self.fields.pop("date_to")
        self.fields["to"].source = "date_to"

    def validate_program(self, value: str) -> list[int]:
        try:
            ids = [int(part) for part in value.split(",") if part.strip()]
        except ValueError:
            raise serializers.ValidationError(
                _("Liste d'identifiants de programmes attendue (ex. 3,7).")
            ) from None
        visible = set(
            access.program_for_actor(actor=self.context["request"].user)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        if set(ids) - visible:
            # Same message for a program that does not exist and one the actor may not see.
            raise serializers.ValidationError(
                _("Programme inconnu : %(ids)s.") % {"ids": ", ".join(map(str, sorted(set(ids) - visible)))}
            )
        return ids

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and end < start:
            raise serializers.ValidationError({"to": [_("La fin de la période ne peut précéder son début.")]})
        return attrs


class IndicatorsView(APIView):
    permission_classes = [RolePermission]
    read_roles = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.FUNDER})
    write_roles = frozenset()

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Start of the period (inclusive)."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="End of the period (inclusive)."),
            OpenApiParameter("program", OpenApiTypes.STR, description="Program ids, comma-separated."),
        ],
        responses=OpenApiResponse(
            OpenApiTypes.OBJECT,
            description=(
                "The annual report for the period: `participants`, `portrait` (by age_group, city, "
                "education, gender, immigration_status: [{value, label, count}]), `intervention_hours`, "
                "`walk_in_participants`, `new_candidates`, `outcomes` (by outcome), `successful_migrations`, "
                "`parallel_migrations`, `exploratory_stay_participants`, `programs` (per program), "
                "`activities` (per kind: activities, people_reached, named_attendance), `people_reached`, "
                "`kiosks`, `companies_accompanied`, `agreements` (each with its indicator targets beside "
                "their actuals), `program_ids` and `suppression`. For a funder, counts of people from 1 to "
                'threshold-1 read "<threshold" (e.g. "<5"), with complementary suppression.'
            ),
        ),
        tags=["indicators"],
    )
    def get(self, request):
        query = IndicatorQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        params = query.validated_data
        return Response(
            indicators_for_actor(
                actor=request.user,
                date_from=params.get("date_from"),
                date_to=params.get("date_to"),
                programs=params.get("program"),
            )
        )


def indicators_for_actor(*, actor, date_from=None, date_to=None, programs=None) -> dict:
    """The report as `actor` may see it (the API and the web pages both call this): a funder gets
    only the programs it funds, with small counts of people suppressed."""
    is_funder = actor.role == Role.FUNDER
    chosen = programs
    if programs is None and is_funder:
        # Never "every program" for a funder: only the ones it funds (possibly none).
        programs = sorted(set(access.funder_program_ids(actor).values_list("pk", flat=True)))
    report = selectors.region_indicators(date_from=date_from, date_to=date_to, programs=programs)
    agreements = access.agreement_for_actor(actor=actor)
    if chosen:
        agreements = agreements.filter(programs__in=chosen).distinct()
    report["agreements"] = [
        {
            "id": agreement.pk,
            "title": agreement.title,
            "status": agreement.status,
            "indicators": selectors.agreement_indicators(agreement=agreement),
        }
        for agreement in agreements
    ]
    report["program_ids"] = programs
    threshold = getattr(settings, "INDICATORS_SUPPRESSION_THRESHOLD", 5)
    report["suppression"] = {"applied": is_funder, "threshold": threshold if is_funder else None}
    if is_funder:
        suppress_report(report, threshold)
    return report


def _breakdown(rows: list[dict], key: str, total, threshold: int):
    """Hides small cells of rows[*][key] against `total`; returns the (possibly hidden) total."""
    cells = [row[key] for row in rows]
    hidden, hide_total = suppression.suppress_breakdown(cells, total, threshold)
    for row, hide in zip(rows, hidden, strict=True):
        row[key] = suppression.apply(row[key], hide, threshold)
    return suppression.apply(total, hide_total, threshold) if total is not None else None


def suppress_report(report: dict, threshold: int) -> None:
    """Funder view of a region_indicators() report, in place."""
    total = report["participants"]
    for rows in report["portrait"].values():
        _breakdown(rows, "count", total, threshold)
    programs = report["programs"]
    new_candidates = report["new_candidates"]
    outcomes = report["outcomes"]
    for outcome in Outcome.values:
        column = [{"n": program["outcomes"][outcome]} for program in programs]
        outcomes[outcome] = _breakdown(column, "n", outcomes[outcome], threshold)
        for program, cell in zip(programs, column, strict=True):
            program["outcomes"][outcome] = cell["n"]
    report["new_candidates"] = _breakdown(programs, "new_candidates", new_candidates, threshold)
    _breakdown(programs, "participants", total, threshold)
    for program in programs:
        program["open_enrollments"] = suppression.suppress_value(program["open_enrollments"], threshold)
    report["participants"] = suppression.suppress_value(total, threshold)
    report["successful_migrations"] = outcomes[Outcome.SUCCESSFUL_MIGRATION]
    report["parallel_migrations"] = outcomes[Outcome.PARALLEL_MIGRATION]
    for key in ("walk_in_participants", "exploratory_stay_participants"):
        report[key] = suppression.suppress_value(report[key], threshold)
    activities = report["activities"]
    report["people_reached"] = _breakdown(activities, "people_reached", report["people_reached"], threshold)
    _breakdown(activities, "named_attendance", None, threshold)
    report["people_reached_at_kiosks"] = next(
        (row["people_reached"] for row in activities if row["kind"] == ActivityKind.KIOSK), 0
    )
    for agreement in report["agreements"]:
        for row in agreement["indicators"]:
            if row["indicator"] in PEOPLE_INDICATORS and suppression.is_small(int(row["actual"]), threshold):
                row["actual"] = suppression.masked(threshold)
                row["ratio"] = None
