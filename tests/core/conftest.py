import pytest
from django.db import connection


@pytest.fixture
def in_a(region_a):
    """The connection on region A's schema for the whole test (the suite puts it back on public)."""
    connection.set_tenant(region_a)
    return region_a
