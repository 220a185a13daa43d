"""`/api/v1/branding/`: the current region's display name, colours, language and logo.

GET for anyone on the region's host (the public service map is branded); PATCH by the region
admin. It only ever touches `request.tenant`, the Region row of the host.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from api.permissions import RolePermission
from tenants.models import Region, hex_colour
from tenants.services import region_branding_update


class BrandingSerializer(serializers.ModelSerializer):
    logo = serializers.FileField(required=False, allow_null=True, use_url=True)
    primary_color = serializers.CharField(required=False, validators=[hex_colour])
    secondary_color = serializers.CharField(required=False, validators=[hex_colour])
    name = serializers.CharField(max_length=200, required=False)

    class Meta:
        model = Region
        fields = ["slug", "name", "logo", "primary_color", "secondary_color", "default_language"]
        read_only_fields = ["slug"]


class BrandingPermission(RolePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return AllowAny().has_permission(request, view)
        return super().has_permission(request, view)


class BrandingView(APIView):
    permission_classes = [BrandingPermission]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    read_roles = frozenset()  # reads are public (see BrandingPermission)
    write_roles = frozenset({Role.REGION_ADMIN})

    @extend_schema(responses=BrandingSerializer, auth=[], tags=["branding"])
    def get(self, request):
        return Response(BrandingSerializer(request.tenant, context={"request": request}).data)

    @extend_schema(request=BrandingSerializer, responses=BrandingSerializer, tags=["branding"])
    def patch(self, request):
        serializer = BrandingSerializer(
            request.tenant, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        # The logo's rules (size, real type, harmless SVG) are the service's.
        region = region_branding_update(region=request.tenant, **serializer.validated_data)
        return Response(BrandingSerializer(region, context={"request": request}).data)
