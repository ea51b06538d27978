"""A citizen applies online as a person would, on a phone and on a desktop: signs in, finds
the procedure, starts a draft, fills it and uploads a PDF (with the progress bar), leaves,
comes back to the draft from another device, reviews, submits and reads the code."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from citizens import services as citizens_services
from dossiers.models import Dossier
from portal.celery import app
from tests.dossiers.conftest import PDF, build_world
from tests.e2e.accessibility import violations
from tests.e2e.conftest import DESKTOP
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP_800 = {**DESKTOP, "height": 800}
PASSWORD = "Mot-cua-2025!"


@pytest.fixture
def lan(transactional_db, settings, monkeypatch):
    """A citizen with a profile, the world's procedure, and e-mail and tasks kept in-process."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    build_world()
    user = citizens_services.citizen_sign_up(
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
    mail.outbox = []
    return user


def sign_in(page):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill("092090001234")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    open_menu(page)
    expect(page.get_by_role("link", name="Nguyễn Thị Lan")).to_be_visible()


def find_the_procedure(page):
    page.goto("/")
    page.get_by_label("Tìm thủ tục hành chính").fill("thanh lap ho kinh doanh")
    page.get_by_role("button", name="Tìm kiếm").click()
    results = page.get_by_role("list", name="Kết quả tìm kiếm")
    results.get_by_role("link", name="Đăng ký thành lập hộ kinh doanh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thành lập hộ kinh doanh")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp hồ sơ trực tuyến")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP_800], ids=["phone", "desktop"])
def test_a_citizen_applies_online_leaves_resumes_and_submits(
    page, lan, console_errors, viewport, tmp_path
):
    sign_in(page)
    find_the_procedure(page)
    assert violations(page) == []
    page.get_by_label("Ủy ban nhân dân phường Ninh Kiều").check()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()

    # The draft, prefilled from the profile.
    expect(page.get_by_role("heading", level=1)).to_have_text("Khai hồ sơ trực tuyến")
    expect(page.get_by_label("Số định danh (số CCCD hoặc mã số thuế)")).to_have_value(
        "092090001234"
    )
    assert violations(page) == []
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp.")).to_be_visible()

    # Upload with the script: progress, a status line, and the list updated in place.
    document = tmp_path / "giay-de-nghi.pdf"
    # A comment line makes it big enough for the progress bar; the end-of-file marker stays last.
    document.write_bytes(PDF.replace(b"%%EOF", b"%" + b"0" * 200_000 + b"\n%%EOF"))
    part = page.get_by_role("region", name="Giấy đề nghị đăng ký")
    part.get_by_label("Chọn tệp: Giấy đề nghị đăng ký").set_input_files(str(document))
    part.get_by_role("button", name="Tải lên").click()
    expect(part.get_by_role("status")).to_have_text("Đã đính kèm: giay-de-nghi.pdf.")
    files = part.get_by_role("list", name="Tệp đã đính kèm: Giấy đề nghị đăng ký")
    expect(files.get_by_role("link", name="giay-de-nghi.pdf")).to_be_visible()
    assert "/tai-len/" not in page.url  # no page load: the script sent it
    assert part.locator("progress").evaluate("bar => bar.value") == 100  # progress was shown
    assert violations(page) == []

    # Leave, then come back on another device (a new session): the draft is offered.
    page.goto("/")
    page.context.clear_cookies()
    sign_in(page)
    find_the_procedure(page)
    expect(page.get_by_role("heading", name="Hồ sơ bạn đang khai dở")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Tiếp tục hồ sơ tạo lúc")).click()
    expect(page.get_by_label("Số điện thoại")).to_have_value("0987654321")
    part = page.get_by_role("region", name="Giấy đề nghị đăng ký")
    expect(part.get_by_role("link", name="giay-de-nghi.pdf")).to_be_visible()

    # Review, then submit.
    page.get_by_role("button", name="Lưu và kiểm tra hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hồ sơ trước khi nộp")
    expect(page.get_by_text("Đã có đủ các thành phần hồ sơ bắt buộc.")).to_be_visible()
    expect(page.get_by_text("0987654321")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Nộp hồ sơ").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    dossier = Dossier.objects.get(applicant=lan)
    assert dossier.code
    expect(page.locator("[data-dossier-code]")).to_have_text(dossier.code)
    expect(page.locator("[data-official-reception]")).to_contain_text(
        re.compile(r"\d\d:\d\d, (thứ [^,]+|Chủ nhật), \d\d/\d\d/\d{4}")
    )
    assert violations(page) == []
    to_lan = [m for m in mail.outbox if m.to == ["lan@example.vn"]]  # the desk hears too
    assert len(to_lan) == 1
    assert dossier.code in to_lan[0].subject
    assert Dossier.objects.filter(applicant=lan).count() == 1
    assert console_errors == []
