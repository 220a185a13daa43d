"""/api/v1/participants/: people followed by the team, with their personal information.

Never for funders (403). An agent reads and writes only the participants they are responsible
for. Intake goes through core.services (duplicate check, consent); the API only shapes data.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role
from api.base import ScopedModelViewSet
from api.permissions import STAFF_ROLES
from api.renderers import export_format
from api.v1.common import ResourceSerializer
from api.v1.people import acting_agent
from core import access, services
from core.audit import audit_identities_exported, audit_identities_viewed, audit_record
from core.models import AuditAction, ConsentMethod, Participant, ParticipantIdentity
from core.services.participants import IDENTITY_FIELDS, JOURNEY_FIELDS, PROFILE_FIELDS

PEOPLE_ROLES = frozenset({Role.REGION_ADMIN, Role.COORDINATOR, Role.AGENT})


class IdentitySerializer(ResourceSerializer):
    class Meta:
        model = ParticipantIdentity
        fields = list(IDENTITY_FIELDS)

    def validate(self, attrs):  # checked with the participant, by the service
        return attrs


class ConsentSerializer(serializers.Serializer):
    """Consent recorded at intake (Law 25): its date, form and purposes."""

    given_on = serializers.DateField()
    method = serializers.ChoiceField(choices=ConsentMethod.choices, default=ConsentMethod.WRITTEN)
    purpose_follow_up = serializers.BooleanField(default=True)
    purpose_statistics = serializers.BooleanField(default=True)
    purpose_referral = serializers.BooleanField(default=False)
    purpose_communications = serializers.BooleanField(default=False)

    def validate_given_on(self, value: dt.date) -> dt.date:
        if value > timezone.localdate() + dt.timedelta(days=1):
            raise serializers.ValidationError(_("Un consentement ne peut être daté dans le futur."))
        return value


class ParticipantSerializer(ResourceSerializer):
    identity = IdentitySerializer()
    consent = ConsentSerializer(write_only=True, required=False, help_text="Required at intake (POST).")

    class Meta:
        model = Participant
        services_validate = {"create", "update"}  # core.services checks these writes
        fields = [
            "id",
            "code",
            "agent",
            "intake_date",
            "age_group",
            "gender",
            *PROFILE_FIELDS,
            *JOURNEY_FIELDS,
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

    def clean_exclude(self):
        return ["code"]

    def validate(self, attrs):
        if self.instance is None and not attrs.get("consent"):
            raise serializers.ValidationError({"consent": [_("Le consentement est requis à l'accueil.")]})
        return super().validate(attrs)

    def create(self, validated_data):
        request = self.context["request"]
        agent = acting_agent(request, validated_data.pop("agent", None))
        journey = {key: validated_data.pop(key, None) for key in JOURNEY_FIELDS}
        participant = services.participant_intake(
            agent=agent, recorded_by=access.team_member_of(request.user), **validated_data
        )
        return _advance_journey(participant, journey)

    def update(self, instance, validated_data):
        request = self.context["request"]
        validated_data.pop("consent", None)  # consent changes have their own services
        identity = validated_data.pop("identity", None)
        journey = {key: validated_data.pop(key, None) for key in JOURNEY_FIELDS}
        validated_data.pop("code", None)
        if "agent" in validated_data:
            validated_data["agent"] = acting_agent(request, validated_data["agent"])
        if validated_data:
            services.participant_update(participant=instance, **validated_data)
        if identity:
            services.participant_identity_update(participant=instance, **identity)
        return _advance_journey(instance, journey)


# The migration journey moves forward through its own service (dates required, no going back).
JOURNEY_DATE = {
    "exploratory_stay": "exploratory_stay_on",
    "job_or_studies_found": "job_or_studies_found_on",
    "settled": "settled_on",
}


def _advance_journey(participant: Participant, journey: dict) -> Participant:
    step = journey.get("journey_step")
    if step and step != participant.journey_step:
        services.participant_journey_advance(
            participant=participant,
            step=step,
            on=journey.get(JOURNEY_DATE.get(step, "")) or participant.intake_date,
        )
    return participant


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
    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request, pk=None):
        """The person withdraws their consent: follow-up stops, counted statistics stay."""
        data = ConsentWithdrawalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = self.get_object()
        services.participant_consent_withdraw(
            participant=participant, withdrawn_on=data.validated_data["withdrawn_on"]
        )
        audit_record(actor=request.user, action=AuditAction.CONSENT_WITHDRAW, obj=participant)
        return Response(ParticipantSerializer(participant, context={"request": request}).data)


def _staff_only(request) -> None:
    """Access and erasure requests are handled by the direction or coordination, not by agents."""
    if request.user.role not in STAFF_ROLES:
        raise PermissionDenied(
            _("Seules la direction et la coordination traitent les demandes d'accès et d'effacement.")
        )
