"""A person signs up as an individual, verifies the e-mail with the code, logs out and in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.accessibility import violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CCCD = "092090001234"
PASSWORD = "Mot-cua-2025!"


@pytest.fixture
def locmem_mail(settings, transactional_db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


def assert_no_sideways_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_person_signs_up_verifies_logs_out_and_logs_in(
    page, locmem_mail, console_errors, artifacts, viewport
):
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản")
    page.get_by_role("link", name=re.compile("^Cá nhân")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản cá nhân")
    assert violations(page) == []
    assert_no_sideways_scroll(page)
    name = "phone" if viewport == PHONE else "desktop"
    page.screenshot(path=str(artifacts / f"sign-up-{name}.png"), full_page=True)

    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số căn cước công dân").fill(CCCD)
    page.get_by_label("Ngày sinh").fill("1990-05-12")
    page.get_by_label("Số điện thoại di động").fill("+84 912 345 678")
    page.get_by_label("Thư điện tử (email)").fill("lan@example.vn")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Thành phố Cần Thơ")
    ward = page.get_by_label("Xã/phường/đặc khu")
    expect(ward.locator("option", has_text="Phường Ninh Kiều")).to_have_count(1)
    ward.select_option(label="Phường Ninh Kiều")
    page.get_by_label("Số nhà, đường, thôn/ấp").fill("12 Hòa Bình")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh thư điện tử")
    expect(page.get_by_role("status")).to_contain_text("lan@example.vn")
    assert violations(page) == []
    assert len(locmem_mail) == 1
    code = re.search(r"\b(\d{6})\b", locmem_mail[0].body).group(1)
    page.get_by_label("Mã xác minh").fill(code)
    page.get_by_role("button", name="Xác minh", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    expect(page.get_by_text("Đã xác minh", exact=True)).to_be_visible()
    expect(page.get_by_text("12 Hòa Bình, Phường Ninh Kiều, Thành phố Cần Thơ")).to_be_visible()

    open_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    open_menu(page)
    expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()

    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    assert violations(page) == []
    assert_no_sideways_scroll(page)
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill("lan@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    open_menu(page)
    expect(page.get_by_role("link", name="Nguyễn Thị Lan")).to_be_visible()
    assert console_errors == []


@pytest.mark.parametrize("javascript_enabled", [False])
@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_commune_list_works_without_javascript(page, locmem_mail, viewport):
    page.goto("/tai-khoan/dang-ky/ca-nhan/")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Thành phố Cần Thơ")
    page.get_by_role("button", name="Cập nhật danh sách xã/phường").click()

    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Thị Lan")
    page.get_by_label("Xã/phường/đặc khu").select_option(label="Phường Ninh Kiều")
    expect(page.get_by_role("alert")).to_have_count(0)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_form_with_errors_has_no_accessibility_violations(page, locmem_mail, viewport):
    page.goto("/tai-khoan/dang-ky/ca-nhan/")
    page.get_by_label("Số căn cước công dân").fill("123")
    page.get_by_role("button", name="Đăng ký", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Số căn cước công dân gồm đúng 12 chữ số.")
    assert violations(page) == []
