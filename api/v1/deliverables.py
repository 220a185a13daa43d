"""/api/v1/deliverables/: livrables of agreements (funders: of their agreements only)."""

from api.base import ScopedModelViewSet
from api.permissions import READ_REFERENCE, STAFF_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Deliverable
from core.services.agreements import DELIVERABLE_FIELDS


class DeliverableSerializer(ResourceSerializer):
    class Meta:
        model = Deliverable
        fields = ["id", "agreement", *DELIVERABLE_FIELDS, "created_at", "updated_at"]
        create_service = services.deliverable_create
        update_service = services.deliverable_update
        update_kwarg = "deliverable"


class DeliverableViewSet(ScopedModelViewSet):
    selector = access.deliverable_for_actor
    serializer_class = DeliverableSerializer
    read_roles = READ_REFERENCE
    write_roles = STAFF_ROLES
    filterset_fields = {"agreement": ["exact"], "status": ["exact"], "due_date": ["gte", "lte"]}
    search_fields = ["title", "description"]
    ordering_fields = ["due_date", "position", "status", "title", "created_at"]
