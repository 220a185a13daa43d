"""/api/v1/partners/: the partner network (organismes partenaires)."""

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Partner
from core.services.partners import PARTNER_FIELDS


class PartnerSerializer(ResourceSerializer):
    class Meta:
        model = Partner
        fields = ["id", *PARTNER_FIELDS, "created_at", "updated_at"]
        create_service = services.partner_create
        update_service = services.partner_update
        update_kwarg = "partner"


class PartnerViewSet(ScopedModelViewSet):
    selector = access.partner_for_actor
    serializer_class = PartnerSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = ["kind", "territory", "city", "endorses_strategy", "is_active"]
    search_fields = ["name", "acronym", "city", "territory", "description"]
    ordering_fields = ["name", "kind", "city", "territory", "created_at"]
