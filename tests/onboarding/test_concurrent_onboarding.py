"""Two whole onboardings at the same moment, each on its own connection and committed for real
(outside any test transaction), as two platform admins clicking at once would run them: they
never share a schema, the pool's one spare goes to exactly one of them, and the same slug twice
gives one region and one clear refusal. Everything they create is removed at the end."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from billing.models import BillingAccount
from onboarding.services import region_onboard
from tenants.errors import ProvisioningError, ProvisioningErrorCode
from tenants.models import Region, SpareSchema
from tenants.pool import _spare_drop, spare_pool_fill


def _at_once(*calls) -> list:
    """Run each call on its own thread and connection, released together; their results or errors."""
    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(n, call):
        try:
            start.wait()
            outcomes[n] = call()
        except Exception as error:  # noqa: BLE001 - the test asserts on it
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _onboard(slug: str):
    return lambda: region_onboard(slug=slug, name=slug.title(), admin_email=f"direction@{slug}.test")


def _remove(slugs) -> None:
    connection.set_schema_to_public()
    for region in Region.objects.filter(slug__in=slugs):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{region.schema_name}" CASCADE')
        BillingAccount.objects.filter(region=region).delete()
        region.domains.all().delete()
        region.delete()
    for spare in SpareSchema.objects.all():
        _spare_drop(spare)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    slugs = ["course-est", "course-ouest", "course-meme"]
    with django_db_blocker.unblock():
        _remove(slugs)
        yield
        _remove(slugs)


def test_two_onboardings_at_once_get_their_own_schema_and_one_takes_the_spare(committed):
    [spare] = spare_pool_fill(1)
    east, west = _at_once(_onboard("course-est"), _onboard("course-ouest"))
    assert not isinstance(east, Exception), east
    assert not isinstance(west, Exception), west
    # the spare became one of the two schemas; the other was cloned from the template
    assert not schema_exists(spare)
    assert not SpareSchema.objects.exists()
    regions = {onboarded.region.slug: onboarded.region for onboarded in (east, west)}
    assert set(regions) == {"course-est", "course-ouest"}
    for slug, region in regions.items():
        assert schema_exists(region.schema_name)
        assert BillingAccount.objects.get(region=region).status == "trialing"
        assert region.domains.get().domain.startswith(f"{slug}.")
        with tenant_context(region):
            # each region holds its own first admin, and only that one
            assert list(get_user_model().objects.values_list("email", flat=True)) == [
                f"direction@{slug}.test"
            ]


def test_the_same_slug_twice_at_once_gives_one_region_and_one_refusal(committed):
    first, second = _at_once(_onboard("course-meme"), _onboard("course-meme"))
    refused = [outcome for outcome in (first, second) if isinstance(outcome, Exception)]
    onboarded = [outcome for outcome in (first, second) if not isinstance(outcome, Exception)]
    assert len(onboarded) == 1
    assert len(refused) == 1
    assert isinstance(refused[0], ProvisioningError)
    assert refused[0].code == ProvisioningErrorCode.SLUG_TAKEN
    assert Region.objects.filter(slug="course-meme").count() == 1
    assert BillingAccount.objects.filter(region__slug="course-meme").count() == 1
    with tenant_context(onboarded[0].region):
        assert get_user_model().objects.count() == 1
