"""The competent agency works a dossier in the browser: the head of unit assigns it from the
unit's queue; the specialist finds it in "Hồ sơ của tôi", adds an internal working paper and
asks for a supplement. Then a draft result goes up for approval, the head sends it back with a
reason and the specialist submits it again. The queue also on a phone."""

import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier, DossierEvent, FileKind
from dossiers.states import Action, State
from tests.dossiers.conftest import PDF, build_world, pdf
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
QUEUE = "/ban-lam-viec/xu-ly/"


def _in_progress(world, name, assignee=None):
    dossier = services.dossier_create(
        actor=world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
        applicant_name=name,
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=world.citizen,
        upload=pdf("giay-de-nghi.pdf"),
        component_id=world.required.pk,
    )
    services.dossier_submit(dossier_id=dossier.pk, actor=world.citizen)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        assignee_id=assignee.pk if assignee else None,
    )
    return Dossier.objects.get(pk=dossier.pk)


@pytest.fixture
def work_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    for user in (world.home.head, world.home.specialist):
        user.full_name = "Trần Văn Trưởng" if user == world.home.head else "Lê Thị Chuyên"
        user.set_password(PASSWORD)
        user.save(update_fields=["password", "full_name"])
    return world


def _paper(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_head_assigns_and_the_specialist_asks_for_a_supplement(
    page, work_world, console_errors, artifacts, viewport
):
    world = work_world
    dossier = _in_progress(world, "Nguyễn Văn An")

    # The head: the unit's queue first, the unassigned dossier on top; assign it.
    tabs = page.get_by_role("navigation", name="Danh sách hồ sơ")
    log_in(page, world.home.head, QUEUE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Xử lý hồ sơ")
    expect(tabs.get_by_role("link", name=re.compile("Của đơn vị"))).to_have_attribute(
        "aria-current", "page"
    )
    rows = page.locator(".work-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Chưa phân công")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "work-unit-queue.png"), full_page=True)
    rows.first.get_by_label(f"Chuyên viên xử lý hồ sơ {dossier.code}").select_option(
        label="Lê Thị Chuyên"
    )
    rows.first.get_by_role("button", name=f"Phân công {dossier.code}").click()
    expect(page.locator(".message--success")).to_contain_text(
        f"Đã giao hồ sơ {dossier.code} cho Lê Thị Chuyên"
    )
    expect(rows.first).to_contain_text("Lê Thị Chuyên")
    assert Dossier.objects.get(pk=dossier.pk).assignee_id == world.home.specialist.pk
    assert serious_violations(page) == []
    log_out(page)

    # The specialist: "Hồ sơ của tôi", then the appraisal page.
    log_in(page, world.home.specialist, QUEUE)
    expect(tabs.get_by_role("link", name=re.compile("Hồ sơ của tôi"))).to_have_attribute(
        "aria-current", "page"
    )
    expect(rows).to_have_count(1)
    assert serious_violations(page) == []
    rows.first.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code)
    expect(page.get_by_test_id("work-state")).to_have_text("Đang xử lý")
    # The paper opens to read (a new tab) and downloads beside.
    expect(page.get_by_role("link", name=re.compile(r"^giay-de-nghi\.pdf"))).to_be_visible()
    expect(page.get_by_role("link", name="Tải về giay-de-nghi.pdf")).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "work-appraisal.png"), full_page=True)

    attach = page.locator("#form-attach")
    attach.get_by_label("Tệp tài liệu").set_input_files(_paper("bien-ban-xac-minh.pdf"))
    attach.get_by_role("button", name="Tải tài liệu lên").click()
    expect(page.locator(".message--success")).to_contain_text("bien-ban-xac-minh.pdf")
    expect(page.locator(".work-papers")).to_contain_text("bien-ban-xac-minh.pdf")
    paper = Dossier.objects.get(pk=dossier.pk).files.get(original_name="bien-ban-xac-minh.pdf")
    assert paper.kind == FileKind.ATTACHMENT

    # The supplement request: empty first (400, the form stays open), then complete.
    page.get_by_text("Yêu cầu bổ sung hồ sơ (Mẫu 02)").click()
    form = page.locator("#form-supplement")
    form.get_by_label("Lý do, hướng dẫn cụ thể").fill("Địa điểm kinh doanh chưa rõ")
    form.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(page.locator("#supplement-errors")).to_contain_text("Cần liệt kê đầy đủ")
    expect(form.get_by_label("Lý do, hướng dẫn cụ thể")).to_have_value(
        "Địa điểm kinh doanh chưa rõ"
    )
    assert serious_violations(page) == []
    console_errors.clear()  # the 400 itself
    form.get_by_label("Giấy tờ, nội dung cần bổ sung").fill(
        "Hợp đồng thuê địa điểm kinh doanh\nBản sao giấy chứng nhận quyền sử dụng đất"
    )
    form.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    expect(page.locator(".message--success")).to_contain_text("Đã gửi yêu cầu bổ sung")
    expect(page.get_by_test_id("work-state")).to_have_text("Chờ bổ sung hồ sơ")
    asked = DossierEvent.objects.get(dossier_id=dossier.pk, action=Action.REQUEST_SUPPLEMENT)
    assert asked.reason == "Địa điểm kinh doanh chưa rõ"
    assert asked.data["missing"] == [
        "Hợp đồng thuê địa điểm kinh doanh",
        "Bản sao giấy chứng nhận quyền sử dụng đất",
    ]
    assert serious_violations(page) == []

    # The queue on a phone: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    page.goto(QUEUE)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Tạm dừng tính thời hạn")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "work-queue-phone.png"), full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_draft_result_is_sent_back_by_the_head_and_submitted_again(
    page, work_world, console_errors, viewport
):
    world = work_world
    dossier = _in_progress(world, "Trần Thị Bình", assignee=world.home.specialist)
    page_url = f"{QUEUE}{dossier.pk}/"

    log_in(page, world.home.specialist, page_url)
    page.locator("#form-attach").get_by_label("Tệp tài liệu").set_input_files(
        _paper("du-thao-giay-chung-nhan.pdf")
    )
    page.locator("#form-attach").get_by_role("button", name="Tải tài liệu lên").click()
    submit = page.locator("#form-submit")
    draft = submit.get_by_label("du-thao-giay-chung-nhan.pdf")
    expect(draft).to_be_checked()  # a paper not yet submitted comes ticked
    submit.get_by_label("Ý kiến thẩm định, đề xuất").fill("Đủ điều kiện cấp giấy chứng nhận.")
    submit.get_by_role("button", name="Trình phê duyệt").click()
    expect(page.locator(".message--success")).to_contain_text("Đã trình phê duyệt")
    expect(page.get_by_test_id("work-state")).to_have_text("Chờ phê duyệt")
    assert serious_violations(page) == []
    log_out(page)

    # The head sends it back, with the reason.
    log_in(page, world.home.head, QUEUE)
    page.get_by_label("Trạng thái").select_option(label="Chờ phê duyệt")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("link", name="du-thao-giay-chung-nhan.pdf").first).to_be_visible()
    back = page.locator("#form-sendback")
    back.get_by_label("Lý do trả lại, nội dung cần xử lý tiếp").fill(
        "Cần xác minh lại địa chỉ kinh doanh"
    )
    back.get_by_role("button", name="Trả lại chuyên viên").click()
    expect(page.locator(".message--success")).to_contain_text("Đã trả lại hồ sơ")
    expect(page.get_by_test_id("work-state")).to_have_text("Đang xử lý")
    assert serious_violations(page) == []
    log_out(page)

    # The specialist reads the reason and submits again.
    log_in(page, world.home.specialist, page_url)
    expect(page.get_by_role("heading", name="Hồ sơ được trả lại để xử lý tiếp")).to_be_visible()
    expect(page.locator(".work-banner")).to_contain_text("Cần xác minh lại địa chỉ kinh doanh")
    assert serious_violations(page) == []
    submit.get_by_label("du-thao-giay-chung-nhan.pdf").check()
    submit.get_by_label("Ý kiến thẩm định, đề xuất").fill("Đã xác minh địa chỉ.")
    submit.get_by_role("button", name="Trình phê duyệt").click()
    expect(page.get_by_test_id("work-state")).to_have_text("Chờ phê duyệt")

    done = Dossier.objects.get(pk=dossier.pk)
    assert done.state == State.PENDING_APPROVAL
    timeline = DossierEvent.objects.filter(dossier=done).order_by("at", "id")
    actions = list(timeline.values_list("action", "reason"))[-3:]
    assert actions == [
        (Action.SUBMIT_FOR_APPROVAL, "Đủ điều kiện cấp giấy chứng nhận."),
        (Action.SEND_BACK, "Cần xác minh lại địa chỉ kinh doanh"),
        (Action.SUBMIT_FOR_APPROVAL, "Đã xác minh địa chỉ."),
    ]
    last = timeline.last()
    assert [f.original_name for f in last.files.all()] == ["du-thao-giay-chung-nhan.pdf"]
    assert console_errors == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_specialist_prints_the_draft_result_from_the_template_and_submits_it(
    page, work_world, console_errors, artifacts, viewport
):
    world = work_world
    dossier = _in_progress(world, "Phạm Thị Cúc", assignee=world.home.specialist)
    page_url = f"{QUEUE}{dossier.pk}/"

    log_in(page, world.home.specialist, page_url)
    draft = page.locator("#form-draft")
    expect(page.get_by_role("heading", name="Tạo dự thảo kết quả từ mẫu")).to_be_visible()
    expect(draft.get_by_label("Dự thảo văn bản giải quyết", exact=True)).to_be_checked()
    # Nothing typed: 400, the message on the field, nothing kept.
    draft.get_by_label("Dự thảo văn bản từ chối giải quyết").check()
    draft.get_by_role("button", name="Tạo dự thảo (PDF)").click()
    expect(page.locator("#draft-errors")).to_contain_text("Cần nhập nội dung của dự thảo")
    expect(draft.get_by_label("Dự thảo văn bản từ chối giải quyết")).to_be_checked()
    assert not Dossier.objects.get(pk=dossier.pk).files.filter(kind=FileKind.ATTACHMENT).exists()
    assert serious_violations(page) == []
    console_errors.clear()  # the 400 itself

    # On a phone: the form fits the screen.
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    draft.get_by_label("Dự thảo văn bản giải quyết", exact=True).check()
    draft.get_by_label("Nội dung giải quyết").fill(
        "Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho hộ kinh doanh Tiệm may Cúc."
    )
    draft.get_by_role("button", name="Tạo dự thảo (PDF)").click()
    name = f"du-thao-ket-qua-{dossier.code}.pdf"
    expect(page.locator(".message--success")).to_contain_text(f"Đã tạo dự thảo kết quả “{name}”")
    expect(page.locator(".work-papers")).to_contain_text(name)
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "work-draft-result-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    submit = page.locator("#form-submit")
    expect(submit.get_by_label(name)).to_be_checked()  # a fresh paper comes ticked
    submit.get_by_label("Ý kiến thẩm định, đề xuất").fill("Đủ điều kiện cấp.")
    submit.get_by_role("button", name="Trình phê duyệt").click()
    expect(page.locator(".message--success")).to_contain_text("Đã trình phê duyệt")
    expect(page.get_by_test_id("work-state")).to_have_text("Chờ phê duyệt")
    expect(page.locator("#form-draft")).to_have_count(0)  # drafts belong to the appraisal
    assert serious_violations(page) == []

    done = Dossier.objects.get(pk=dossier.pk)
    assert done.state == State.PENDING_APPROVAL
    paper = done.files.get(kind=FileKind.ATTACHMENT)
    assert paper.original_name == name and paper.uploaded_by_id == world.home.specialist.pk
    submitted = DossierEvent.objects.get(dossier=done, action=Action.SUBMIT_FOR_APPROVAL)
    assert list(submitted.files.all()) == [paper]
    with paper.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert console_errors == []
