"""/api/v1/activities/: kiosks, fairs, exploratory stays, workshops...

Who attended is never listed here: only `attendance_count` (named participants) and `reach`
(anonymous headcounts by age band), so funders can read activities without seeing a person.
"""

from rest_framework import serializers

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access
from core.models import Activity, ActivityReach


class ActivityReachSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityReach
        fields = ["age_band", "headcount"]
        read_only_fields = fields


class ActivitySerializer(ResourceSerializer):
    reach = ActivityReachSerializer(many=True, read_only=True)
    attendance_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "kind",
            "program",
            "agreement",
            "deliverable",
            "organizer",
            "start_date",
            "end_date",
            "place",
            "city",
            "description",
            "team_members",
            "attendance_count",
            "reach",
            "created_at",
            "updated_at",
        ]


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
