import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from citizens import services
from citizens.errors import CodeError
from citizens.models import OneTimeCode
from tests.citizens.conftest import PASSWORD, code_from_outbox, individual_data

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2025, 9, 1, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture
def user(django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            return services.citizen_sign_up(**individual_data())


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_the_right_code_verifies_the_e_mail(user):
    with time_machine.travel(T0 + datetime.timedelta(minutes=9), tick=False):
        profile = services.verify_code(user=user, code=code_from_outbox())

    assert profile.email_verified_at == T0 + datetime.timedelta(minutes=9)
    assert OneTimeCode.objects.get().used_at is not None


def test_a_used_code_does_not_work_twice(user):
    code = code_from_outbox()
    with time_machine.travel(T0, tick=False):
        services.verify_code(user=user, code=code)
        with pytest.raises(CodeError) as error:
            services.verify_code(user=user, code=code)
    assert error.value.code == "no_code"


def test_a_wrong_code_is_refused_and_counted(user):
    with time_machine.travel(T0, tick=False), pytest.raises(CodeError) as error:
        services.verify_code(user=user, code=wrong(code_from_outbox()))

    assert error.value.code == "wrong"
    assert OneTimeCode.objects.get().attempts == 1
    assert user.citizen_profile.email_verified_at is None


def test_a_code_expires_after_ten_minutes(user):
    with time_machine.travel(T0 + datetime.timedelta(minutes=10), tick=False):
        with pytest.raises(CodeError) as error:
            services.verify_code(user=user, code=code_from_outbox())
    assert error.value.code == "expired"


def test_after_five_wrong_codes_even_the_right_one_is_refused(user):
    code = code_from_outbox()
    with time_machine.travel(T0, tick=False):
        for _attempt in range(4):
            with pytest.raises(CodeError) as error:
                services.verify_code(user=user, code=wrong(code))
            assert error.value.code == "wrong"
        with pytest.raises(CodeError) as error:
            services.verify_code(user=user, code=wrong(code))
        assert error.value.code == "too_many_attempts"
        with pytest.raises(CodeError) as error:
            services.verify_code(user=user, code=code)
        assert error.value.code == "too_many_attempts"


def test_resending_waits_a_minute_and_allows_five_codes_an_hour(
    user, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0 + datetime.timedelta(seconds=30), tick=False):
        with pytest.raises(CodeError) as error:
            services.verification_code_send(user=user)
        assert error.value.code == "too_soon"
    for minute in range(1, 5):  # codes 2 to 5 of the hour
        with time_machine.travel(T0 + datetime.timedelta(minutes=minute), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                services.verification_code_send(user=user)
    with time_machine.travel(T0 + datetime.timedelta(minutes=6), tick=False):
        with pytest.raises(CodeError) as error:
            services.verification_code_send(user=user)
        assert error.value.code == "too_many_codes"
    with time_machine.travel(T0 + datetime.timedelta(minutes=61), tick=False):
        services.verification_code_send(user=user)
    assert len(mail.outbox) == 5


def test_a_new_code_retires_the_previous_one(user, django_capture_on_commit_callbacks):
    first = code_from_outbox()
    with time_machine.travel(T0 + datetime.timedelta(minutes=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.verification_code_send(user=user)
        second = code_from_outbox()
        if first != second:  # one chance in a million that they are the same
            with pytest.raises(CodeError) as error:
                services.verify_code(user=user, code=first)
            assert error.value.code == "wrong"
        services.verify_code(user=user, code=second)


def test_the_verify_page_takes_the_code(client, user):
    client.login(username=user.username, password=PASSWORD)

    with time_machine.travel(T0 + datetime.timedelta(minutes=1), tick=False):
        wrong_response = client.post(
            reverse("citizens:verify"), {"code": wrong(code_from_outbox())}
        )
        right_response = client.post(reverse("citizens:verify"), {"code": code_from_outbox()})

    assert wrong_response.status_code == 200
    assert "Mã xác minh không đúng." in wrong_response.content.decode()
    assert right_response.status_code == 302
    user.citizen_profile.refresh_from_db()
    assert user.citizen_profile.email_verified_at is not None


def test_the_verify_page_refuses_a_code_that_is_not_six_digits(client, user):
    client.login(username=user.username, password=PASSWORD)

    response = client.post(reverse("citizens:verify"), {"code": "12ab"})

    assert response.status_code == 200
    assert "Mã xác minh gồm 6 chữ số." in response.content.decode()


def test_the_resend_button_is_rate_limited_with_a_message(client, user):
    client.login(username=user.username, password=PASSWORD)

    with time_machine.travel(T0 + datetime.timedelta(seconds=20), tick=False):
        response = client.post(reverse("citizens:resend_code"), follow=True)

    assert "Vui lòng đợi một phút rồi hãy gửi lại mã." in response.content.decode()
    assert len(mail.outbox) == 1
