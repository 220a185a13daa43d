"""/api/v1/service-points/: where partners receive people (points de service)."""

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import ServicePoint
from core.services.directory import SERVICE_POINT_FIELDS


class ServicePointSerializer(ResourceSerializer):
    class Meta:
        model = ServicePoint
        fields = ["id", "partner", *SERVICE_POINT_FIELDS, "created_at", "updated_at"]
        create_service = services.service_point_create
        update_service = services.service_point_update
        update_kwarg = "service_point"


class ServicePointViewSet(ScopedModelViewSet):
    selector = access.service_point_for_actor
    serializer_class = ServicePointSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = ["partner", "city", "by_appointment_only", "is_active"]
    search_fields = ["name", "city", "address", "postal_code"]
    ordering_fields = ["name", "city", "created_at"]
