"""The demo as a visitor tries it on a phone: `seed_demo`, then the demo citizen signs in with
the published login, finds a procedure, starts an application and finds the profile already
there (name, CCCD, phone, e-mail, address)."""

import re

import pytest
from playwright.sync_api import expect

from citizens.demo import seed_demo
from tests.e2e.accessibility import violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PASSWORD = "demo-password-e2e"


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_demo(password=PASSWORD)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_demo_citizen_applies_with_the_profile_prefilled(
    page, demo, console_errors, artifacts, viewport
):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill("citizen")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    open_menu(page)  # on a phone the account's link is behind the menu
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()

    page.goto("/")
    page.get_by_label("Tìm thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    results = page.get_by_role("list", name="Kết quả tìm kiếm")
    results.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")
    page.get_by_label("Ủy ban nhân dân phường Ninh Kiều").check()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Khai hồ sơ trực tuyến")
    applicant = page.get_by_role("region", name="Thông tin người nộp")
    expected = {
        "Họ tên người nộp (hoặc tên tổ chức)": "Nguyễn Văn An",
        "Số định danh (số CCCD hoặc mã số thuế)": "092085000123",
        "Số điện thoại": "0901000001",
        "Thư điện tử": "citizen@example.com",
        "Địa chỉ": "25 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ",
    }
    for label, value in expected.items():
        field = applicant.get_by_role("textbox", name=re.compile(f"^{re.escape(label)}( \\(|$)"))
        expect(field).to_have_value(value)
    applicant.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "demo-citizen-draft.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert violations(page) == []
    assert console_errors == []
