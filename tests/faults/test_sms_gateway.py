"""An SMS gateway that fails: a 500 is retried after its backoff and then sent; a 400 is a
refusal, and the message falls back (a legal notice to e-mail; the inbox always has it)."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from notifications import dispatch as dispatcher
from notifications.models import Delivery, DeliveryState, Notification
from notifications.services import preference_set
from tests.factories import UserFactory
from tests.notifications.conftest import tell


class Gateway:
    """A local HTTP gateway answering the statuses it is given, in order (then 200)."""

    def __init__(self, *statuses):
        self.statuses = list(statuses)
        self.received = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append(json.loads(body))
                status = gateway.statuses.pop(0) if gateway.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def texting(db, settings):
    settings.PORTAL_SMS_BACKEND = "notifications.sms.HttpBackend"
    user = UserFactory(username="mai", email="mai@example.vn")
    user.phone = "0912345678"
    user.save()
    preference_set(user=user, email=False, sms=True)
    return user


def test_a_gateway_answering_500_then_200_gets_the_message_on_the_retry(
    texting, settings, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
    with Gateway(500) as gateway:
        settings.PORTAL_SMS_URL = gateway.url
        tell(texting)

        assert dispatcher.dispatch()["retry"] == 1
        delivery = Delivery.objects.get()
        assert delivery.state == DeliveryState.RETRY
        assert delivery.last_error == "Cổng SMS tạm thời không nhận tin (HTTP 500)."

        time_machine.move_to(delivery.next_attempt_at, tick=False)
        assert dispatcher.dispatch()["sent"] == 1

    assert [r["to"] for r in gateway.received] == ["0912345678", "0912345678"]
    assert Delivery.objects.get().state == DeliveryState.SENT


def test_a_gateway_refusing_with_400_falls_back_to_the_inbox(texting, settings):
    with Gateway(400) as gateway:
        settings.PORTAL_SMS_URL = gateway.url
        tell(texting)

        assert dispatcher.dispatch()["failed"] == 1
        assert dispatcher.dispatch() == {"sent": 0, "retry": 0, "failed": 0, "postponed": 0}

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 1  # a refusal is not retried
    assert "Cổng SMS từ chối tin nhắn (HTTP 400)." in delivery.last_error
    assert "Thông báo vẫn có trong hộp thư trên cổng." in delivery.last_error
    assert Notification.objects.get(recipient=texting).read_at is None  # in the inbox
    assert mail.outbox == []  # an ordinary message does not go where she did not choose


def test_a_legal_notice_refused_by_the_gateway_goes_by_email(texting, settings):
    with Gateway(400) as gateway:
        settings.PORTAL_SMS_URL = gateway.url
        tell(texting, legal=True)
        dispatcher.dispatch()

    assert Delivery.objects.get(channel="sms").state == DeliveryState.FAILED
    assert Delivery.objects.get(channel="email").state == DeliveryState.SENT
    assert [m.to for m in mail.outbox] == [["mai@example.vn"]]
