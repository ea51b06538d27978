"""Verifying the phone with a one-time code sent by SMS, through the pluggable SMS backends
(notifications/sms.py): the same rules as the e-mail codes (10 minutes, 5 wrong tries, one a minute,
five an hour), the phone's verification date on the profile, and a clear message when the
gateway fails."""

import datetime
import json
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from citizens import services
from citizens.errors import CodeError
from citizens.models import CodeChannel, OneTimeCode
from notifications import sms
from tests.citizens.conftest import individual_data

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2025, 9, 1, 3, 0, tzinfo=datetime.UTC)
VERIFY = "/tai-khoan/xac-minh/"
SEND_SMS = "/tai-khoan/xac-minh/gui-sms/"


@pytest.fixture
def user(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return services.citizen_sign_up(**individual_data(phone="0912345678"))


@pytest.fixture
def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def sms_code(index=-1) -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[index].text).group(1)


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def send(user, minutes=0):
    with time_machine.travel(T0 + datetime.timedelta(minutes=minutes), tick=False):
        services.verification_code_send(user=user, channel=CodeChannel.PHONE)


def verify(user, code, minutes=1):
    with time_machine.travel(T0 + datetime.timedelta(minutes=minutes), tick=False):
        return services.verify_code(user=user, code=code, channel=CodeChannel.PHONE)


# ---- The service ---------------------------------------------------------------------------


def test_the_code_goes_by_sms_to_the_phone_and_verifies_it(user):
    send(user)

    assert len(sms.outbox) == 1
    assert sms.outbox[0].to == "0912345678"
    assert "mã xác minh số điện thoại" in sms.outbox[0].text
    assert len(mail.outbox) == 1  # only the sign-up e-mail: the phone code is not e-mailed
    code = sms_code()
    stored = OneTimeCode.objects.get(channel=CodeChannel.PHONE)
    assert stored.destination == "0912345678" and code not in stored.code_hash

    profile = verify(user, code, minutes=9)

    assert profile.phone_verified_at == T0 + datetime.timedelta(minutes=9)
    assert profile.email_verified_at is None  # the e-mail is another matter


def test_an_e_mail_code_does_not_verify_the_phone_nor_the_reverse(user):
    email_code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    send(user)

    if email_code != sms_code():  # one chance in a million that they are the same
        with pytest.raises(CodeError) as error:
            verify(user, email_code)
        assert error.value.code == "wrong"
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.phone_verified_at is None


def test_a_wrong_phone_code_is_refused_and_counted(user):
    send(user)

    with pytest.raises(CodeError) as error:
        verify(user, wrong(sms_code()))

    assert error.value.code == "wrong"
    assert OneTimeCode.objects.get(channel=CodeChannel.PHONE).attempts == 1
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.phone_verified_at is None


def test_a_phone_code_expires_after_ten_minutes(user):
    send(user)

    with pytest.raises(CodeError) as error:
        verify(user, sms_code(), minutes=10)

    assert error.value.code == "expired"


def test_after_five_wrong_phone_codes_even_the_right_one_is_refused(user):
    send(user)
    code = sms_code()
    for _attempt in range(4):
        with pytest.raises(CodeError) as error:
            verify(user, wrong(code))
        assert error.value.code == "wrong"
    with pytest.raises(CodeError) as error:
        verify(user, wrong(code))
    assert error.value.code == "too_many_attempts"

    with pytest.raises(CodeError) as error:
        verify(user, code)
    assert error.value.code == "too_many_attempts"


def test_sms_codes_wait_a_minute_and_allow_five_an_hour(user):
    send(user)
    with pytest.raises(CodeError) as error:
        send(user, minutes=0.5)
    assert error.value.code == "too_soon"
    for minute in range(1, 5):
        send(user, minutes=minute)
    with pytest.raises(CodeError) as error:
        send(user, minutes=6)
    assert error.value.code == "too_many_codes"

    assert len(sms.outbox) == 5
    # The e-mail channel keeps its own count.
    with time_machine.travel(T0 + datetime.timedelta(minutes=7), tick=False):
        services.verification_code_send(user=user)


def test_a_code_sent_to_a_number_since_changed_no_longer_works(user):
    send(user)
    code = sms_code()
    with time_machine.travel(T0 + datetime.timedelta(minutes=1), tick=False):
        services.profile_update(user=user, phone="0987654321")

    with pytest.raises(CodeError) as error:
        verify(user, code, minutes=2)

    assert error.value.code == "no_code"
    send(user, minutes=3)
    assert sms.outbox[-1].to == "0987654321"
    assert verify(user, sms_code(), minutes=4).phone_verified_at is not None


