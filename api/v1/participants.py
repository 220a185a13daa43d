"""/api/v1/participants/: people followed by the team, with their personal information.

Never for funders (403). An agent reads and writes only the participants they are responsible
for. Intake goes through core.services (duplicate check, consent); the API only shapes data.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import PEOPLE_ROLES
from api.base import ScopedModelViewSet
from api.permissions import STAFF_ROLES
from api.renderers import export_format
from api.v1.common import ResourceSerializer
from api.v1.people import acting_agent
from billing.exempt import billing_exempt
from core import access, services
from core.audit import audit_identities_exported, audit_identities_viewed
from core.models import ConsentMethod, Participant, ParticipantIdentity
from core.services.participants import IDENTITY_FIELDS, PARTICIPANT_FIELDS


class IdentitySerializer(ResourceSerializer):
    class Meta:
        model = ParticipantIdentity
        fields = list(IDENTITY_FIELDS)

    def validate(self, attrs):  # checked with the participant, by the service
        return attrs


class ConsentSerializer(serializers.Serializer):
    """Consent recorded at intake (Law 25): its date, form and purposes (the service checks them)."""

    given_on = serializers.DateField()
    method = serializers.ChoiceField(choices=ConsentMethod.choices, default=ConsentMethod.WRITTEN)
    purpose_follow_up = serializers.BooleanField(default=True)
    purpose_statistics = serializers.BooleanField(default=True)
    purpose_referral = serializers.BooleanField(default=False)
    purpose_communications = serializers.BooleanField(default=False)


class ParticipantSerializer(ResourceSerializer):
    """Translates one request into one service call: participant_intake or participant_update."""

    identity = IdentitySerializer(allow_null=True)  # null once erased (Law 25)
    consent = ConsentSerializer(write_only=True, required=False, help_text="Required at intake (POST).")

    class Meta:
        model = Participant
        services_validate = {"create", "update"}  # core.services checks these writes
        fields = [
            "id",
            "code",
            "intake_date",
            *PARTICIPANT_FIELDS,
            "has_consent",
            "possible_duplicate_of",
            "erased_on",
            "identity",
            "consent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["has_consent", "possible_duplicate_of", "erased_on"]
        extra_kwargs = {"code": {"required": False}}

    def validate_identity(self, value):
        # Null only in answers (an erased file); a write sends who the person is.
        if value is None:
            raise serializers.ValidationError(_("Indiquez l'identité de la personne."))
        return value

    def create(self, validated_data):
        request = self.context["request"]
        validated_data["agent"] = acting_agent(request, validated_data.get("agent"))
        return services.participant_intake(
            recorded_by=access.team_member_of(request.user), actor=request.user, **validated_data
        )

    def update(self, instance, validated_data):
        request = self.context["request"]
        if "agent" in validated_data:
            validated_data["agent"] = acting_agent(request, validated_data["agent"])
        return services.participant_update(participant=instance, actor=request.user, **validated_data)


class ConsentWithdrawalSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(default=timezone.localdate)


class ErasureSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, help_text="Why and on whose request (kept in the access log)."
    )


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
    # A file is closed, never deleted through the API: enrollments and interventions protect it.
    # Law 25 erasure removes the personal information instead (POST .../erase/).
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Law 25: every page, file or export that shows someone's personal information is logged.
    personal_information = True

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if export_format(request):
            audit_identities_exported(
                actor=request.user, participants=[self.get_object()], file_format=export_format(request)
            )
        else:
            audit_identities_viewed(actor=request.user, participants=[self.get_object()], context="retrieve")
        return response

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """Everything held about this person, in one document (Law 25 right of access)."""
        _staff_only(request)
        return Response(services.participant_export(participant=self.get_object(), actor=request.user))

    @extend_schema(request=ErasureSerializer, responses=ParticipantSerializer)
    @billing_exempt  # what Law 25 owes the person, whatever the bill
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Erase this person's personal information on request; anonymous statistics stay counted."""
        _staff_only(request)
        data = ErasureSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.participant_erase(
            participant=self.get_object(), actor=request.user, reason=data.validated_data["reason"]
        )
        # Read the file again: the one fetched above still carries the identity just deleted.
        return Response(ParticipantSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=ConsentWithdrawalSerializer, responses=ParticipantSerializer)
    @billing_exempt  # what Law 25 owes the person, whatever the bill
    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request, pk=None):
        """The person withdraws their consent: follow-up stops, counted statistics stay."""
        data = ConsentWithdrawalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = self.get_object()
        services.participant_consent_withdraw(
            participant=participant, withdrawn_on=data.validated_data["withdrawn_on"], actor=request.user
        )
        return Response(ParticipantSerializer(participant, context={"request": request}).data)


def _staff_only(request) -> None:
    """Access and erasure requests are handled by the direction or coordination, not by agents."""
    if request.user.role not in STAFF_ROLES:
        raise PermissionDenied(
            _("Seules la direction et la coordination traitent les demandes d'accès et d'effacement.")
        )
