"""Enqueue a Celery task after the commit, without ever failing or stalling the request.

Work that must not be lost is written to an outbox table in the request's transaction; the
task enqueued here only asks a worker to look at it now rather than at the next beat. So a
broker that cannot be reached is logged and forgotten: the beat's periodic dispatch picks
the rows up once the broker is back.

A broker that failed is not tried again by this process for `PORTAL_BROKER_RETRY_SECONDS`
(a circuit breaker): during an outage one request in that window pays the connection
timeout (CELERY_BROKER_CONNECTION_TIMEOUT), the others none.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

_lock = threading.Lock()
_broken_until = 0.0


def broker_is_resting() -> bool:
    """Whether a recent failure makes this process skip the broker for now."""
    return time.monotonic() < _broken_until


def _rest():
    global _broken_until
    with _lock:
        _broken_until = time.monotonic() + getattr(settings, "PORTAL_BROKER_RETRY_SECONDS", 30)


def reset() -> None:
    """Forget a past failure (tests, and a process that knows the broker is back)."""
    global _broken_until
    with _lock:
        _broken_until = 0.0


def enqueue(task_name: str, *args) -> bool:
    """Send `task_name` now; False (logged) when the broker is down or resting."""
    if broker_is_resting():
        return False
    from celery import current_app

    try:
        if task_name not in current_app.tasks:
            current_app.loader.import_default_modules()  # the apps' tasks modules
        current_app.tasks[task_name].apply_async(args=list(args), retry=False, ignore_result=True)
    except Exception:  # noqa: BLE001 - kombu and redis raise many kinds of connection errors
        _rest()
        log.warning("broker unreachable: %s not enqueued (the beat will catch up)", task_name)
        return False
    return True


def enqueue_on_commit(task_name: str, *args) -> None:
    """Enqueue once the current transaction commits (at once outside one). Within one
    atomic block the same task with the same arguments is enqueued once."""
    key = (task_name, args)
    connection = transaction.get_connection()
    here = set(connection.savepoint_ids)
    if any(
        getattr(func, "enqueue_key", None) == key and savepoints == here
        for savepoints, func, *_robust in connection.run_on_commit
    ):
        return

    def run():
        enqueue(task_name, *args)

    run.enqueue_key = key
    transaction.on_commit(run)
