"""/api/v1/interventions/: time spent with a participant, a group or a company (the hours).

Never for funders. An agent logs and reads only their own interventions and those of their
participants.
"""

from accounts.models import PEOPLE_ROLES
from api.base import ScopedModelViewSet
from api.v1.common import ResourceSerializer
from api.v1.people import ScopedPrimaryKeyRelatedField, acting_agent
from core import access, services
from core.models import Intervention
from core.services.interventions import INTERVENTION_FIELDS


class InterventionSerializer(ResourceSerializer):
    participant = ScopedPrimaryKeyRelatedField(access.participant_for_actor, required=False, allow_null=True)
    enrollment = ScopedPrimaryKeyRelatedField(access.enrollment_for_actor, required=False, allow_null=True)

    class Meta:
        model = Intervention
        fields = ["id", *INTERVENTION_FIELDS, "created_at", "updated_at"]
        create_service = services.intervention_log
        update_service = services.intervention_update
        update_kwarg = "intervention"

    def create(self, validated_data):
        request = self.context["request"]
        validated_data["agent"] = acting_agent(request, validated_data.get("agent"))
        return super().create({**validated_data, "actor": request.user})

    def update(self, instance, validated_data):
        request = self.context["request"]
        if "agent" in validated_data:
            validated_data["agent"] = acting_agent(request, validated_data["agent"])
        return super().update(instance, {**validated_data, "actor": request.user})


class InterventionViewSet(ScopedModelViewSet):
    selector = access.intervention_for_actor
    serializer_class = InterventionSerializer
    read_roles = PEOPLE_ROLES
    write_roles = PEOPLE_ROLES
    filterset_fields = {
        "participant": ["exact"],
        "enrollment": ["exact"],
        "program": ["exact"],
        "agent": ["exact"],
        "partner": ["exact"],
        "mode": ["exact"],
        "date": ["gte", "lte"],
    }
    search_fields = ["subject", "participant__code"]
    ordering_fields = ["date", "minutes", "mode", "created_at"]

    def perform_destroy(self, instance):
        services.intervention_delete(intervention=instance, actor=self.request.user)
