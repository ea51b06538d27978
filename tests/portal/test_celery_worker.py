"""A real Celery worker, on the real Redis, runs the catalog's scheduled task."""

import datetime
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from portal.celery import app
from procedures.models import Procedure
from tests.factories import FieldFactory, ProcedureFactory, VersionFactory

# The worker runs in another thread, with its own connection: an in-memory SQLite test
# database is not shared with it.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a worker in another thread needs PostgreSQL"
)


@pytest.fixture
def worker(transactional_db):
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    keys = (
        "broker_url",
        "result_backend",
        "broker_transport_options",
        "task_default_queue",
        "task_ignore_result",
    )
    saved = {key: app.conf[key] for key in keys}
    # A queue of this run's own: another test run on the same Redis cannot take its tasks.
    app.conf.update(
        broker_url=url,
        result_backend=url,
        broker_transport_options={},
        task_default_queue=f"test-{uuid.uuid4().hex}",
        task_ignore_result=False,  # this test reads the task's result
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield app
    finally:
        app.conf.update(saved)


def test_the_worker_points_procedures_at_versions_that_took_effect(worker, monkeypatch):
    # Results are ignored by default (nothing in a request waits for one): keep this one.
    task = worker.tasks["procedures.tasks.refresh_current_versions"]
    monkeypatch.setattr(task, "ignore_result", False)
    procedure = ProcedureFactory(code="1.001193")
    VersionFactory(
        procedure=procedure, field=FieldFactory(), effective_from=datetime.date(2025, 7, 1)
    )
    Procedure.objects.filter(pk=procedure.pk).update(current_version=None)

    result = worker.send_task("procedures.tasks.refresh_current_versions")

    assert result.get(timeout=30) == 1
    procedure.refresh_from_db()
    assert procedure.current_version.effective_from == datetime.date(2025, 7, 1)
