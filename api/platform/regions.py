"""`/api/v1/platform/regions/` on the platform host: list, retrieve, onboard, suspend, reactivate.

Onboarding goes through `tenants.provisioning.provision_region` (the only place that creates
schemas); its errors (taken, reserved or invalid slug, ...) come back as 400 with their code.
Suspending keeps every row of the region: its host then answers 403 (tenants middleware).
"""

import inspect

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import PlatformAdminPermission
from tenants.models import Region
from tenants.provisioning import provision_region, region_host


def region_set_status(*, region: Region, status: str) -> Region:
    # TODO(main): belongs in tenants/services.py beside provisioning (region_suspend/reactivate).
    region.status = status
    region.save(update_fields=["status", "updated_at"])
    return region


def provisioning_accepts_plan() -> bool:
    # The billing branch adds `plan` to provision_region; until it is merged the plan is ignored.
    return "plan" in inspect.signature(provision_region).parameters


class RegionSerializer(serializers.ModelSerializer):
    host = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = [
            "slug",
            "name",
            "schema_name",
            "host",
            "status",
            "primary_color",
            "secondary_color",
            "default_language",
            "created_at",
        ]
        read_only_fields = fields

    def get_host(self, region: Region) -> str:
        return region_host(region.slug)


class BrandingInputSerializer(serializers.Serializer):
    primary_color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    secondary_color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    default_language = serializers.ChoiceField(choices=["fr-ca", "en"], required=False)


class RegionOnboardSerializer(serializers.Serializer):
    # Slug rules (pattern, reserved names, uniqueness) are the provisioning service's: its error
    # codes (slug_invalid, slug_reserved, slug_taken) reach the client unchanged.
    slug = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    admin_email = serializers.EmailField(max_length=254)
    branding = BrandingInputSerializer(required=False)
    plan = serializers.CharField(max_length=40, required=False, help_text=str(_("Forfait (facturation).")))


class RegionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PlatformAdminPermission]
    serializer_class = RegionSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]+"
    search_fields = ["slug", "name"]
    ordering_fields = ["slug", "name", "created_at", "status"]
    filterset_fields = ["status"]

    def get_queryset(self):
        # The public schema's own row is the platform, not a region.
        return Region.objects.exclude(schema_name="public").order_by("name")

    @extend_schema(request=RegionOnboardSerializer, responses={201: RegionSerializer})
    def create(self, request):
        serializer = RegionOnboardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        extra = {}
        if "plan" in data and provisioning_accepts_plan():
            extra["plan"] = data["plan"]
        region = provision_region(
            slug=data["slug"],
            name=data["name"],
            admin_email=data["admin_email"],
            branding=data.get("branding") or None,
            **extra,
        )
        return Response(RegionSerializer(region).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RegionSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, slug=None):
        with transaction.atomic():
            region = region_set_status(region=self.get_object(), status=Region.Status.SUSPENDED)
        return Response(RegionSerializer(region).data)

    @extend_schema(request=None, responses=RegionSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, slug=None):
        with transaction.atomic():
            region = region_set_status(region=self.get_object(), status=Region.Status.ACTIVE)
        return Response(RegionSerializer(region).data)
