"""The base viewset's guard: rows come from a selector that receives the actor, never from a view."""

import pytest
from django.urls import get_resolver

from accounts.models import Role
from api.base import ScopedGenericViewSet, ScopedModelViewSet, ScopedViewSetError
from core import access


def test_overriding_get_queryset_is_refused():
    with pytest.raises(ScopedViewSetError, match="get_queryset"):

        class Leaky(ScopedModelViewSet):  # noqa: F841
            selector = access.partner_for_actor

            def get_queryset(self):
                return []


def test_setting_queryset_is_refused():
    from core.models import Partner

    with pytest.raises(ScopedViewSetError, match="queryset"):

        class Leaky(ScopedModelViewSet):  # noqa: F841
            queryset = Partner.objects.all()


def test_funder_in_write_roles_is_refused():
    with pytest.raises(ScopedViewSetError, match="read-only"):

        class Writable(ScopedModelViewSet):  # noqa: F841
            selector = access.partner_for_actor
            write_roles = frozenset({Role.FUNDER})


def _viewsets(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _viewsets(pattern.url_patterns)
        else:
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None:
                yield cls


def test_every_region_resource_uses_the_scoped_base_with_a_selector():
    classes = set(_viewsets(get_resolver("config.urls_tenants").url_patterns))
    resources = {
        cls for cls in classes if cls.__module__.startswith("api.v1.") and hasattr(cls, "get_queryset")
    }
    resources = {
        cls for cls in resources if "Branding" not in cls.__name__ and "Indicators" not in cls.__name__
    }
    assert len(resources) == 14  # the 13 resources of the contract and imports
    for cls in resources:
        assert issubclass(cls, ScopedGenericViewSet), cls
        assert callable(cls.selector), cls
        assert cls.selector.__module__ == "core.access", cls
        assert cls.read_roles, cls
