"""Who may call what. Row scoping ("which rows") lives in core.access; this file decides "which
methods" from the user's role and the host.

- Region host: region_admin, coordinator, agent and funder, as each viewset declares in
  `read_roles` / `write_roles`. A funder is read-only everywhere: it may never be in `write_roles`
  (checked when the viewset class is defined) and every unsafe method answers 403.
- Platform host: platform_admin only, on the platform endpoints; the network view also admits
  network funders' accounts (NetworkReaderPermission).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import PEOPLE_ROLES, REGION_ROLES, REPORT_ROLES, STAFF_ROLES, TEAM_ROLES, Role

# Roles that may read a region's reference data (partners, programs, services, ...).
READ_REFERENCE = REGION_ROLES

__all__ = ["PEOPLE_ROLES", "READ_REFERENCE", "REGION_ROLES", "REPORT_ROLES", "STAFF_ROLES", "TEAM_ROLES"]


def _on_platform(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.is_public


class RolePermission(BasePermission):
    """Allows a request when the user's role is in the view's `read_roles` (safe methods) or
    `write_roles` (unsafe methods), on a region host."""

    message = _("Votre rôle ne permet pas cette action.")
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if request.method in SAFE_METHODS and getattr(view, "public_read", False):
            return True  # e.g. the public service map; the selector narrows what the public sees
        if not (user and user.is_authenticated):
            return False  # DRF answers 401 (NotAuthenticated) since the request had no credentials
        if _on_platform(request):
            return False
        allowed = view.read_roles if request.method in SAFE_METHODS else view.write_roles
        if request.method not in SAFE_METHODS and user.role == Role.FUNDER:
            self.message = _("Les bailleurs de fonds ont un accès en lecture seule.")
            self.code = "read_only_role"
            return False
        return user.role in allowed


class OneRolePermission(BasePermission):
    """Endpoints for one role on one kind of host (`on_platform`: the public schema, else a region)."""

    role: str
    on_platform: bool

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return _on_platform(request) == self.on_platform and user.role == self.role


class PlatformAdminPermission(OneRolePermission):
    """Platform endpoints: a platform admin, on the platform host (public schema)."""

    message = _("Réservé à l'administration de la plateforme.")
    role = Role.PLATFORM_ADMIN
    on_platform = True


class NetworkReaderPermission(BasePermission):
    """The network view: network funders' accounts and the platform admin, on the platform host."""

    message = _("Réservé aux bailleurs de fonds du réseau et à l'administration de la plateforme.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return _on_platform(request) and user.role in (Role.PLATFORM_ADMIN, Role.NETWORK_FUNDER)


class RegionAdminPermission(OneRolePermission):
    """Region host endpoints for the region's direction only (billing)."""

    message = _("Réservé à la direction de la région.")
    role = Role.REGION_ADMIN
    on_platform = False
