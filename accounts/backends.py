"""Permissions follow the account's role, in one place, instead of per-user permission rows.

Within a region's schema: the region admin may do everything there (team accounts included), a
coordinator everything on the region's domain (core) and may view accounts, agents and funders
have no back office. On the platform (public schema), the platform admin may do everything.
Nothing here reaches another schema: the admin sites only list their own schema's models.
"""

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django_tenants.utils import get_public_schema_name

from accounts.models import Role

COORDINATOR_APPS = {"core"}
COORDINATOR_VIEW_ONLY = {"accounts.view_user"}


def _role_allows(user, perm: str) -> bool:
    on_platform = connection.schema_name == get_public_schema_name()
    if on_platform:
        return user.role == Role.PLATFORM_ADMIN
    if user.role == Role.REGION_ADMIN:
        return True
    if user.role == Role.COORDINATOR:
        return perm.split(".", 1)[0] in COORDINATOR_APPS or perm in COORDINATOR_VIEW_ONLY
    return False


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        return _role_allows(user_obj, perm) or super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        return _role_allows(user_obj, f"{app_label}.") or super().has_module_perms(user_obj, app_label)
