"""Base viewset of every region resource.

Rows come from a selector that receives the actor (`selector(actor=request.user)`), so role
scoping lives in one place (core.access / core.selectors) and a view cannot forget it. As in
PostHog, a subclass may not override `get_queryset`: it declares `selector` instead. A funder may
never be given write access (`write_roles`).
"""

from collections.abc import Callable
from typing import NamedTuple

from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from accounts.models import Role
from api.fast_lists import columns_plan
from api.permissions import RolePermission
from api.renderers import export_format
from core.audit import audit_identities_exported, audit_identities_viewed

# Off only in the test that compares the values() reading with DRF's own.
READ_LISTS_AS_VALUES = True


class ShownPerson(NamedTuple):
    """A participant on a list page read with values(): what the Law 25 trail records of them."""

    pk: int
    code: str


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
            shown = [ShownPerson(row["pk"], row["code"]) if isinstance(row, dict) else row for row in page]
            fmt = export_format(self.request)
            if fmt:
                audit_identities_exported(actor=self.request.user, participants=shown, file_format=fmt)
            else:
                audit_identities_viewed(actor=self.request.user, participants=shown, context="list")
        return page


class ValuesListModelMixin(mixins.ListModelMixin):
    def list(self, request, *args, **kwargs):
        """DRF's list, read with `.values()` when every field of the serializer is a column
        (api.fast_lists.columns_plan): same JSON, no model instance per row."""
        queryset = self.filter_queryset(self.get_queryset())
        plan = (
            None
            if export_format(request) or not READ_LISTS_AS_VALUES
            else columns_plan(self.get_serializer())
        )
        if plan is not None and not queryset._prefetch_related_lookups:
            # The Law 25 trail names each person shown by id and file number.
            extra = ["pk", "code"] if self.personal_information else []
            queryset = queryset.values(*dict.fromkeys([*plan.columns, *extra]))
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)


class ScopedReadOnlyViewSet(ValuesListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    pass


class ScopedModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ValuesListModelMixin,
    ScopedGenericViewSet,
):
    pass
