"""/api/v1/funders/: bailleurs de fonds (a funder's account sees its own Funder only).

Funder logins (`Funder.accounts`) are managed in the region's admin, not through this API.
"""

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Funder
from core.services.agreements import FUNDER_FIELDS


class FunderSerializer(ResourceSerializer):
    class Meta:
        model = Funder
        fields = ["id", *FUNDER_FIELDS, "created_at", "updated_at"]
        create_service = services.funder_create
        update_service = services.funder_update
        update_kwarg = "funder"


class FunderViewSet(ScopedModelViewSet):
    selector = access.funder_for_actor
    serializer_class = FunderSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = ["kind", "partner"]
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "kind", "created_at"]