def test_an_account_without_a_phone_gets_no_sms(user):
    type(user).objects.filter(pk=user.pk).update(phone="")
    user.refresh_from_db()

    with pytest.raises(CodeError) as error:
        send(user)

    assert error.value.code == "no_destination"
    assert sms.outbox == []


def test_a_gateway_failure_is_a_clear_error_and_the_code_is_forgotten(user, settings):
    settings.PORTAL_SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.PORTAL_SMS_URL = ""  # not configured: nothing can go out

    with pytest.raises(CodeError) as error:
        send(user)

    assert error.value.code == "sms_failed"
    assert "Không gửi được tin nhắn SMS lúc này" in str(error.value.message)
    assert not OneTimeCode.objects.filter(channel=CodeChannel.PHONE).exists()
    settings.PORTAL_SMS_BACKEND = "notifications.sms.LocmemBackend"
    send(user)  # not "too soon": the failed code did not count
    assert len(sms.outbox) == 1


# ---- The pages -----------------------------------------------------------------------------


def test_the_verify_page_offers_the_sms_to_the_masked_phone(signed_in):
    page = signed_in.get(VERIFY).content.decode()

    assert "Gửi mã qua SMS đến số 091****678" in page
    assert "0912345678" not in page
    assert 'name="phone-code"' not in page  # no code sent yet: nothing to type


def test_the_sms_code_verifies_the_phone_through_the_pages(user, signed_in):
    with time_machine.travel(T0 + datetime.timedelta(minutes=2), tick=False):
        sent = signed_in.post(SEND_SMS, follow=True)
    page = sent.content.decode()
    assert sent.redirect_chain == [(VERIFY, 302)]
    assert "Đã gửi mã xác minh qua SMS đến số 091****678." in page
    assert 'name="phone-code"' in page and 'name="channel" value="phone"' in page
    assert 'name="code"' in page  # the e-mail form is still there, unverified

    with time_machine.travel(T0 + datetime.timedelta(minutes=3), tick=False):
        wrong_response = signed_in.post(
            VERIFY, {"channel": "phone", "phone-code": wrong(sms_code())}
        )
        right_response = signed_in.post(
            VERIFY, {"channel": "phone", "phone-code": sms_code()}, follow=True
        )

    assert wrong_response.status_code == 200
    assert "Mã xác minh không đúng." in wrong_response.content.decode()
    assert 'href="#id_phone-code"' in wrong_response.content.decode()
    assert right_response.redirect_chain == [(reverse("citizens:profile"), 302)]
    assert "Đã xác minh số điện thoại." in right_response.content.decode()
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.phone_verified_at == T0 + datetime.timedelta(minutes=3)
    assert user.citizen_profile.email_verified_at is None


def test_the_pages_say_when_the_phone_code_expired_or_was_tried_too_often(user, signed_in):
    with time_machine.travel(T0, tick=False):
        signed_in.post(SEND_SMS)
    code = sms_code()

    with time_machine.travel(T0 + datetime.timedelta(minutes=11), tick=False):
        expired = signed_in.post(VERIFY, {"channel": "phone", "phone-code": code})
    assert "Mã xác minh đã hết hạn. Vui lòng gửi lại mã." in expired.content.decode()

    with time_machine.travel(T0 + datetime.timedelta(minutes=12), tick=False):
        signed_in.post(SEND_SMS)
        code = sms_code()
        for _attempt in range(5):
            last = signed_in.post(VERIFY, {"channel": "phone", "phone-code": wrong(code)})
        refused = signed_in.post(VERIFY, {"channel": "phone", "phone-code": code})
    assert "Bạn đã nhập sai quá nhiều lần" in last.content.decode()
    assert "Bạn đã nhập sai quá nhiều lần" in refused.content.decode()
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.phone_verified_at is None


def test_the_send_button_is_rate_limited_with_a_message(signed_in):
    with time_machine.travel(T0, tick=False):
        signed_in.post(SEND_SMS)
        again = signed_in.post(SEND_SMS, follow=True)

    assert "Vui lòng đợi một phút rồi hãy gửi lại mã." in again.content.decode()
    assert len(sms.outbox) == 1


