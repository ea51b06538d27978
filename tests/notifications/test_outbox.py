"""The outbox: messages are rows written with what they tell, sent once by the dispatcher,
retried with backoff when a channel fails for now, and moved to the next channel when it
fails for good."""

import datetime
import random
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from common import outbox
from notifications import dispatch as dispatcher
from notifications.models import Delivery, DeliveryState, Notification, Preference
from notifications.services import preference_set
from tests.notifications.conftest import tell


def test_a_message_is_a_row_and_an_inbox_item_with_one_delivery_by_email(lan):
    assert tell(lan) == 1

    notification = Notification.objects.get()
    assert notification.recipient == lan
    assert notification.read_at is None
    assert [(d.channel, d.address, d.state) for d in notification.deliveries.all()] == [
        ("email", "lan@example.vn", DeliveryState.QUEUED)
    ]
    assert mail.outbox == []  # nothing is sent by writing


def test_writing_the_same_message_again_keeps_the_first(lan):
    tell(lan)
    assert tell(lan) == 0
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 1


def test_nothing_is_kept_when_the_transaction_rolls_back(lan):
    with pytest.raises(RuntimeError), transaction.atomic():
        tell(lan)
        raise RuntimeError
    assert not Notification.objects.exists()


def test_the_dispatcher_sends_the_email_once_in_plain_text_and_html(lan):
    tell(lan)

    assert dispatcher.dispatch()["sent"] == 1
    assert dispatcher.dispatch()["sent"] == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.vn"]
    assert message.subject == "Hồ sơ H92.31-260309-0001 đã được tiếp nhận"
    assert "Chào Trần Thị Lan," in message.body
    assert "Ngày hẹn trả kết quả: 17:00, thứ Năm, 12/03/2026" in message.body
    assert "http://127.0.0.1:8000/ho-so/cua-toi/1/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert '<html lang="vi">' in html and "Trần Thị Lan" in html
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 1


def test_citizens_choose_sms_and_email_and_get_both(lan_with_phone):
    from notifications import sms

    preference_set(user=lan_with_phone, email=True, sms=True)
    tell(lan_with_phone)
    dispatcher.dispatch()

    assert len(mail.outbox) == 1
    assert [m.to for m in sms.outbox] == ["0912345678"]
    assert "H92.31-260309-0001" in sms.outbox[0].text
    assert sms.outbox[0].text.endswith("http://127.0.0.1:8000/ho-so/cua-toi/1/")


def test_a_citizen_who_turned_every_channel_off_still_gets_legal_notices(lan_with_phone):
    Preference.objects.create(user=lan_with_phone, email=False, sms=False)

    tell(lan_with_phone, key="ordinary")
    tell(lan_with_phone, key="legal", legal=True)

    ordinary = Notification.objects.get(key__startswith="ordinary")
    legal = Notification.objects.get(key__startswith="legal")
    assert not ordinary.deliveries.exists()  # the inbox only
    assert [d.channel for d in legal.deliveries.all()] == ["email"]
    assert legal.fallback == ["sms"]


def test_someone_without_an_account_gets_the_first_channel_they_gave(db):
    tell(name="Lê Thị Hoa", phone="0987654321", email="hoa@example.vn")

    notification = Notification.objects.get()
    assert notification.recipient is None
    assert [d.channel for d in notification.deliveries.all()] == ["email"]
    assert notification.fallback == ["sms"]


def _smtp_fails(monkeypatch, error):
    def send(self, *args, **kwargs):
        raise error

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", send)


def test_a_temporary_failure_is_retried_after_a_backoff(lan, monkeypatch, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 9, 9, 0, tzinfo=datetime.UTC), tick=False)
    tell(lan)
    _smtp_fails(monkeypatch, smtplib.SMTPServerDisconnected("gone"))

    assert dispatcher.dispatch()["retry"] == 1

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.RETRY
    assert "Không kết nối được máy chủ thư" in delivery.last_error
    wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=30) <= wait <= datetime.timedelta(seconds=60)
    assert dispatcher.dispatch()["sent"] == 0  # not due yet

    monkeypatch.undo()
    time_machine.move_to(delivery.next_attempt_at, tick=False)
    assert dispatcher.dispatch()["sent"] == 1
    assert Delivery.objects.get().attempts == 2
    assert len(mail.outbox) == 1


