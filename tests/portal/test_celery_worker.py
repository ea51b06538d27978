"""A real Celery worker, on the real Redis, runs the catalog's scheduled task."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection

from procedures.models import Procedure
from tests.factories import FieldFactory, ProcedureFactory, VersionFactory
from tests.helpers import celery_on

# The worker runs in another thread, with its own connection: an in-memory SQLite test
# database is not shared with it.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a worker in another thread needs PostgreSQL"
)


@pytest.fixture
def worker(transactional_db):
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    with celery_on(url, task_ignore_result=False) as app:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield app


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
