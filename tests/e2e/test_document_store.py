"""A citizen keeps papers in the personal document store, as a person would, on a phone and on a
desktop: open the store from the account page, see a result issued earlier with its code, add
a PDF (after a file that is not one is refused), download it, delete it after confirming."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from citizens import services
from citizens.documents import document_store_result
from tests.e2e.accessibility import violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "Mot-cua-2025!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESULT_CODE = "H92.31.01-260309-0001-KQ1"


@pytest.fixture
def citizen(settings, transactional_db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = services.citizen_sign_up(
        kind="individual",
        full_name="Nguyễn Thị Lan",
        email="lan@example.vn",
        phone="0912345678",
        password=PASSWORD,
        id_number="092090001234",
        date_of_birth=datetime.date(1990, 5, 12),
        province_code=92,
        ward_code=31135,
        street="12 Hòa Bình",
    )
    document_store_result(
        owner_id=user.pk,
        result_code=RESULT_CODE,
        title="Giấy chứng nhận đăng ký hộ kinh doanh",
        issuer="Ủy ban nhân dân phường Ninh Kiều",
        issued_at=datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC),
        content=PDF,
        name="gcn.pdf",
    )
    return user


def no_sideways_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_citizen_adds_downloads_and_deletes_a_paper(page, citizen, console_errors, viewport):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill("092090001234")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    open_menu(page)
    expect(page.get_by_role("link", name="Nguyễn Thị Lan")).to_be_visible()

    page.goto("/tai-khoan/")
    page.get_by_role("link", name="Kho dữ liệu cá nhân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kho dữ liệu cá nhân")
    results = page.get_by_role("region", name=re.compile("Kết quả giải quyết hồ sơ"))
    expect(results.get_by_text(RESULT_CODE, exact=True)).to_be_visible()
    expect(page.get_by_text("Bạn chưa thêm giấy tờ nào.")).to_be_visible()
    assert violations(page) == []
    no_sideways_scroll(page)

    page.get_by_role("link", name="Thêm giấy tờ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thêm giấy tờ vào kho")
    assert violations(page) == []
    page.get_by_label("Tên giấy tờ").fill("Căn cước công dân")
    page.get_by_label("Tệp giấy tờ").set_input_files(
        {"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}
    )
    page.get_by_role("button", name="Lưu vào kho").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Định dạng tệp không được chấp nhận")
    expect(page.get_by_label("Tên giấy tờ")).to_have_value("Căn cước công dân")
    assert violations(page) == []
    no_sideways_scroll(page)

    page.get_by_label("Tệp giấy tờ").set_input_files(
        {"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Lưu vào kho").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kho dữ liệu cá nhân")
    expect(page.get_by_role("status")).to_contain_text("Đã thêm “Căn cước công dân”")
    own = page.get_by_role("region", name=re.compile("Giấy tờ tự tải lên"))
    expect(own.get_by_role("heading", level=3, name="Căn cước công dân")).to_be_visible()
    download = own.get_by_role("link", name="Tải về Căn cước công dân")
    expect(download).to_have_attribute(
        "href", re.compile(r"/tai-khoan/giay-to/[0-9a-f-]+/tai-ve/$")
    )
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "can-cuoc.pdf"
    assert violations(page) == []
    no_sideways_scroll(page)

    own.get_by_role("link", name="Xóa Căn cước công dân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xóa giấy tờ khỏi kho?")
    expect(page.get_by_text("can-cuoc.pdf")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Xóa giấy tờ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kho dữ liệu cá nhân")
    expect(page.get_by_role("status")).to_contain_text("Đã xóa “Căn cước công dân”")
    expect(page.get_by_text("Bạn chưa thêm giấy tờ nào.")).to_be_visible()
    expect(page.get_by_text(RESULT_CODE, exact=True)).to_be_visible()  # the result stays
    assert violations(page) == []

    # The refused file answered 400 on purpose; nothing else may fail.
    expected = re.compile(r"HTTP 400: .*/giay-to/them/$|status of 400 \(Bad Request\)")
    assert [error for error in console_errors if not expected.search(error)] == []