def test_a_gateway_failure_shows_a_message_not_an_error_page(signed_in, settings):
    settings.PORTAL_SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.PORTAL_SMS_URL = "http://127.0.0.1:9/sms"  # the discard port: refused

    response = signed_in.post(SEND_SMS, follow=True)

    assert response.status_code == 200
    assert "Không gửi được tin nhắn SMS lúc này" in response.content.decode()
    assert 'name="phone-code"' not in response.content.decode()


def test_the_email_code_still_verifies_through_the_unprefixed_field(user, signed_in):
    email_code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    with time_machine.travel(T0 + datetime.timedelta(minutes=1), tick=False):
        response = signed_in.post(VERIFY, {"code": email_code})

    assert response.status_code == 302
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.email_verified_at is not None
    assert user.citizen_profile.phone_verified_at is None


def test_the_profile_shows_the_phone_verified(user, signed_in):
    send(user)
    verify(user, sms_code())

    page = signed_in.get("/tai-khoan/").content.decode()
    phone_row = page.split("Số điện thoại")[1].split("</div>")[0]
    assert "Đã xác minh" in phone_row
    assert "Xác minh số điện thoại" not in phone_row


# ---- The backends --------------------------------------------------------------------------


class _Gateway(BaseHTTPRequestHandler):
    status = 200
    delay = 0.0
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.received.append(
            {
                "body": json.loads(self.rfile.read(length)),
                "authorization": self.headers.get("Authorization"),
                "content_type": self.headers.get("Content-Type"),
            }
        )
        if self.delay:
            threading.Event().wait(self.delay)
        self.send_response(self.status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    """A local HTTP SMS gateway; yields (url, handler class)."""
    handler = type("Gateway", (_Gateway,), {"received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/sms", handler
    server.shutdown()
    server.server_close()


def test_the_http_backend_posts_json_with_the_token(gateway):
    url, handler = gateway
    backend = sms.HttpBackend(url=url, token="bi-mat")

    sent = backend.send_messages([sms.SmsMessage(to="0912345678", text="Mã: 123456")])

    assert sent == 1
    assert handler.received == [
        {
            "body": {"to": "0912345678", "text": "Mã: 123456"},
            "authorization": "Bearer bi-mat",
            "content_type": "application/json",
        }
    ]


def test_the_http_backend_turns_a_refusal_or_a_timeout_into_an_sms_error(gateway, caplog):
    url, handler = gateway
    handler.status = 500
    with pytest.raises(sms.SmsError) as error:
        sms.HttpBackend(url=url).send_messages([sms.SmsMessage("0912345678", "x")])
    assert "Không gửi được tin nhắn SMS" in str(error.value.message)
    assert "HTTP 500" in caplog.text

    handler.status, handler.delay = 200, 1.0
    with pytest.raises(sms.SmsError):
        sms.HttpBackend(url=url, timeout=0.2).send_messages([sms.SmsMessage("0912345678", "x")])
    quiet = sms.HttpBackend(url=url, timeout=0.2, fail_silently=True)
    assert quiet.send_messages([sms.SmsMessage("0912345678", "x")]) == 0


def test_the_http_backend_reads_its_settings(settings, gateway):
    url, handler = gateway
    settings.PORTAL_SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.PORTAL_SMS_URL = url
    settings.PORTAL_SMS_TOKEN = "tu-cai-dat"

    assert sms.send_sms(to="0912345678", text="Xin chào") == 1
    assert handler.received[0]["authorization"] == "Bearer tu-cai-dat"


def test_the_console_backend_logs_and_the_default_is_the_console(settings, caplog):
    settings.PORTAL_SMS_BACKEND = ""
    backend = sms.get_backend()
    assert isinstance(backend, sms.ConsoleBackend)

    with caplog.at_level(logging.INFO, logger="notifications.sms"):
        assert sms.send_sms(to="0912345678", text="Mã 654321") == 1

    assert "SMS to 0912345678: Mã 654321" in caplog.text
    assert sms.outbox == []


def test_tests_use_the_locmem_backend():
    assert isinstance(sms.get_backend(), sms.LocmemBackend)
    sms.send_sms(to="0912345678", text="Thử")
    assert sms.outbox == [sms.SmsMessage(to="0912345678", text="Thử")]


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("0912345678", "091****678"), ("+84912345678", "+84******678"), ("12345", "*****")],
)
def test_phones_are_masked_on_the_pages(phone, masked):
    assert sms.mask_phone(phone) == masked
