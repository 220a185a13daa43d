"""/api/v1/enrollments/: a participant's follow-up in a program (inscription, suivi, outcome).

Never for funders. An agent sees and writes the follow-ups of their own participants only.
The lifecycle moves through actions that call core.services: `POST {id}/transition/`
(applied → waitlisted → enrolled → active → completed / withdrawn) and `POST {id}/outcome/`
(en emploi, retour aux études, migration réussie or parallèle...).
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import PEOPLE_ROLES
from api.base import ScopedGenericViewSet
from api.v1.common import ResourceSerializer
from api.v1.people import ScopedPrimaryKeyRelatedField, acting_agent
from core import access, services
from core.models import MIGRATION_OUTCOMES, Enrollment, EnrollmentStatus, Outcome


class EnrollmentSerializer(ResourceSerializer):
    participant = ScopedPrimaryKeyRelatedField(access.participant_for_actor)

    class Meta:
        model = Enrollment
        services_validate = {"create"}  # core.services checks these writes
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
        read_only_fields = ["start_date", "end_date", "outcome", "outcome_on", "outcome_recorded_by"]

    def create(self, validated_data):
        request = self.context["request"]
        agent = acting_agent(request, validated_data.pop("agent", None))
        return services.participant_enroll(agent=agent, actor=request.user, **validated_data)


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    on = serializers.DateField(default=timezone.localdate)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    on = serializers.DateField(default=timezone.localdate)
    destination_mrc = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    destination_municipality = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )


class EnrollmentViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet
):
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

    @extend_schema(request=TransitionSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        enrollment = self.get_object()
        data = _valid(TransitionSerializer, request)
        services.enrollment_transition(
            enrollment=enrollment,
            to_status=data["to_status"],
            on=data["on"],
            actor=request.user,
        )
        return Response(EnrollmentSerializer(enrollment, context={"request": request}).data)

    @extend_schema(request=OutcomeSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        enrollment = self.get_object()
        data = _valid(OutcomeSerializer, request)
        recorder = access.team_member_of(request.user)
        if data["outcome"] in MIGRATION_OUTCOMES:
            services.migration_outcome_record(
                enrollment=enrollment, recorded_by=recorder, actor=request.user, **data
            )
        else:
            services.enrollment_outcome_record(
                enrollment=enrollment,
                outcome=data["outcome"],
                on=data["on"],
                recorded_by=recorder,
                actor=request.user,
            )
        return Response(EnrollmentSerializer(enrollment, context={"request": request}).data)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
