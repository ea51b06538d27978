import pytest
from django.core import mail
from django.urls import reverse

from tests.citizens.conftest import CCCD, PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/tai-khoan/dang-nhap/"


def test_login_url_is_the_accounts_login_page():
    assert reverse("citizens:login") == LOGIN


@pytest.mark.parametrize("name", [CCCD, "lan@example.vn", "LAN@Example.VN"])
def test_a_citizen_logs_in_with_the_cccd_or_the_e_mail(client, signed_up, name):
    response = client.post(LOGIN, {"username": name, "password": PASSWORD})

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == signed_up.pk


def test_a_wrong_password_shows_the_form_again_in_vietnamese(client, signed_up):
    response = client.post(LOGIN, {"username": CCCD, "password": "wrong-password"})

    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_out_from_that_address(client, signed_up):
    for _ in range(4):
        assert client.post(LOGIN, {"username": CCCD, "password": "nope"}).status_code == 200

    locked = client.post(LOGIN, {"username": "lan@example.vn", "password": "nope"})
    assert locked.status_code in (403, 429)
    assert "Tạm khóa đăng nhập" in locked.content.decode()

    still_locked = client.post(LOGIN, {"username": CCCD, "password": PASSWORD})
    assert "Tạm khóa đăng nhập" in still_locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_takes_a_post(client, signed_up):
    client.post(LOGIN, {"username": CCCD, "password": PASSWORD})

    assert client.get(reverse("citizens:logout")).status_code == 405
    assert client.post(reverse("citizens:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_links_to_login_and_sign_up_then_shows_the_name(client, signed_up):
    html = client.get("/").content.decode()
    assert "Đăng nhập" in html and "Đăng ký" in html

    client.post(LOGIN, {"username": CCCD, "password": PASSWORD})
    html = client.get("/").content.decode()
    assert "Nguyễn Thị Lan" in html and "Đăng xuất" in html


def test_password_reset_mails_a_vietnamese_link_that_sets_a_new_password(client, signed_up):
    response = client.post(reverse("citizens:password_reset"), {"email": "lan@example.vn"})

    assert response.status_code == 302
    assert len(mail.outbox) == 2  # the sign-up code, then the reset link
    message = mail.outbox[-1]
    assert message.to == ["lan@example.vn"]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Chào Nguyễn Thị Lan" in message.body and CCCD in message.body
    link = next(line for line in message.body.splitlines() if "/mat-khau/dat-lai/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-9", "new_password2": "Mat-khau-moi-9"},
    )
    assert done.status_code == 302
    signed_up.refresh_from_db()
    assert signed_up.check_password("Mat-khau-moi-9")


def test_password_reset_for_an_unknown_address_says_the_same(client, signed_up):
    response = client.post(reverse("citizens:password_reset"), {"email": "nobody@example.vn"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_password_change(client, signed_up):
    client.post(LOGIN, {"username": CCCD, "password": PASSWORD})

    response = client.post(
        reverse("citizens:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-9",
            "new_password2": "Mat-khau-moi-9",
        },
    )

    assert response.status_code == 302
    signed_up.refresh_from_db()
    assert signed_up.check_password("Mat-khau-moi-9")
