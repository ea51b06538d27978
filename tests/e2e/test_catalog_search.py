"""A citizen finds a procedure from the home page and reads what to bring and what it costs."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import serious_violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_citizen_searches_khai_sinh_and_reads_its_page(page, catalog, console_errors):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.get_by_label("Tìm thủ tục hành chính").fill("khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()

    page.wait_for_url(re.compile(r"/thu-tuc/\?q=khai\+sinh"))
    expect(page.get_by_label("Tìm thủ tục hành chính")).to_have_value("khai sinh")
    results = page.get_by_role("list", name="Kết quả tìm kiếm").get_by_role("listitem")
    first = results.first.get_by_role("link")
    expect(first).to_have_text("Đăng ký khai sinh")
    expect(results.filter(has_text="Đăng ký lại khai sinh")).to_have_count(1)
    first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page).to_have_title(re.compile("^Đăng ký khai sinh"))
    expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()
    components = page.get_by_role("table", name="Giấy tờ cần nộp")
    expect(components.get_by_role("rowheader", name=re.compile("^Giấy chứng sinh"))).to_be_visible()
    expect(components.get_by_role("link", name=re.compile("^Tải mẫu"))).to_have_attribute(
        "href", re.compile(r"^/thu-tuc/1\.001193/mau/\d+/$")
    )

    in_person_fees = page.get_by_role("table", name="Phí, lệ phí – Trực tiếp")
    expect(in_person_fees).to_contain_text("8.000 đ")
    expect(in_person_fees).to_contain_text("Miễn lệ phí khi đăng ký đúng hạn.")
    online_fees = page.get_by_role("table", name="Phí, lệ phí – Trực tuyến")
    expect(online_fees).to_contain_text("2.000 đ")
    online = page.get_by_role("region", name="Trực tuyến")
    expect(online.get_by_role("heading", name="Trực tuyến")).to_be_visible()
    expect(online).to_contain_text(re.compile(r"Thời hạn giải quyết\s*0,5 ngày làm việc"))
    expect(page.get_by_role("link", name="Nộp hồ sơ trực tuyến")).to_have_attribute(
        "href", "/ho-so/nop/1.001193/"
    )

    assert console_errors == []


def test_stylesheet_is_served_and_applied(page, catalog, console_errors):
    response = page.goto("/")
    assert response.ok
    header = page.locator(".site-header")
    expect(header).to_have_css("background-color", "rgb(122, 20, 20)")
    assert console_errors == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, catalog):
    page.goto("/thu-tuc/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.parametrize("javascript_enabled", [False])
def test_filters_work_without_javascript(page, catalog, console_errors):
    page.goto("/thu-tuc/")
    page.get_by_text("Bộ lọc", exact=True).click()  # <details> opens natively, no script needed
    page.get_by_label("Lĩnh vực").select_option(label="Chứng thực")
    page.get_by_role("button", name="Áp dụng bộ lọc").click()

    page.wait_for_url(re.compile(r"field=chung-thuc"))
    results = page.get_by_role("list", name="Danh sách thủ tục").get_by_role("listitem")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Chứng thực bản sao từ bản chính")
    expect(page.get_by_label("Lĩnh vực")).to_have_value("chung-thuc")
    assert console_errors == []


def test_language_switch_turns_the_page_english(page, catalog):
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/thu-tuc/1\.001193/$"))
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_english_interface_finds_a_procedure_by_its_english_name(
    page, catalog, console_errors, artifacts
):
    """Issue 11: "birth registration" found nothing on the English interface."""
    page.goto("/")
    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Search administrative procedures").fill("birth registration")
    page.get_by_role("button", name="Search", exact=True).click()

    results = page.get_by_role("list", name="Search results").get_by_role("listitem")
    first = results.first
    expect(first.get_by_role("link")).to_have_text("Đăng ký khai sinh")
    expect(first.get_by_role("link")).to_have_attribute("lang", "vi")
    expect(first.get_by_test_id("name-en")).to_have_text("Birth registration")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "english-search.png"))

    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    expect(page.get_by_test_id("name-en")).to_have_text("Birth registration")

    # Vietnamese words still work on the English interface.
    page.goto("/thu-tuc/?q=khai+sinh")
    expect(
        page.get_by_role("list", name="Search results").get_by_role("listitem").first
    ).to_contain_text("Đăng ký khai sinh")
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE])
def test_detail_page_fits_a_phone(page, catalog, console_errors, artifacts):
    page.goto("/thu-tuc/1.001193/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    button = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box["height"] >= 44  # a comfortable touch target

    # the tables stack into blocks on a phone but stay tables for assistive technology
    components = page.get_by_role("table", name="Giấy tờ cần nộp")
    expect(components.get_by_role("row")).to_have_count(3)
    expect(components.get_by_role("columnheader")).to_have_count(3)
    fees = page.get_by_role("table", name="Phí, lệ phí – Trực tiếp")
    expect(fees.get_by_role("cell", name=re.compile("8.000 đ"))).to_be_visible()

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"

    page.screenshot(path=str(artifacts / "procedure-detail-phone.png"), full_page=True)
    assert console_errors == []
