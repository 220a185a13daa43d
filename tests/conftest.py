"""Test fixtures shared by the whole suite.

The test database keeps the public schema and two regions, created once per session (django-tenants
issues #450 and #664): each test runs in a transaction inside them and is rolled back. Every feature
test can reach a second region, so isolation bugs have somewhere to show.
"""

import pytest
from django.db import connection
from django.test import Client

REGION_A = {"slug": "alpha", "name": "Région Alpha", "admin_email": "admin@alpha.test"}
REGION_B = {"slug": "beta-nord", "name": "Région Bêta-Nord", "admin_email": "admin@beta-nord.test"}
TEST_PASSWORD = "pass-for-tests-only"


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database, always: pytest-django only sets it up when a selected test carries the
    django_db mark, and the browser tests (which reach the database through a live server) do not.
    Without this, running them alone would write the two test regions into the dev database."""
    from django.test.utils import setup_databases, teardown_databases

    from tenants.models import Region
    from tenants.provisioning import platform_ensure, provision_region, template_refresh

    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        db_cfg = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases={"default"},
            serialized_aliases=set(),
            keepdb=keepdb,
        )
        assert connection.settings_dict["NAME"].startswith("test_"), "refusing to set up a non-test database"
        connection.set_schema_to_public()
        platform_ensure()
        template_refresh()
        for spec in (REGION_A, REGION_B):
            if not Region.objects.filter(slug=spec["slug"]).exists():
                provision_region(**spec, admin_password=TEST_PASSWORD)
        connection.set_schema_to_public()
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=request.config.option.verbose)


@pytest.fixture(scope="module", autouse=True)
def _fresh_backend_per_module(django_db_setup, django_db_blocker):
    """Each test module starts on a new PostgreSQL backend. One backend kept for the whole session
    accumulates catalog caches from every schema cloned and rolled back, and by the tenants tests
    each clone and rollback ran 2-5 times slower than on a fresh one."""
    with django_db_blocker.unblock():
        connection.close()


@pytest.fixture(autouse=True)
def _back_to_public():
    """Whatever a test did to the connection or the cache, the next test starts afresh in public."""
    from django.core.cache import cache

    yield
    connection.set_schema_to_public()
    cache.clear()


@pytest.fixture
def region_a(db):
    from tenants.models import Region

    return Region.objects.get(slug=REGION_A["slug"])


@pytest.fixture
def region_b(db):
    from tenants.models import Region

    return Region.objects.get(slug=REGION_B["slug"])


def host_of(region) -> str:
    from tenants.provisioning import region_host

    return region_host(region.slug)


@pytest.fixture
def client_a(region_a) -> Client:
    return Client(HTTP_HOST=host_of(region_a))


@pytest.fixture
def client_b(region_b) -> Client:
    return Client(HTTP_HOST=host_of(region_b))


@pytest.fixture
def platform_client(db) -> Client:
    from django.conf import settings

    return Client(HTTP_HOST=settings.BASE_DOMAIN)
