"""/api/v1/activities/: kiosks, fairs, exploratory stays, workshops...

Who attended is never listed here: only `attendance_count` (named participants) and `reach`
(anonymous headcounts by age band), so funders can read activities without seeing a person.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Activity, ActivityReach
from core.services.activities import ACTIVITY_FIELDS


class ActivityReachSerializer(ResourceSerializer):
    class Meta:
        model = ActivityReach
        fields = ["age_band", "headcount"]

    def validate(self, attrs):  # checked with the activity, by the service
        return attrs


class ActivitySerializer(ResourceSerializer):
    reach = ActivityReachSerializer(
        many=True, required=False, help_text="People reached without names, by age band."
    )
    attendance_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Activity
        fields = [
            "id",
            *ACTIVITY_FIELDS,
            "team_members",
            "attendance_count",
            "reach",
            "created_at",
            "updated_at",
        ]
        create_service = services.activity_create
        update_service = services.activity_update
        update_kwarg = "activity"

    def validate_reach(self, rows):
        bands = [row["age_band"] for row in rows]
        if len(bands) != len(set(bands)):
            raise serializers.ValidationError(_("Chaque tranche d'âge n'est comptée qu'une fois."))
        return {row["age_band"]: row["headcount"] for row in rows}


class ActivityViewSet(ScopedModelViewSet):
    selector = access.activity_for_actor
    serializer_class = ActivitySerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = {
        "kind": ["exact"],
        "program": ["exact"],
        "agreement": ["exact"],
        "organizer": ["exact"],
        "city": ["exact"],
        "start_date": ["gte", "lte"],
    }
    search_fields = ["title", "place", "city", "description"]
    ordering_fields = ["start_date", "title", "kind", "city", "created_at"]
