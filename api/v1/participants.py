"""/api/v1/participants/: people followed by the team, with their personal information.

Never for funders (403). An agent reads and writes only the participants they are responsible
for. Intake goes through core.services (duplicate check, consent); the API only shapes data.
"""


from accounts.models import Role
from api.base import ScopedModelViewSet
from api.v1.common import ResourceSerializer
from api.v1.people import acting_agent
from core import access, services
from core.models import Participant, ParticipantIdentity

PEOPLE_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT})


class IdentitySerializer(ResourceSerializer):
    class Meta:
        model = ParticipantIdentity
        fields = ["first_name", "last_name", "birth_date", "email", "phone"]

    def validate(self, attrs):  # checked with the participant, by the service
        return attrs


class ParticipantSerializer(ResourceSerializer):
    identity = IdentitySerializer()

    class Meta:
        model = Participant
        fields = [
            "id",
            "code",
            "agent",
            "intake_date",
            "age_group",
            "gender",
            "education",
            "immigration_status",
            "city",
            "mrc",
            "origin_kind",
            "origin_country",
            "origin_region",
            "origin_mrc",
            "destination_mrc",
            "destination_municipality",
            "journey_step",
            "exploratory_stay_on",
            "job_or_studies_found_on",
            "settled_on",
            "has_consent",
            "possible_duplicate_of",
            "identity",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["has_consent", "possible_duplicate_of"]
        extra_kwargs = {"code": {"required": False}}

    def clean_exclude(self):
        return ["code"]

    def create(self, validated_data):
        request = self.context["request"]
        validated_data["agent"] = acting_agent(request, validated_data.get("agent"))
        return services.participant_intake(actor=request.user, **validated_data)

    def update(self, instance, validated_data):
        request = self.context["request"]
        if "agent" in validated_data:
            validated_data["agent"] = acting_agent(request, validated_data["agent"])
        return services.participant_update(actor=request.user, participant=instance, **validated_data)


class ParticipantViewSet(ScopedModelViewSet):
    selector = access.participant_for_actor
    serializer_class = ParticipantSerializer
    read_roles = PEOPLE_ROLES
    write_roles = PEOPLE_ROLES
    filterset_fields = {
        "age_group": ["exact"],
        "gender": ["exact"],
        "education": ["exact"],
        "immigration_status": ["exact"],
        "city": ["exact"],
        "mrc": ["exact"],
        "journey_step": ["exact"],
        "agent": ["exact"],
        "enrollments__program": ["exact"],
        "intake_date": ["gte", "lte"],
    }
    search_fields = ["code", "identity__first_name", "identity__last_name", "identity__email", "city"]
    ordering_fields = ["intake_date", "code", "age_group", "city", "created_at"]

    def perform_destroy(self, instance):
        services.participant_delete(actor=self.request.user, participant=instance)
