"""/api/v1/indicators/?from=&to=&program=: the annual report's figures, with each agreement's
indicator targets beside their actuals, as core.access.indicators_for_actor composes them.

Region admins and coordinators see the whole region. A funder sees only its programs and
agreements, with small counts of people suppressed (core.suppression); agents have no access
(they see their own files, not the region's statistics). This view only reads the query.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import REPORT_ROLES
from api.permissions import RolePermission
from core import access


class IndicatorQuerySerializer(serializers.Serializer):
    # `from` is a Python keyword: the field is declared under another name and renamed below.
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    program = serializers.CharField(required=False, max_length=500, source="programs")

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
    read_roles = REPORT_ROLES
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
        return Response(access.indicators_for_actor(actor=request.user, **query.validated_data))
