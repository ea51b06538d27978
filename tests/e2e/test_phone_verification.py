"""A citizen verifies the e-mail address with the code received by e-mail, then the phone with
the code received by SMS: as a person would, on a phone and on a desktop."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from citizens import services
from citizens.models import Profile
from notifications import sms
from tests.e2e.accessibility import violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "Mot-cua-2025!"


@pytest.fixture
def citizen(settings, transactional_db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = services.citizen_sign_up(
        kind="individual",
        full_name="Lê Văn Phúc",
        email="phuc@example.vn",
        phone="0912345678",
        password=PASSWORD,
        id_number="092090004321",
        date_of_birth=datetime.date(1990, 3, 2),
        province_code=92,
        ward_code=31135,
        street="45 Trần Hưng Đạo",
    )
    return user


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_citizen_verifies_the_e_mail_then_the_phone(page, citizen, console_errors, viewport):
    page.set_viewport_size(viewport)
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill("092090004321")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    open_menu(page)
    expect(page.get_by_role("link", name="Lê Văn Phúc")).to_be_visible()

    page.goto("/tai-khoan/xac-minh/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh thư điện tử")
    assert violations(page) == []
    email_code = code_in(mail.outbox[-1].body)
    page.get_by_role("textbox").first.fill(email_code)
    page.get_by_role("button", name="Xác minh", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã xác minh địa chỉ thư điện tử.")

    page.get_by_role("link", name="Xác minh số điện thoại").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh số điện thoại")
    page.get_by_role("button", name=re.compile("Gửi mã qua SMS đến số")).click()
    expect(page.get_by_text(re.compile("đã gửi qua SMS"))).to_be_visible()
    assert violations(page) == []
    assert len(sms.outbox) == 1 and sms.outbox[0].to == "0912345678"

    real = code_in(sms.outbox[0].text)
    page.get_by_role("textbox").last.fill("000000" if real != "000000" else "111111")
    page.get_by_role("button", name="Xác minh số điện thoại").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    assert violations(page) == []

    page.get_by_role("textbox").last.fill(real)
    page.get_by_role("button", name="Xác minh số điện thoại").click()

    page.goto("/tai-khoan/")
    expect(page.get_by_text(re.compile("đã xác minh", re.I)).first).to_be_visible()
    profile = Profile.objects.get(user=citizen)
    assert profile.phone_verified_at is not None
    assert profile.email_verified_at is not None
    assert console_errors == []
