"""A desk officer works the reception queue in the browser: signs in, finds an online dossier
by its code, ticks its checklist with the keyboard alone, receives it and opens its receipt
(Mẫu 01, a real PDF); then asks for the completion of a second dossier, two missing items at
once. The queue also on a phone. Then the return of a result: at the desk (who collected it,
ID checked) and by post. Last, a withdrawal the applicant asked for, confirmed at the desk: the
dossier stops and the notice of stopping is a real PDF."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Action, State
from tests.dossiers.conftest import build_world, pdf
from tests.e2e.accessibility import serious_violations
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def _send(world, applicant, name, id_number):
    dossier = services.dossier_create(
        actor=applicant,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
        applicant_name=name,
        applicant_id_number=id_number,
        applicant_phone="0912345678",
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=applicant,
        upload=pdf("giay-de-nghi.pdf"),
        component_id=world.required.pk,
    )
    return services.dossier_submit(dossier_id=dossier.pk, actor=applicant)


@pytest.fixture
def desk_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.home.desk.set_password(PASSWORD)
    world.home.desk.save(update_fields=["password"])
    first = _send(world, world.citizen, "Nguyễn Văn An", "092080001234")
    second = _send(world, world.other_citizen, "Trần Thị Bình", "092090005678")
    return world, first, second


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _log_in_to_returns(page, world):
    page.goto("/tai-khoan/dang-nhap/?next=/ban-lam-viec/mot-cua/%3Fnhom%3Dtra-ket-qua")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(world.home.desk.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_desk_officer_receives_one_dossier_and_asks_to_complete_another(
    page, desk_world, console_errors, artifacts, viewport
):
    world, first, second = desk_world
    page.goto("/ban-lam-viec/mot-cua/")
    page.wait_for_url(re.compile(r"/tai-khoan/dang-nhap/"))
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(world.home.desk.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The queue, its search box focused: type the code, Enter.
    page.wait_for_url(re.compile(r"/ban-lam-viec/mot-cua/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bộ phận Một cửa")
    search = page.get_by_role("searchbox", name="Tìm hồ sơ")
    expect(search).to_be_focused()
    rows = page.locator(".desk-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(first.code)  # oldest first
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "desk-queue.png"), full_page=True)
    page.keyboard.type(first.code)
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Văn An")
    rows.first.get_by_role("link", name=first.code).click()

    # The reception check, with the keyboard alone.
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.code)
    expect(page.get_by_test_id("desk-state")).to_have_text("Mới nộp")
    checklist = page.locator("#form-receive")
    # The paper opens to read (a new tab) and downloads beside.
    expect(checklist.get_by_role("link", name=re.compile(r"^giay-de-nghi\.pdf"))).to_be_visible()
    expect(checklist.get_by_role("link", name="Tải về giay-de-nghi.pdf")).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "desk-check.png"), full_page=True)
    required = f"#check-{world.required.pk}"
    _tab_to(page, required)
    page.keyboard.press("Space")
    expect(page.locator(required)).to_be_checked()
    expect(page.locator(f"#check-{world.optional.pk}")).not_to_be_checked()
    _tab_to(page, "#form-receive button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.locator(".message--success")).to_contain_text(f"Đã tiếp nhận hồ sơ {first.code}")
    expect(page.get_by_test_id("desk-state")).to_have_text("Đã tiếp nhận")
    expect(page.get_by_role("heading", name="Chuyển xử lý")).to_be_visible()
    received = Dossier.objects.get(pk=first.pk)
    assert received.state == State.RECEIVED
    event = DossierEvent.objects.filter(dossier=received, action=Action.RECEIVE).get()
    assert event.data["checklist"] == [str(world.required.pk)]
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "desk-received.png"), full_page=True)

    # The receipt (Mẫu 01) in the slips list: a PDF of this dossier.
    receipt = page.locator(".slip-list").get_by_role(
        "link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
    )
    expect(receipt).to_be_visible()
    expect(receipt).to_have_attribute("type", "application/pdf")
    answer = page.request.get(receipt.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    content = answer.body()
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    for printed in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {first.code}",
        "Nguyễn Văn An",
        world.procedure.current_version.name,
    ):
        assert printed in text, f"{printed!r} not in the receipt: {text}"

    # Back to the queue: the second dossier, two missing items at once.
    page.get_by_role("link", name="Quay lại danh sách hồ sơ").click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name=second.code).click()
    completion = page.locator("#form-completion")
    completion.get_by_label("Giấy đề nghị đăng ký").check()
    completion.get_by_label("Giấy tờ, nội dung khác cần bổ sung, hoàn thiện").fill(
        "Bản sao hợp đồng thuê địa điểm kinh doanh"
    )
    completion.get_by_label("Lý do thường gặp").select_option(
        label="Thiếu chữ ký hoặc dấu xác nhận"
    )
    completion.get_by_label("Lý do, hướng dẫn cụ thể").fill("Giấy đề nghị chưa ký ở trang 2")
    completion.get_by_role("button", name="Gửi yêu cầu hoàn thiện").click()

    expect(page.locator(".message--success")).to_contain_text("2 nội dung cần bổ sung")
    expect(page.get_by_test_id("desk-state")).to_have_text("Yêu cầu hoàn thiện hồ sơ")
    asked = DossierEvent.objects.filter(dossier_id=second.pk, action=Action.REQUEST_COMPLETION)
    assert asked.get().data["missing"] == [
        "Giấy đề nghị đăng ký",
        "Bản sao hợp đồng thuê địa điểm kinh doanh",
    ]
    assert "Thiếu chữ ký hoặc dấu xác nhận" in asked.get().reason
    assert serious_violations(page) == []

    # The queue on a phone: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    page.goto("/ban-lam-viec/mot-cua/?nhom=cho-bo-sung")
    expect(page.locator(".desk-table tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "desk-queue-phone.png"), full_page=True)
    assert console_errors == []


@pytest.fixture
def resolved(desk_world):
    """The first dossier received, handed over, approved: its result waits at the desk."""
    world, first, _second = desk_world
    home = world.home
    services.dossier_receive(
        dossier_id=first.pk, actor=home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(dossier_id=first.pk, actor=home.desk, assignee_id=home.specialist.pk)
    services.dossier_submit_for_approval(dossier_id=first.pk, actor=home.specialist, note="Đủ.")
    services.dossier_approve(dossier_id=first.pk, actor=home.leader, summary="Cấp giấy.")
    return world, Dossier.objects.get(pk=first.pk)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_desk_officer_returns_a_result_at_the_desk(
    page, resolved, console_errors, artifacts, viewport
):
    world, dossier = resolved
    _log_in_to_returns(page, world)
    page.get_by_role("link", name=dossier.code).click()

    form = page.locator("#form-return")
    expect(form.get_by_label("Trực tiếp tại Bộ phận Một cửa")).to_be_checked()  # as asked
    expect(form.get_by_label("Họ tên người nhận kết quả")).to_have_value("Nguyễn Văn An")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "desk-return.png"), full_page=True)
    # Someone else collects it for the applicant, with their own identity card.
    form.get_by_label("Họ tên người nhận kết quả").fill("Lê Văn Cường")
    form.get_by_label("Số giấy tờ tùy thân của người nhận").fill("092085009999")
    form.get_by_role("button", name="Xác nhận đã trả kết quả").click()
    # 400 until the officer has checked the identity card; what was typed is kept.
    expect(page.locator("#return-errors")).to_contain_text(
        "Hãy đối chiếu giấy tờ tùy thân trước khi trả kết quả."
    )
    expect(form.get_by_label("Họ tên người nhận kết quả")).to_have_value("Lê Văn Cường")
    assert Dossier.objects.get(pk=dossier.pk).state == State.RESOLVED
    assert serious_violations(page) == []
    console_errors.clear()  # the 400 itself

    form.get_by_label("Đã đối chiếu giấy tờ tùy thân của người nhận").check()
    form.get_by_role("button", name="Xác nhận đã trả kết quả").click()
    expect(page.locator(".message--success")).to_contain_text(
        f"Đã trả kết quả hồ sơ {dossier.code}"
    )
    expect(page.get_by_test_id("desk-state")).to_have_text("Đã trả kết quả")
    returned = Dossier.objects.get(pk=dossier.pk)
    assert returned.state == State.RETURNED
    assert returned.return_details == {
        "collector_name": "Lê Văn Cường",
        "collector_id_number": "092085009999",
    }
    event = DossierEvent.objects.get(dossier=returned, action=Action.RETURN)
    assert event.data["channel"] == "desk" and event.actor_id == world.home.desk.pk
    assert serious_violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_desk_officer_returns_a_result_by_post(page, resolved, console_errors, viewport):
    world, dossier = resolved
    _log_in_to_returns(page, world)
    page.get_by_role("link", name=dossier.code).click()

    form = page.locator("#form-return")
    expect(form.get_by_label("Trực tiếp tại Bộ phận Một cửa")).to_be_checked()  # as asked
    form.get_by_label("Qua dịch vụ bưu chính công ích").check()
    form.get_by_role("button", name="Xác nhận đã trả kết quả").click()
    # 400: the form comes back as sent, with the error on its field.
    expect(page.locator("#return-errors")).to_contain_text("Cần số hiệu bưu gửi.")
    expect(form.get_by_label("Qua dịch vụ bưu chính công ích")).to_be_checked()
    assert serious_violations(page) == []
    console_errors.clear()  # the 400 itself

    form.get_by_label("Số hiệu bưu gửi").fill("EMS123456789VN")
    form.get_by_role("button", name="Xác nhận đã trả kết quả").click()
    expect(page.locator(".message--success")).to_contain_text(
        f"Đã trả kết quả hồ sơ {dossier.code}"
    )
    expect(page.get_by_test_id("desk-state")).to_have_text("Đã trả kết quả")
    assert Dossier.objects.get(pk=dossier.pk).return_details == {
        "tracking_number": "EMS123456789VN"
    }
    assert serious_violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_desk_officer_confirms_a_withdrawal(page, desk_world, console_errors, viewport):
    world, first, _second = desk_world
    home = world.home
    services.dossier_receive(
        dossier_id=first.pk, actor=home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(dossier_id=first.pk, actor=home.desk, assignee_id=home.specialist.pk)
    services.dossier_request_withdrawal(
        dossier_id=first.pk, actor=world.citizen, reason="Đã chuyển địa điểm kinh doanh."
    )
    page.goto("/tai-khoan/dang-nhap/?next=/ban-lam-viec/mot-cua/%3Fnhom%3Dcho-nop-phi-rut")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(home.desk.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    rows = page.locator(".desk-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Xin rút hồ sơ")
    assert serious_violations(page) == []
    rows.first.get_by_role("link", name=first.code).click()

    expect(page.get_by_test_id("desk-state")).to_have_text("Xin rút hồ sơ")
    expect(page.get_by_test_id("desk-withdrawal")).to_contain_text("Đã chuyển địa điểm kinh doanh.")
    form = page.locator("#form-stop")
    reason = form.get_by_label("Lý do dừng giải quyết")
    expect(reason).to_have_value(re.compile("Đã chuyển địa điểm kinh doanh."))
    assert serious_violations(page) == []
    reason.fill("Người nộp xin rút hồ sơ do đã chuyển địa điểm kinh doanh.")
    form.get_by_role("button", name="Xác nhận dừng giải quyết hồ sơ").click()

    expect(page.locator(".message--success")).to_contain_text(
        f"Đã dừng giải quyết hồ sơ {first.code}"
    )
    expect(page.get_by_test_id("desk-state")).to_have_text("Dừng xử lý")
    stopped = Dossier.objects.get(pk=first.pk)
    assert stopped.state == State.STOPPED
    event = DossierEvent.objects.get(dossier=stopped, action=Action.STOP)
    assert event.actor_id == home.desk.pk
    assert event.reason == "Người nộp xin rút hồ sơ do đã chuyển địa điểm kinh doanh."
    assert serious_violations(page) == []

    notice = page.locator(".slip-list").get_by_role("link", name="Thông báo dừng giải quyết hồ sơ")
    expect(notice).to_have_attribute("type", "application/pdf")
    answer = page.request.get(notice.get_attribute("href"))
    assert answer.status == 200 and answer.body().startswith(b"%PDF")
    text = _pdf_text(answer.body())
    for printed in ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", first.code, "đã chuyển địa điểm kinh doanh"):
        assert printed in text, f"{printed!r} not in the notice: {text}"
    assert console_errors == []
