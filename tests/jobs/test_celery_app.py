"""The Celery app: eager without a broker, every task in the schema of the region that queued it."""

import pytest
from django.conf import settings
from django.db import connection

from config.celery import RegionTask, RegionTaskError, app


@app.task(base=RegionTask, name="tests.schema_of_task")
def schema_of_task():
    return connection.schema_name


def test_without_broker_tasks_run_eagerly():
    assert settings.CELERY_BROKER_URL == "memory://"
    assert app.conf.task_always_eager is True


@pytest.mark.django_db
def test_an_eager_task_runs_in_the_schema_that_queued_it(region_a, region_b):
    connection.set_tenant(region_a)
    assert schema_of_task.delay().get() == region_a.schema_name
    connection.set_tenant(region_b)
    assert schema_of_task.apply_async().get() == region_b.schema_name


@pytest.mark.django_db
def test_a_region_task_refuses_the_public_schema():
    connection.set_schema_to_public()
    with pytest.raises(RegionTaskError, match="outside a region"):
        schema_of_task.delay()
