"""/api/v1/services/: the service map (cartographie), Open Referral HSDS `service` fields.

The public (no login) reads the published, active services of the region's map.
"""

from rest_framework import serializers

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, hsds, services
from core.models import Service
from core.services.directory import SERVICE_FIELDS


class ServiceSerializer(ResourceSerializer):
    # The partner has not confirmed this information for a year (or ever): pages show a reminder.
    needs_verification = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "uuid",
            "partner",
            "name_fr",
            *SERVICE_FIELDS,
            "service_points",
            "needs_verification",
            "created_at",
            "updated_at",
        ]
        create_service = services.service_create
        update_service = services.service_update
        update_kwarg = "service"

    def get_needs_verification(self, service) -> bool:
        return hsds.service_needs_verification(service)


class ServiceViewSet(ScopedModelViewSet):
    selector = access.service_for_actor
    serializer_class = ServiceSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    public_read = True
    filterset_fields = [
        "partner",
        "program",
        "audience",
        "status",
        "territory",
        "is_published",
        "service_points",
    ]
    search_fields = ["name_fr", "name_en", "description_fr", "description_en", "territory"]
    ordering_fields = ["name_fr", "name_en", "territory", "created_at"]
