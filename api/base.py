"""Base viewset of every region resource.

Rows come from a selector that receives the actor (`selector(actor=request.user)`), so role
scoping lives in one place (core.access / core.selectors) and a view cannot forget it. As in
PostHog, a subclass may not override `get_queryset`: it declares `selector` instead. A funder may
never be given write access (`write_roles`).
"""

from collections.abc import Callable

from django.db.models import QuerySet
from rest_framework import mixins, viewsets

from accounts.models import Role
from api.permissions import RolePermission
from api.renderers import export_format
from core.audit import audit_identities_exported, audit_identities_viewed


class ScopedViewSetError(TypeError):
    pass


class ScopedGenericViewSet(viewsets.GenericViewSet):
    permission_classes = [RolePermission]
    selector: Callable[..., QuerySet]
    read_roles: frozenset = frozenset()
    write_roles: frozenset = frozenset()
    ordering_fields: list[str] = []
    search_fields: list[str] = []
    # Rows that show participants' personal information: each list page or export of them is
    # written to the Law 25 access log (an export as such, with its format).
    personal_information = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise ScopedViewSetError(
                f"{cls.__name__} overrides get_queryset(); declare `selector` instead so that role "
                "scoping stays in core.access / core.selectors."
            )
        if "queryset" in cls.__dict__:
            raise ScopedViewSetError(f"{cls.__name__} sets `queryset`; declare `selector` instead.")
        selector = cls.__dict__.get("selector")
        if selector is not None and not isinstance(selector, staticmethod):
            # Stored as a plain function it would be bound as a method and receive `self`.
            cls.selector = staticmethod(selector)
        if Role.FUNDER in cls.write_roles:
            raise ScopedViewSetError(f"{cls.__name__}: funders are read-only everywhere.")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no actor, no rows
            return self.get_serializer_class().Meta.model.objects.none()
        return type(self).selector(actor=self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if self.personal_information and page is not None:
            fmt = export_format(self.request)
            if fmt:
                audit_identities_exported(actor=self.request.user, participants=page, file_format=fmt)
            else:
                audit_identities_viewed(actor=self.request.user, participants=page, context="list")
        return page


class ScopedReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    pass


class ScopedModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    mixins.ListModelMixin,
    ScopedGenericViewSet,
):
    pass
