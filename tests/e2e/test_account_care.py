"""A citizen who forgot the password gets a new one through the e-mailed link, then keeps the
profile up to date: as a person would, on a phone."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from citizens import services
from tests.e2e.accessibility import violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
OLD_PASSWORD = "Mot-cua-2025!"
NEW_PASSWORD = "Ngay-moi-2026?"


@pytest.fixture
def citizen(settings, transactional_db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = services.citizen_sign_up(
        kind="individual",
        full_name="Nguyễn Thị Lan",
        email="lan@example.vn",
        phone="0912345678",
        password=OLD_PASSWORD,
        id_number="092090001234",
        date_of_birth=datetime.date(1990, 5, 12),
        province_code=92,
        ward_code=31135,
        street="12 Hòa Bình",
    )
    mail.outbox = []
    return user


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_citizen_resets_a_forgotten_password_and_edits_the_profile(
    page, citizen, console_errors, viewport
):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quên mật khẩu")
    assert violations(page) == []
    page.get_by_role("textbox").fill("lan@example.vn")
    page.get_by_role("button", name="Gửi đường dẫn đặt lại mật khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã gửi thư đặt lại mật khẩu")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/tai-khoan/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Đặt mật khẩu mới")
    assert violations(page) == []
    passwords = page.locator("input[type=password]")
    passwords.nth(0).fill(NEW_PASSWORD)
    passwords.nth(1).fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("mật khẩu", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã đặt mật khẩu mới")

    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill("092090001234")
    page.get_by_label("Mật khẩu").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    open_menu(page)
    expect(page.get_by_role("link", name="Nguyễn Thị Lan")).to_be_visible()

    page.goto("/tai-khoan/")
    page.get_by_role("link", name="Sửa thông tin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sửa thông tin tài khoản")
    assert violations(page) == []
    page.get_by_label("Số điện thoại di động").fill("0987654321")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    expect(page.get_by_text("0987654321")).to_be_visible()
    assert console_errors == []
