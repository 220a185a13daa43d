"""/api/v1/agreements/: ententes, with each party's contribution and the indicator targets.

Parties (with their contributions) are given at creation, all or nothing (core.services
.agreement_create: at least one party, no negative amount); afterwards they and the indicator
targets are edited in the region's admin with the agreement's inlines. Funders see only the
agreements they are a party to (core.access).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Agreement, AgreementParty, IndicatorTarget
from core.services.agreements import AGREEMENT_FIELDS


class AgreementPartySerializer(ResourceSerializer):
    class Meta:
        model = AgreementParty
        fields = ["id", "partner", "funder", "role", "contribution", "in_kind"]

    def validate(self, attrs):  # the service checks the party with its agreement
        if not attrs.get("partner") and not attrs.get("funder"):
            raise serializers.ValidationError(_("Une partie doit être un organisme ou un bailleur de fonds."))
        return attrs


class IndicatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["id", "indicator", "program", "target", "period_start", "period_end", "note"]
        read_only_fields = fields


class AgreementSerializer(ResourceSerializer):
    parties = AgreementPartySerializer(many=True, required=False)
    indicator_targets = IndicatorTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            *AGREEMENT_FIELDS,
            "programs",
            "parties",
            "indicator_targets",
            "created_at",
            "updated_at",
        ]
        create_service = services.agreement_create
        update_service = services.agreement_update
        update_kwarg = "agreement"


class AgreementUpdateSerializer(AgreementSerializer):
    """PUT and PATCH: the parties are set at creation only (core.services.agreement_update refuses
    them), so here they are shown, never asked for: a PUT without them is whole, one with them a 400."""

    parties = AgreementPartySerializer(many=True, read_only=True)

    def validate(self, attrs):
        if "parties" in self.initial_data:  # refused by name, never silently dropped
            raise serializers.ValidationError(
                {
                    "parties": [
                        _(
                            "Les parties sont fixées à la création de l'entente ; modifiez-les dans l'administration."
                        )
                    ]
                }
            )
        return super().validate(attrs)


class AgreementViewSet(ScopedModelViewSet):
    selector = access.agreement_for_actor
    serializer_class = AgreementSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = {
        "kind": ["exact"],
        "status": ["exact"],
        "programs": ["exact"],
        "start_date": ["gte", "lte"],
        "end_date": ["gte", "lte"],
    }
    search_fields = ["title", "reference", "purpose"]
    ordering_fields = ["title", "start_date", "end_date", "signed_on", "status", "created_at"]

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return AgreementUpdateSerializer
        return AgreementSerializer