def test_a_permanent_failure_of_a_legal_notice_falls_back_to_sms(lan_with_phone, monkeypatch):
    from notifications import sms

    tell(lan_with_phone, legal=True)
    _smtp_fails(
        monkeypatch, smtplib.SMTPRecipientsRefused({"lan@example.vn": (550, b"no such user")})
    )

    assert dispatcher.dispatch() == {"sent": 1, "retry": 0, "failed": 1, "postponed": 0}

    email = Delivery.objects.get(channel="email")
    assert email.state == DeliveryState.FAILED
    assert "từ chối địa chỉ lan@example.vn" in email.last_error
    assert "Đã chuyển sang kênh Tin nhắn SMS" in email.last_error
    assert Delivery.objects.get(channel="sms").state == DeliveryState.SENT
    assert len(sms.outbox) == 1


def test_a_channel_that_keeps_failing_is_given_up_and_the_inbox_keeps_the_message(
    lan, monkeypatch, settings, time_machine
):
    settings.PORTAL_OUTBOX_MAX_ATTEMPTS = 3
    time_machine.move_to(datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
    tell(lan)
    _smtp_fails(monkeypatch, OSError("connection refused"))
    for _attempt in range(3):
        dispatcher.dispatch()
        time_machine.shift(datetime.timedelta(hours=2))

    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 3
    assert delivery.last_error.startswith("Đã thử 3 lần không thành công")
    assert "Thông báo vẫn có trong hộp thư trên cổng." in delivery.last_error
    assert Notification.objects.get().read_at is None


def test_two_dispatchers_never_claim_the_same_row(lan):
    for n in range(5):
        tell(lan, key=f"m{n}")
    now = timezone.now()

    first = outbox.claim(Delivery.objects.all(), now=now, limit=3, lease_seconds=60)
    second = outbox.claim(Delivery.objects.all(), now=now, limit=3, lease_seconds=60)

    assert len(first) == 3 and len(second) == 2
    assert not {d.pk for d in first} & {d.pk for d in second}


def test_a_row_whose_worker_died_is_taken_again_after_its_lease(lan, time_machine):
    tell(lan)
    now = timezone.now()
    (taken,) = outbox.claim(Delivery.objects.all(), now=now, limit=5, lease_seconds=60)

    assert outbox.claim(Delivery.objects.all(), now=now, limit=5, lease_seconds=60) == []
    later = now + datetime.timedelta(seconds=61)
    (again,) = outbox.claim(Delivery.objects.all(), now=later, limit=5, lease_seconds=60)

    assert again.pk == taken.pk and again.attempts == 2
    # The first worker coming back late changes nothing: its attempt is no longer the row's.
    assert not outbox.finish(taken, state=DeliveryState.SENT)
    assert outbox.finish(again, state=DeliveryState.SENT)


def test_the_backoff_doubles_up_to_its_cap_with_jitter():
    rng = random.Random(7)
    waits = [outbox.backoff(n, base=60, cap=3600, rng=rng).total_seconds() for n in range(1, 9)]
    ceilings = [60, 120, 240, 480, 960, 1920, 3600, 3600]
    for wait, ceiling in zip(waits, ceilings, strict=True):
        assert ceiling / 2 <= wait <= ceiling


def test_staff_messages_go_out_as_one_digest_per_interval(lan, settings, time_machine):
    settings.PORTAL_NOTIFICATION_DIGEST_MINUTES = 30
    start = datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    tell(lan, key="a", digest=True)
    dispatcher.dispatch()
    assert len(mail.outbox) == 1  # the first goes at once

    for key in ("b", "c", "d"):
        time_machine.shift(datetime.timedelta(minutes=5))
        tell(lan, key=key, digest=True)
        dispatcher.dispatch()
    assert len(mail.outbox) == 1  # within the interval: held

    time_machine.move_to(start + datetime.timedelta(minutes=30), tick=False)
    dispatcher.dispatch()

    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.subject.startswith("3 thông báo mới")
    assert digest.body.count("Hồ sơ H92.31-260309-0001 đã được tiếp nhận") == 3
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 4
    assert Notification.objects.filter(recipient=lan, read_at__isnull=True).count() == 4
