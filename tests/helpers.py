"""Helpers every test package uses."""

import contextlib
import uuid

from rest_framework.test import APIClient


def api(user=None) -> APIClient:
    """A DRF test client, signed in as `user` when one is given."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@contextlib.contextmanager
def celery_on(url: str, **conf):
    """Point Celery at the Redis of `url` with a queue of this test's own (another run on the
    same Redis cannot take its tasks), and forget the connections, queues and result backend
    Celery keeps from the configuration before; everything is put back afterwards."""
    from portal.celery import app

    settings = {
        "broker_url": url,
        "result_backend": url,
        "broker_transport_options": {},
        "task_default_queue": f"test-{uuid.uuid4().hex}",
        **conf,
    }
    saved = {key: app.conf[key] for key in settings}
    app.conf.update(settings)
    _forget(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _forget(app)


def _forget(app):
    app._pool = None
    app.__dict__.pop("amqp", None)  # its producer pool and the queues of the conf before
    app._local.__dict__.pop("backend", None)  # the result backend of the URL before
