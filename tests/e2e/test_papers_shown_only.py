"""Papers shown, not handed in (issue 11). A citizen on a phone reads on the procedure page
that the identity paper is only shown; the draft lists it apart, with nothing to upload, and
the dossier goes without it. The desk officer, on a desktop, sees the sent dossier's papers
without a red "Chưa có tệp.": the optional one says it was not sent, the shown one says it is
only shown, and the dossier is received without ticking it. A walk-in's papers on the desk
say they are on paper."""

import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier
from dossiers.states import State
from tests.dossiers.conftest import PDF, build_world
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in, log_out
from tests.factories import PASSWORD, ComponentFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ID_PAPER = "Giấy tờ tùy thân của người nộp hồ sơ"
NOTE = "Xuất trình bản chính để đối chiếu, không nộp."
RED = "rgb(138, 17, 17)"


@pytest.fixture
def shown_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    ComponentFactory(version=world.version, order=3, name=ID_PAPER, present_only=True, note=NOTE)
    for user in (world.citizen, world.home.desk):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return world


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_shown_paper_is_not_asked_online_nor_flagged_at_the_desk(
    page, shown_world, console_errors, artifacts, viewport, tmp_path
):
    world = shown_world
    page.goto(f"/thu-tuc/{world.procedure.code}/")
    papers = page.get_by_role("table", name="Giấy tờ cần nộp")
    expect(papers.get_by_role("row", name=re.compile(ID_PAPER))).to_contain_text(
        "Chỉ xuất trình, không nộp"
    )

    log_in(page, world.citizen, f"/ho-so/nop/{world.procedure.code}/")
    page.get_by_label("Ủy ban nhân dân phường Ninh Kiều").check()
    page.get_by_role("button", name="Bắt đầu khai hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Khai hồ sơ trực tuyến")

    shown = page.get_by_role("region", name="Giấy tờ chỉ xuất trình, không tải lên")
    expect(shown).to_contain_text(ID_PAPER)
    expect(shown).to_contain_text(NOTE)
    expect(page.get_by_label(f"Chọn tệp: {ID_PAPER}")).to_have_count(0)
    assert serious_violations(page) == []
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "shown-only-draft.png"))

    document = tmp_path / "giay-de-nghi.pdf"
    document.write_bytes(PDF)
    part = page.get_by_role("region", name="Giấy đề nghị đăng ký")
    part.get_by_label("Chọn tệp: Giấy đề nghị đăng ký").set_input_files(str(document))
    part.get_by_role("button", name="Tải lên").click()
    expect(part.get_by_role("link", name="giay-de-nghi.pdf")).to_be_visible()
    page.get_by_role("button", name="Lưu và kiểm tra hồ sơ").click()
    expect(page.get_by_text("Đã có đủ các thành phần hồ sơ bắt buộc.")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nộp hồ sơ")
    dossier = Dossier.objects.get(applicant=world.citizen)
    assert dossier.state == State.SUBMITTED
    log_out(page)

    # The desk, on a desktop.
    page.set_viewport_size(DESKTOP)
    log_in(page, world.home.desk, f"/ban-lam-viec/mot-cua/{dossier.pk}/")
    checklist = page.locator("#kiem-tra")
    optional = checklist.get_by_role("listitem").filter(has_text="Văn bản ủy quyền")
    expect(optional).to_contain_text("Không nộp (không bắt buộc).")
    id_paper = checklist.get_by_role("listitem").filter(has_text=ID_PAPER)
    expect(id_paper).to_contain_text("Chỉ xuất trình bản chính để đối chiếu, không nộp.")
    expect(checklist).not_to_contain_text("Chưa có tệp.")
    for note in checklist.locator("[data-absence]").all():
        assert note.evaluate("n => getComputedStyle(n).color") != RED
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "shown-only-desk.png"), full_page=True)

    checklist.get_by_label("Giấy đề nghị đăng ký").check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_text(f"Đã tiếp nhận hồ sơ {dossier.code}")).to_be_visible()
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED

    # A walk-in's papers are on the desk: no scan is not a missing file.
    walk_in = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Trần Văn Quầy",
        applicant_phone="0912345678",
    )
    services.dossier_submit(dossier_id=walk_in.pk, actor=world.home.desk)
    page.goto(f"/ban-lam-viec/mot-cua/{walk_in.pk}/")
    checklist = page.locator("#kiem-tra")
    expect(checklist.locator('[data-absence="paper"]')).to_have_count(2)
    expect(checklist).not_to_contain_text("Chưa có tệp.")
    assert console_errors == []
