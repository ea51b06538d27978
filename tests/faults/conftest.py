"""Processes a fault test starts itself and stops by pid: a private redis-server on a free
port, a Celery worker (in this process, or a subprocess to kill), an SMTP sink."""

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from common import enqueue
from tests.helpers import celery_on

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout=30.0, step=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    from notifications.models import Delivery

    states = list(Delivery.objects.values_list("channel", "state", "attempts", "last_error"))
    raise AssertionError(f"timed out waiting for {what}; deliveries: {states}")


class PrivateRedis:
    """A redis-server of this test's own; `stop` and `start` act on its pid only."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, what="redis-server to answer")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis(settings):
    """A private Redis as the cache, the broker and the result backend, all at once."""
    if connection.vendor != "postgresql":
        pytest.skip("workers in other threads and processes share the database: PostgreSQL")
    redis = PrivateRedis()
    redis.start()
    settings.CACHES = {
        "default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": redis.url}
    }
    redis.queue = f"fault-{uuid.uuid4().hex}"
    enqueue.reset()
    try:
        with celery_on(redis.url, task_default_queue=redis.queue):
            yield redis
    finally:
        redis.stop()
        enqueue.reset()


def worker_env(redis, **extra) -> dict:
    """The environment of a worker subprocess: this test's database and Redis."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "PORTAL_", "DJANGO_"))
    }
    db = connection.settings_dict
    user, host = db["USER"] or "postgres", db["HOST"] or "127.0.0.1"
    env.update(
        DATABASE_URL=f"postgres://{user}@{host}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=redis.url,
        CELERY_BROKER_URL=redis.url,
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


class WorkerProcess:
    """`celery worker` as a subprocess of the test, on the test's private queue."""

    def __init__(self, redis, **env):
        self.redis = redis
        self.env = worker_env(redis, **env)
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "-P",
                "solo",
                "-Q",
                self.redis.queue,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "WARNING",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self):
        """SIGKILL: the worker dies mid-work, as a machine that loses power."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_processes(private_redis):
    started = []

    def start(**env):
        worker = WorkerProcess(private_redis, **env)
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


class SmtpSink:
    """An SMTP server on a free port that keeps what it accepts. `hold_at=n`: the n-th
    message waits in RCPT (before its data is sent) until `release` is called."""

    def __init__(self, *, hold_at=None):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.started_rcpt = 0
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.released = threading.Event()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        self.started_rcpt += 1
        if self.hold_at is not None and self.started_rcpt == self.hold_at:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted for delivery"

    def release(self):
        self.released.set()

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.release()
        self.controller.stop()
