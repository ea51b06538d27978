"""Liên thông and approval in the browser: a specialist asks another commune's committee for
its opinion on a dossier in progress; a specialist there answers from their queue; the answer
shows on the asking side. Then the leader opens the approval queue (also on a phone) and
approves a dossier, seeing its result number and code. axe on every page."""

import pytest
from playwright.sync_api import expect

from dossiers.consult.models import Consultation, ConsultationState
from dossiers.models import DossierResult
from dossiers.states import State
from tests.dossiers.conftest import build_world
from tests.dossiers.helpers import awaiting_approval_with_draft, dossier_in, reload
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def liaison_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    for user in (world.home.specialist, world.away.specialist, world.home.leader):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    consulting = dossier_in(world, State.IN_PROGRESS)
    signing, _draft = awaiting_approval_with_draft(
        world,
        papers=("du-thao-giay-chung-nhan.pdf",),
        note="Hồ sơ đủ điều kiện, đề nghị cấp giấy chứng nhận.",
    )
    return world, consulting, signing


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_consultation_is_asked_and_answered_then_a_leader_approves(
    page, liaison_world, console_errors, artifacts, viewport
):
    world, consulting, signing = liaison_world
    shared = consulting.files.get()

    # The specialist asks the other commune's committee.
    ask_url = f"/ban-lam-viec/lien-thong/hoi/{consulting.pk}/"
    page.context.clear_cookies()
    log_in(page, world.home.specialist, ask_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(consulting.code)
    assert serious_violations(page) == []
    form = page.locator("#form-ask")
    form.get_by_label("Cơ quan được xin ý kiến").select_option(label=world.away.committee.name)
    form.get_by_label("Nội dung xin ý kiến").fill(
        "Đề nghị xác nhận địa điểm kinh doanh tại số 5 đường Cách Mạng Tháng Tám."
    )
    form.get_by_label("Thời hạn trả lời (ngày làm việc)").fill("1")
    form.get_by_label(shared.original_name).check()
    form.get_by_role("button", name="Gửi xin ý kiến").click()

    expect(page.locator(".message--success")).to_contain_text("Đã gửi xin ý kiến")
    item = page.locator(".consult-item").first
    expect(item).to_contain_text(world.away.committee.name)
    expect(item).to_contain_text("Chờ trả lời")
    consultation = Consultation.objects.get(dossier=consulting)
    assert list(consultation.files.all()) == [shared]
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "consult-asked.png"), full_page=True)

    # A specialist of the consulted committee answers from their queue.
    page.context.clear_cookies()
    log_in(page, world.away.specialist, "/ban-lam-viec/lien-thong/")
    rows = page.locator(".desk-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(consulting.code)
    assert serious_violations(page) == []
    rows.first.get_by_role("link", name=consulting.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(consulting.code)
    expect(page.get_by_role("link", name=shared.original_name)).to_be_visible()
    assert serious_violations(page) == []
    answer = page.locator("#form-answer")
    answer.get_by_label("Nội dung trả lời").fill(
        "Địa điểm thuộc địa bàn phường Cái Khế, không có tranh chấp."
    )
    answer.get_by_role("button", name="Gửi ý kiến trả lời").click()
    expect(page.locator(".message--success")).to_contain_text("Đã gửi ý kiến trả lời")
    expect(page.get_by_test_id("consult-answer")).to_contain_text("không có tranh chấp")
    expect(page.locator("#form-answer")).to_have_count(0)
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.ANSWERED
    assert serious_violations(page) == []

    # The answer is on the asking side.
    page.context.clear_cookies()
    log_in(page, world.home.specialist, ask_url)
    expect(page.get_by_test_id("consult-answer")).to_contain_text("không có tranh chấp")
    expect(page.locator(".consult-item").first).to_contain_text("Đã trả lời")
    assert serious_violations(page) == []

    # The leader's approval queue, first on a phone.
    page.context.clear_cookies()
    log_in(page, world.home.leader, "/ban-lam-viec/phe-duyet/")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ chờ phê duyệt")
    queue = page.locator(".desk-table tbody tr")
    expect(queue).to_have_count(1)
    expect(queue.first).to_contain_text("đề nghị cấp giấy chứng nhận")
    expect(queue.first).to_contain_text("du-thao-giay-chung-nhan.pdf")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "approval-queue-phone.png"), full_page=True)

    page.set_viewport_size(DESKTOP)
    assert serious_violations(page) == []
    queue.first.get_by_role("link", name=signing.code).click()
    expect(page.get_by_test_id("approval-note")).to_contain_text("đủ điều kiện")
    assert serious_violations(page) == []
    approve = page.locator("#form-approve")
    # Only the draft printed on the portal can be issued; the uploaded paper is not offered.
    expect(approve.get_by_label(f"du-thao-ket-qua-{signing.code}.pdf")).to_be_checked()
    expect(approve.get_by_label("du-thao-giay-chung-nhan.pdf")).to_have_count(0)
    approve.get_by_label("Nội dung phê duyệt").fill("Cấp giấy chứng nhận đăng ký hộ kinh doanh.")
    approve.get_by_role("button", name="Phê duyệt, cấp số kết quả").click()

    result = DossierResult.objects.get(dossier=signing)
    expect(page.locator(".message--success")).to_contain_text(f"mã {result.code}")
    expect(page.get_by_test_id("result-code")).to_have_text(f"{signing.code}-KQ1")
    expect(page.get_by_test_id("result-number")).to_have_text("1")
    expect(page.get_by_test_id("approval-state")).to_have_text("Đã giải quyết")
    assert reload(signing).state == State.RESOLVED
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "approval-done.png"), full_page=True)
    assert console_errors == []
