"""/api/v1/enrollments/: a participant's follow-up in a program (inscription, suivi, outcome).

Never for funders. An agent sees and writes the follow-ups of their own participants only.
"""

from accounts.models import Role
from api.base import ScopedModelViewSet
from api.v1.common import ResourceSerializer
from api.v1.people import ScopedPrimaryKeyRelatedField, acting_agent
from core import access, services
from core.models import Enrollment

PEOPLE_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT})


class EnrollmentSerializer(ResourceSerializer):
    participant = ScopedPrimaryKeyRelatedField(access.participant_for_actor)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "participant",
            "program",
            "agent",
            "status",
            "applied_on",
            "start_date",
            "end_date",
            "outcome",
            "outcome_on",
            "outcome_recorded_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["outcome_recorded_by"]

    def create(self, validated_data):
        request = self.context["request"]
        validated_data["agent"] = acting_agent(request, validated_data.get("agent"))
        return services.enrollment_create(actor=request.user, **validated_data)

    def update(self, instance, validated_data):
        request = self.context["request"]
        if "agent" in validated_data:
            validated_data["agent"] = acting_agent(request, validated_data["agent"])
        return services.enrollment_update(actor=request.user, enrollment=instance, **validated_data)


class EnrollmentViewSet(ScopedModelViewSet):
    selector = access.enrollment_for_actor
    serializer_class = EnrollmentSerializer
    read_roles = PEOPLE_ROLES
    write_roles = PEOPLE_ROLES
    filterset_fields = {
        "participant": ["exact"],
        "program": ["exact"],
        "agent": ["exact"],
        "status": ["exact"],
        "outcome": ["exact"],
        "applied_on": ["gte", "lte"],
        "outcome_on": ["gte", "lte"],
    }
    search_fields = ["participant__code", "program__code", "program__name_fr"]
    ordering_fields = ["applied_on", "start_date", "end_date", "status", "outcome_on", "created_at"]

    def perform_destroy(self, instance):
        services.enrollment_delete(actor=self.request.user, enrollment=instance)
