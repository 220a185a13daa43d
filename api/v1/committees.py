"""/api/v1/committees/: tables de concertation and comités."""

from api.base import ScopedModelViewSet
from api.permissions import STAFF_ROLES, TEAM_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import Committee
from core.services.team import COMMITTEE_FIELDS


class CommitteeSerializer(ResourceSerializer):
    class Meta:
        model = Committee
        fields = ["id", *COMMITTEE_FIELDS, "partners", "members", "created_at", "updated_at"]
        create_service = services.committee_create
        update_service = services.committee_update
        update_kwarg = "committee"


class CommitteeViewSet(ScopedModelViewSet):
    selector = access.committee_for_actor
    serializer_class = CommitteeSerializer
    read_roles = TEAM_ROLES  # funders see what they fund, not who works here
    write_roles = STAFF_ROLES
    filterset_fields = ["kind", "territory", "convener", "partners", "is_active"]
    search_fields = ["name", "territory", "description"]
    ordering_fields = ["name", "kind", "started_on", "created_at"]
