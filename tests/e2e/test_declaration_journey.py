"""A citizen registers a birth entirely online on a phone, as a person would: fills the
declaration (prefilled from the profile), a repeatable group of parents, a section that
appears once its box is ticked, leaves and resumes, fixes two errors, submits; then the desk
officer sees the answers beside the printed declaration. axe finds nothing serious on the way."""

import re

import pytest
from playwright.sync_api import expect

from citizens.demo import seed_demo
from dossiers.models import DeclarationAnswers, Dossier
from portal.celery import app
from tests.dossiers.conftest import PDF
from tests.e2e.accessibility import serious_violations
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PASSWORD = "demo-password-e2e"


@pytest.fixture
def demo(transactional_db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    return seed_demo(password=PASSWORD)


def sign_in(page, username):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_load_state()


def no_serious_violations(page):
    assert serious_violations(page) == [], page.url


def continue_(page):
    page.get_by_role("button", name=re.compile("^Lưu và (tiếp tục|hoàn tất tờ khai)$")).click()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_citizen_registers_a_birth_online_and_the_desk_reads_the_declaration(
    page, demo, console_errors, artifacts, viewport, tmp_path
):
    sign_in(page, "citizen")
    open_menu(page)
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    page.goto("/")
    page.get_by_label("Tìm thủ tục hành chính").fill("dang ky khai sinh")
    page.get_by_role("button", name="Tìm kiếm").click()
    results = page.get_by_role("list", name="Kết quả tìm kiếm")
    results.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_label("Ủy ban nhân dân phường Ninh Kiều").check()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Khai hồ sơ trực tuyến")

    # The declaration's first page: what the State already knows is there, marked.
    declaration = page.get_by_role("region", name="Tờ khai điện tử")
    expect(declaration.get_by_text("Chưa kê khai")).to_be_visible()
    declaration.get_by_role("link", name=re.compile("^Điền tờ khai.*khai sinh$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Người yêu cầu")
    expect(page.get_by_text("Trang 1 trên 4")).to_be_visible()
    expect(page.get_by_label(re.compile("^Họ, chữ đệm, tên người yêu cầu"))).to_have_value(
        "Nguyễn Văn An"
    )
    expect(page.get_by_text("Điền sẵn từ hồ sơ cá nhân").first).to_be_visible()
    no_serious_violations(page)
    page.get_by_label(re.compile("^Quan hệ với người được khai sinh")).fill("Cha")
    continue_(page)

    # The child: two mistakes, shown at the top and beside their fields, then fixed.
    expect(page.get_by_role("heading", level=1)).to_have_text("Người được khai sinh")
    page.get_by_label(re.compile("^Họ, chữ đệm, tên")).fill("Nguyễn Minh Khôi")
    page.get_by_label(re.compile("^Ngày, tháng, năm sinh")).fill("2030-01-01")
    page.get_by_role("radio", name="Nam").check()
    page.get_by_label(re.compile("^Dân tộc")).fill("Kinh")
    page.get_by_label(re.compile("^Quốc tịch")).fill("Việt Nam")
    page.get_by_label("Tỉnh, thành phố").select_option(label="Thành phố Cần Thơ")
    expect(
        page.get_by_label("Xã, phường, đặc khu").locator("option", has_text="Phường Cái Khế")
    ).to_be_attached()  # noqa: E501
    page.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Cái Khế")
    continue_(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("“Ngày, tháng, năm sinh” không được sau ngày hôm nay.")
    expect(summary).to_contain_text("Cần điền “Quê quán”.")
    assert len(console_errors) == 2 and all("400" in e for e in console_errors)
    console_errors.clear()  # the 400 itself (the browser logs it twice)
    expect(page.get_by_label(re.compile("^Họ, chữ đệm, tên"))).to_have_value("Nguyễn Minh Khôi")
    no_serious_violations(page)
    page.screenshot(path=str(artifacts / "declaration-errors-phone.png"), full_page=True)
    page.get_by_label(re.compile("^Ngày, tháng, năm sinh")).fill("2026-11-20")
    page.get_by_label(re.compile("^Quê quán")).fill("Phường Ninh Kiều, thành phố Cần Thơ")
    continue_(page)

    # The parents: a group that grows, and a section that appears once its box is ticked.
    expect(page.get_by_role("heading", level=1)).to_have_text("Cha, mẹ của trẻ")
    first = page.get_by_role("group", name="Cha hoặc mẹ 1")
    first.get_by_role("radio", name="Mẹ").check()
    first.get_by_label(re.compile("^Họ, chữ đệm, tên")).fill("Trần Thị Bình")
    page.get_by_role("button", name="Thêm cha hoặc mẹ").click()
    second = page.get_by_role("group", name="Cha hoặc mẹ 2")
    second.get_by_role("radio", name="Cha").check()
    second.get_by_label(re.compile("^Họ, chữ đệm, tên")).fill("Nguyễn Văn An")
    marriage = page.get_by_role(
        "region", name="Thông tin về Giấy chứng nhận kết hôn của cha, mẹ trẻ"
    )
    expect(marriage.get_by_role("textbox")).to_have_count(0)  # not asked until ticked
    page.get_by_label("Cha, mẹ của trẻ đã đăng ký kết hôn").check()
    page.get_by_role("button", name="Cập nhật trang").click()
    expect(marriage.get_by_role("textbox")).to_have_count(4)  # the date too
    marriage.get_by_label(re.compile("^Số")).first.fill("125/2019")
    marriage.get_by_label(re.compile("^Đăng ký ngày")).fill("2019-05-18")
    marriage.get_by_label(re.compile("^Tại")).fill("Ủy ban nhân dân phường Ninh Kiều")
    no_serious_violations(page)
    page.screenshot(path=str(artifacts / "declaration-group-phone.png"), full_page=True)
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bản sao và cam đoan")

    # Leave for the home page, then come back: everything typed is still there.
    page.goto("/")
    page.goto("/ho-so/nop/1.001193/")
    page.get_by_role("link", name=re.compile("^Tiếp tục hồ sơ tạo lúc")).click()
    page.get_by_role("link", name=re.compile("^Sửa tờ khai.*khai sinh$")).click()
    expect(page.get_by_label(re.compile("^Quan hệ với người được khai sinh"))).to_have_value("Cha")
    continue_(page)
    continue_(page)
    expect(page.get_by_role("group", name="Cha hoặc mẹ 2").get_by_label(
        re.compile("^Họ, chữ đệm, tên"))).to_have_value("Nguyễn Văn An")  # fmt: skip
    continue_(page)
    page.get_by_label(re.compile("^Tôi cam đoan")).check()
    continue_(page)
    expect(page.get_by_text("Đã lưu tờ khai: đã kê khai đủ.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Tờ khai điện tử").get_by_text("Đã kê khai đủ")
    ).to_be_visible()  # noqa: E501

    # The other papers, the review with the answers in words, and the submission.
    certificate = tmp_path / "giay-chung-sinh.pdf"
    certificate.write_bytes(PDF)
    part = page.get_by_role("region", name="Giấy chứng sinh")
    part.get_by_label("Chọn tệp: Giấy chứng sinh").set_input_files(str(certificate))
    part.get_by_role("button", name="Tải lên").click()
    expect(part.get_by_role("link", name="giay-chung-sinh.pdf")).to_be_visible()
    page.get_by_role("button", name="Lưu và kiểm tra hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hồ sơ trước khi nộp")
    expect(page.get_by_text("Nguyễn Minh Khôi")).to_be_visible()
    expect(page.get_by_text("20/11/2026").first).to_be_visible()
    no_serious_violations(page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    dossier = Dossier.objects.get(applicant__username="citizen")
    row = DeclarationAnswers.objects.get(dossier=dossier)
    assert row.complete and row.pdf is not None
    assert [p["ho_ten"] for p in row.answers["cha_me"]] == ["Trần Thị Bình", "Nguyễn Văn An"]
    assert row.prefilled.get("nyc_ho_ten") == "profile"

    # The desk officer reads the answers beside the printed declaration.
    page.context.clear_cookies()
    sign_in(page, "officer")
    page.goto(f"/ban-lam-viec/mot-cua/{dossier.pk}/")
    answers = page.locator("details.declaration-data")
    expect(answers).to_contain_text("Nguyễn Minh Khôi")
    expect(answers).to_contain_text("Trần Thị Bình")
    expect(answers).to_contain_text("125/2019")
    printed = "Tờ khai đăng ký khai sinh.pdf (mở để xem trong thẻ mới)"
    expect(page.get_by_role("link", name=printed)).to_be_visible()
    no_serious_violations(page)
    page.screenshot(path=str(artifacts / "declaration-desk-phone.png"), full_page=True)
    assert console_errors == []
