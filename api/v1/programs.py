"""/api/v1/programs/: programs, services, volets (funders see only those they fund)."""

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Program
from core.services.programs import PROGRAM_FIELDS


class ProgramSerializer(ResourceSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "name_fr", "axis", *PROGRAM_FIELDS, "funders", "created_at", "updated_at"]
        create_service = services.program_create
        update_service = services.program_update
        update_kwarg = "program"


class ProgramViewSet(ScopedModelViewSet):
    selector = access.program_for_actor
    serializer_class = ProgramSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = ["axis", "operator", "strategy", "funders", "is_active"]
    search_fields = ["code", "name_fr", "name_en", "description_fr"]
    ordering_fields = ["code", "name_fr", "axis", "created_at"]
