"""/api/v1/team-members/: the region's team (agents, intervenant·e·s, conseiller·ère·s).

Linking a member to a login (`user`) is account management: the region admin alone writes here.
"""

from accounts.models import Role
from api.base import ScopedModelViewSet
from api.permissions import TEAM_ROLES
from api.v1.common import ResourceSerializer
from core import access, services
from core.models import TeamMember
from core.services.team import TEAM_MEMBER_FIELDS


class TeamMemberSerializer(ResourceSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", *TEAM_MEMBER_FIELDS, "programs", "created_at", "updated_at"]
        create_service = services.team_member_create
        update_service = services.team_member_update
        update_kwarg = "team_member"


class TeamMemberViewSet(ScopedModelViewSet):
    selector = access.team_member_for_actor
    serializer_class = TeamMemberSerializer
    read_roles = TEAM_ROLES  # funders see what they fund, not who works here
    write_roles = frozenset({Role.REGION_ADMIN})
    filterset_fields = ["role", "team", "employer", "service_point", "programs", "is_active"]
    search_fields = ["full_name", "title", "team", "email"]
    ordering_fields = ["full_name", "role", "team", "started_on", "created_at"]
