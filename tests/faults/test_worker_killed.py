"""A worker killed (SIGKILL) in the middle of sending: the message it held is taken again
when its lease runs out, and every message reaches the mail server exactly once."""

import pytest

from notifications.models import Delivery, DeliveryState
from notifications.services import Recipient, notify
from portal.celery import app
from tests.factories import UserFactory
from tests.faults.conftest import SmtpSink, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = 10


def test_a_worker_killed_during_dispatch_leaves_every_message_sent_exactly_once(
    private_redis, worker_processes
):
    people = [UserFactory(username=f"dan-{n}", email=f"dan{n}@example.vn") for n in range(COUNT)]
    for person in people:
        notify(
            key=f"kill-test:{person.pk}",
            recipients=[Recipient(user_id=person.pk)],
            template="dossiers/messages/received",
            context={"code": f"H92.31-260309-{person.pk:04d}", "procedure": "Khai sinh"},
        )

    with SmtpSink(hold_at=4) as sink:
        smtp = {
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(sink.port),
            "PORTAL_OUTBOX_LEASE_SECONDS": "3",
        }
        first = worker_processes(**smtp)
        app.send_task("notifications.dispatch", ignore_result=True)
        assert sink.holding.wait(timeout=60), "the worker never reached the 4th message"
        first.kill()  # the 4th message is in the middle of its SMTP conversation
        sink.release()

        assert len(sink.messages) == 3
        held = Delivery.objects.filter(state=DeliveryState.SENDING)
        assert held.count() == COUNT - 3  # the batch it had claimed: leased, never finished

        worker_processes(**smtp)
        # Once the lease is over, the beat's dispatch takes the held row and the rest.
        wait_for(
            lambda: _dispatch_and_check(),
            timeout=60,
            step=1.0,
            what="every message to be sent",
        )

    recipients = sorted(
        line for m in sink.messages for line in m.splitlines() if line.startswith("To: ")
    )
    assert recipients == sorted(f"To: dan{n}@example.vn" for n in range(COUNT))
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == COUNT


def _dispatch_and_check() -> bool:
    if not Delivery.objects.exclude(state=DeliveryState.SENT).exists():
        return True
    app.send_task("notifications.dispatch", ignore_result=True)
    return False
