"""An officer logs in and lands on the workspaces their roles open, then goes to one of them:
on a phone and on a desktop, with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.dossiers.conftest import build_world
from tests.e2e.accessibility import violations
from tests.e2e.header import open_menu
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def leader(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.home.leader.set_password(PASSWORD)
    world.home.leader.save(update_fields=["password"])
    return world.home.leader


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_leader_lands_on_the_workspaces_and_opens_the_approval_queue(
    page, leader, console_errors, viewport
):
    page.set_viewport_size(viewport)
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(leader.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc")
    open_menu(page)
    expect(page.get_by_role("link", name="Bàn làm việc")).to_have_attribute("aria-current", "page")
    spaces = page.get_by_role("main").get_by_role("link")
    expect(spaces).to_have_text(["Xử lý hồ sơ", "Liên thông", "Phê duyệt"])
    # Each workspace says what waits in it and what is due today.
    expect(page.get_by_role("list", name="Việc đang chờ ở Phê duyệt")).to_contain_text(
        "0 hồ sơ chờ phê duyệt"
    )
    assert [v for v in violations(page) if "(serious)" in v or "(critical)" in v] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.get_by_role("link", name="Phê duyệt").click()
    expect(page).to_have_url(re.compile(r"/ban-lam-viec/phe-duyet/$"))
    assert console_errors == []
