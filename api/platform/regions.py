"""`/api/v1/platform/regions/` on the platform host: list, retrieve, onboard, suspend, reactivate.

Onboarding goes through `onboarding.region_onboard` (provision, open the trial, invite); its errors (taken, reserved or invalid slug, ...) come back as 400 with their code.
Suspending keeps every row of the region: its host then answers 403 (tenants middleware).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import PlatformAdminPermission
from billing.selectors import billing_overview
from onboarding.services import region_onboard
from tenants.models import Region, hex_colour
from tenants.provisioning import region_host
from tenants.services import region_reactivate, region_suspend


class RegionSerializer(serializers.ModelSerializer):
    host = serializers.SerializerMethodField()
    # Billing state, kept in the public schema by billing/ (null until the account is opened).
    plan = serializers.CharField(source="billing.plan", read_only=True, allow_null=True)
    billing_status = serializers.CharField(source="billing.status", read_only=True, allow_null=True)
    trial_end = serializers.DateTimeField(source="billing.trial_end", read_only=True, allow_null=True)
    last_payment_at = serializers.DateTimeField(
        source="billing.last_payment_at", read_only=True, allow_null=True
    )

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
            "plan",
            "billing_status",
            "trial_end",
            "last_payment_at",
        ]
        read_only_fields = fields

    def get_host(self, region: Region) -> str:
        return region_host(region.slug)


class BrandingInputSerializer(serializers.Serializer):
    primary_color = serializers.CharField(validators=[hex_colour], required=False)
    secondary_color = serializers.CharField(validators=[hex_colour], required=False)
    default_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)


class RegionOnboardSerializer(serializers.Serializer):
    # Slug rules (pattern, reserved names, uniqueness) are the provisioning service's: its error
    # codes (slug_invalid, slug_reserved, slug_taken) reach the client unchanged.
    slug = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    admin_email = serializers.EmailField(max_length=254)
    branding = BrandingInputSerializer(required=False)
    plan = serializers.CharField(max_length=40, required=False, help_text=str(_("Forfait (facturation).")))


class RegionOnboardedSerializer(RegionSerializer):
    admin_setup_url = serializers.URLField(help_text="Link for the first admin to choose a password.")

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "admin_setup_url"]
        read_only_fields = fields


class RegionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [PlatformAdminPermission]
    serializer_class = RegionSerializer
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]+"
    search_fields = ["slug", "name"]
    ordering_fields = ["slug", "name", "created_at", "status"]
    filterset_fields = ["status"]

    def get_queryset(self):
        # Every region but the platform's own row, with its billing account in the same query.
        return billing_overview()

    @extend_schema(request=RegionOnboardSerializer, responses={201: RegionOnboardedSerializer})
    def create(self, request):
        serializer = RegionOnboardSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # Every onboarded region starts a free trial, on the default plan unless one is named.
        onboarded = region_onboard(
            slug=data["slug"],
            name=data["name"],
            admin_email=data["admin_email"],
            branding=data.get("branding") or None,
            plan=data.get("plan"),
        )
        # The first admin gets an e-mail with a link to choose a password; the platform admin gets
        # the same link in the answer, to pass on if the e-mail goes astray.
        body = {**RegionSerializer(onboarded.region).data, "admin_setup_url": onboarded.admin_setup_url}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RegionSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, slug=None):
        region = region_suspend(region=self.get_object())
        return Response(RegionSerializer(region).data)

    @extend_schema(request=None, responses=RegionSerializer)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, slug=None):
        region = region_reactivate(region=self.get_object())
        return Response(RegionSerializer(region).data)
