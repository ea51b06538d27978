"""On a 390×844 phone (issue 11): a header of one row with a menu, a procedure page that says
once what every channel shares, and search results on the first screen."""

import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from notifications.services import Recipient, notify
from procedures.catalog_io import catalog_import_file
from procedures.demo.seed import CATALOG
from tests.e2e.accessibility import violations
from tests.e2e.conftest import DESKTOP
from tests.e2e.header import open_menu
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
MENU_LINKS = ("Trang chủ", "Thủ tục hành chính", "Tra cứu hồ sơ", "Đăng nhập", "Đăng ký")


def height(locator) -> float:
    return locator.bounding_box()["height"]


@pytest.fixture
def demo_khai_sinh(transactional_db, tmp_path):
    """Đăng ký khai sinh as the demo catalog has it: three channels with the same time and the
    same three fee lines."""
    data = json.loads(CATALOG.read_text(encoding="utf-8"))
    data["procedures"] = [p for p in data["procedures"] if p["code"] == "1.001193"]
    shutil.copytree(CATALOG.parent / "templates", tmp_path / "templates")
    shutil.copytree(CATALOG.parent / "forms", tmp_path / "forms")  # its declaration forms
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    catalog_import_file(path=path)


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_header_is_one_row_and_its_menu_opens_by_keyboard(
    page, catalog, javascript_enabled, console_errors, artifacts
):
    page.goto("/thu-tuc/")
    header = page.locator(".site-header")
    print(f"\nheader height on a phone: {height(header):.0f}px")
    assert height(header) <= 90
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav).to_be_hidden()
    expect(page.get_by_role("link", name="API", exact=True)).to_have_count(0)
    suffix = "" if javascript_enabled else "-no-script"
    page.screenshot(path=str(artifacts / f"phone-header-closed{suffix}.png"))
    if javascript_enabled:  # axe runs as a script in the page
        assert violations(page) == []

    menu = page.locator(".site-menu > summary")
    expect(menu).to_have_accessible_name("Menu")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the portal's name
    page.keyboard.press("Tab")
    expect(menu).to_be_focused()
    box = menu.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    page.keyboard.press("Enter")

    expect(page.locator(".site-menu")).to_have_attribute("open", "")
    for name in MENU_LINKS:
        link = header.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert height(link) >= 44, name
    expect(nav.get_by_role("link", name="Thủ tục hành chính")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("button", name="English")).to_be_visible()
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Trang chủ")).to_be_focused()
    page.screenshot(path=str(artifacts / f"phone-header-open{suffix}.png"))
    if javascript_enabled:
        assert violations(page) == []

    menu.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_hidden()
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_menu_leads_a_person_to_tracking(page, catalog, console_errors):
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="Tra cứu hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu hồ sơ")
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_menu_button_tells_a_signed_in_citizen_of_unread_messages(
    page, catalog, console_errors, artifacts
):
    lan = UserFactory(username="lan", full_name="Trần Thị Lan", email="lan@example.vn")
    notify(
        key="welcome",
        recipients=[Recipient(user_id=lan.pk)],
        template="dossiers/messages/received",
        context={"code": "H92.31-260309-0001", "procedure": "Đăng ký khai sinh"},
        link="/ho-so/cua-toi/",
    )
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(lan.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.goto("/")

    header = page.locator(".site-header")
    assert height(header) <= 90
    menu = page.locator(".site-menu > summary")
    expect(menu).to_have_accessible_name("Menu 1 thông báo chưa đọc")
    open_menu(page)
    expect(header.get_by_role("link", name=re.compile(r"^Thông báo\s*1 chưa đọc"))).to_be_visible()
    expect(header.get_by_role("link", name="Hồ sơ của tôi")).to_be_visible()
    expect(header.get_by_role("link", name="Trần Thị Lan")).to_be_visible()
    expect(header.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.screenshot(path=str(artifacts / "phone-header-open-signed-in.png"))
    assert violations(page) == []
    assert console_errors == []


def test_the_desktop_header_shows_its_links_without_a_menu(page, catalog, artifacts):
    page.goto("/")
    header = page.locator(".site-header")
    print(f"\nheader height on a desktop: {height(header):.0f}px")
    assert height(header) <= 80
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    for name in MENU_LINKS:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    expect(page.get_by_role("link", name="API", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="API dữ liệu mở")).to_be_visible()
    page.screenshot(path=str(artifacts / "desktop-header.png"))


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_fees_shared_by_every_channel_are_shown_once(
    page, demo_khai_sinh, console_errors, artifacts
):
    page.goto("/thu-tuc/1.001193/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    page_height = page.evaluate("document.documentElement.scrollHeight")
    section = page.locator("#cach-thuc")
    print(f"\nprocedure page height on a phone: {page_height}px")
    print(f"its channels, times and fees: {height(section):.0f}px")
    page.screenshot(path=str(artifacts / "phone-procedure-demo.png"), full_page=True)

    fee_tables = page.get_by_role("table", name=re.compile("^Phí, lệ phí"))
    expect(fee_tables).to_have_count(1)
    expect(fee_tables).to_have_accessible_name("Phí, lệ phí – áp dụng cho mọi cách thức nộp")
    expect(fee_tables.get_by_role("row")).to_have_count(4)
    expect(section.get_by_text("Ngay trong ngày tiếp nhận hồ sơ")).to_have_count(1)
    for channel in ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính công ích"):
        expect(section.get_by_role("heading", name=channel, exact=True)).to_be_visible()
    assert height(section) < 1600  # 3284 px when each channel had its own table and time
    assert page_height < 8500  # 10227 px then, with a header of 253 px

    assert violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
@pytest.mark.parametrize(
    "query", ["q=khai+sinh", "q=khai+sinh&field=ho-tich"], ids=["search", "search-and-filter"]
)
def test_search_results_start_on_the_first_screen(page, catalog, query, console_errors, artifacts):
    page.goto(f"/thu-tuc/?{query}")
    first = page.locator(".result").first
    expect(first).to_contain_text("Đăng ký khai sinh")
    top = first.bounding_box()["y"]
    print(f"\nfirst result's top on a phone ({query}): {top:.0f}px")
    assert top < PHONE["height"]
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\s*Tìm thấy 3 thủ tục\s*$"))
    expect(page.get_by_role("status")).to_be_in_viewport()
    expect(page.get_by_label("Lĩnh vực")).to_be_hidden()
    name = "filtered" if "field" in query else "search"
    page.screenshot(path=str(artifacts / f"phone-{name}-results.png"))
    assert violations(page) == []

    page.get_by_text(re.compile("^Bộ lọc")).click()
    expect(page.get_by_label("Lĩnh vực")).to_be_visible()
    page.screenshot(path=str(artifacts / f"phone-{name}-filters-open.png"), full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_desktop_search_shows_the_applied_filters_count(page, catalog):
    page.goto("/thu-tuc/?q=khai+sinh&field=ho-tich")
    expect(page.get_by_text(re.compile("^Bộ lọc"))).to_have_text("Bộ lọc (đang áp dụng: 1)")
