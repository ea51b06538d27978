"""Two web processes and two workers on one PostgreSQL and one Redis, as the documented
scale-out runs them (docs/deployment.md): citizens submitting through both web processes at
once get distinct, gapless dossier codes; each of their receipts is sent once, by whichever
worker took it; two sweeps started at the same moment on the two workers tell each crossing
once (the second waits for nothing: it skips)."""

import datetime
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from email import message_from_string
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from dossiers.models import Dossier
from notifications.models import Delivery, DeliveryState, Notification
from portal.celery import app
from tests.dossiers.conftest import PDF, build_world
from tests.faults.conftest import SmtpSink, free_port, wait_for, worker_env

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CITIZENS = 6
EACH = 4


class WebProcess:
    """gunicorn serving the portal on a free port of 127.0.0.1, as a subprocess of the test."""

    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "portal.wsgi:application"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, timeout=60, step=0.2, what="gunicorn to answer")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def answers(self) -> bool:
        try:
            return _call("GET", f"{self.url}/health/")[0] == 200
        except OSError:
            return False

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _call(method, url, *, token="", json_body=None, file=None):
    """(status, parsed JSON or None) of one HTTP request, with the standard library."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    body = None
    if json_body is not None:
        body = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    elif file is not None:
        boundary = uuid.uuid4().hex
        fields, (name, content) = file
        head = f"--{boundary}\r\nContent-Disposition: form-data; name="
        parts = [f'{head}"{key}"\r\n\r\n{value}\r\n'.encode() for key, value in fields.items()]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None


def _submit(base, token, world, codes, errors):
    try:
        for _ in range(EACH):
            status, made = _call(
                "POST",
                f"{base}/api/v1/dossiers/",
                token=token,
                json_body={
                    "procedure": world.procedure.code,
                    "channel": "online",
                    "agency": "H92.31",
                },
            )
            assert status == 201, made
            pk = made["id"]
            status, stored = _call(
                "POST",
                f"{base}/api/v1/dossiers/{pk}/files/",
                token=token,
                file=({"component": world.required.pk}, ("giay-de-nghi.pdf", PDF)),
            )
            assert status == 201, stored
            status, sent = _call(
                "POST", f"{base}/api/v1/dossiers/{pk}/submit/", token=token, json_body={}
            )
            assert status == 200, sent
            codes.append(sent["code"])
    except Exception as error:  # noqa: BLE001 - reported by the test
        errors.append(repr(error))


def test_two_web_processes_and_two_workers_share_the_work(private_redis, worker_processes):
    from rest_framework.authtoken.models import Token

    from tests.factories import UserFactory

    world = build_world()
    people = [world.citizen] + [
        UserFactory(username=f"dan-{n}", full_name=f"Người dân {n}", phone=f"09120003{n:02d}")
        for n in range(CITIZENS - 1)
    ]
    tokens = [Token.objects.create(user=person).key for person in people]

    with SmtpSink() as sink:
        env = worker_env(
            private_redis,
            CELERY_TASK_DEFAULT_QUEUE=private_redis.queue,
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(sink.port),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            PORTAL_VAR_DIR=os.environ.get("PORTAL_VAR_DIR", str(ROOT / "var")),
        )
        webs = [WebProcess(env), WebProcess(env)]
        try:
            for _ in range(2):
                worker_processes(**{k: v for k, v in env.items() if k.startswith("DJANGO_")})
            codes, errors = [], []
            threads = [
                threading.Thread(
                    target=_submit, args=(webs[n % 2].url, token, world, codes, errors)
                )
                for n, token in enumerate(tokens)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert errors == []

            # One sequence per unit and day, whichever process numbered: distinct and gapless.
            assert len(codes) == len(set(codes)) == CITIZENS * EACH
            numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
            assert numbers == list(range(1, CITIZENS * EACH + 1))

            app.send_task("notifications.dispatch", ignore_result=True)
            wait_for(
                lambda: (
                    Delivery.objects.filter(state=DeliveryState.SENT).count() >= CITIZENS * EACH
                ),
                timeout=90,
                step=0.5,
                what="every receipt to be sent",
            )
            subjects = [
                str(make_header(decode_header(message_from_string(m)["Subject"])))
                for m in sink.messages
            ]
            for code in codes:
                assert sum(code in subject for subject in subjects) == 1, (code, subjects)

            # A day later every dossier is past a boundary: both workers sweep at once.
            Dossier.objects.update(
                due_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1),
                state="received",
            )
            app.send_task("dossiers.sweep_deadlines", ignore_result=True)
            app.send_task("dossiers.sweep_deadlines", ignore_result=True)
            wait_for(
                lambda: Dossier.objects.filter(due_flag="late").count() == CITIZENS * EACH,
                timeout=60,
                step=0.5,
                what="the sweep to flag every dossier",
            )
            # Each crossing told once, however many sweeps ran.
            late = list(
                Notification.objects.filter(template__endswith="late").values_list("key", flat=True)
            )
            assert late and len(late) == len(set(late))
        finally:
            for web in webs:
                web.stop()
