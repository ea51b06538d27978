"""Signing in and out as a person does, for the browser tests."""

import re

from tests.e2e.header import open_menu
from tests.factories import PASSWORD


def log_in(page, user, next_url):
    """Open `next_url`, be sent to the login page, sign in as `user`, land on `next_url`."""
    page.goto(next_url)
    page.wait_for_url(re.compile(r"/tai-khoan/dang-nhap/"))
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(re.compile(re.escape(next_url.split("?")[0])))


def log_out(page):
    """Sign out from the header (behind the menu on a phone)."""
    open_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state()
