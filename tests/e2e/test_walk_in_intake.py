"""A walk-in at the desk, with the keyboard alone: the officer finds the applicant's account by
identity number, finds the procedure by its words, ticks the papers handed in with their copy
kinds, adds one scan, receives, and opens the receipt (Mẫu 01). The time of the keyboard part
is printed (the issue's goal: under a minute), not asserted."""

import re
import time

import pytest
from playwright.sync_api import expect

from citizens.models import Profile
from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Action, State
from tests.dossiers.conftest import PDF, build_world
from tests.e2e.accessibility import serious_violations
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ID_NUMBER = "092080001234"


@pytest.fixture
def intake_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.home.desk.set_password(PASSWORD)
    world.home.desk.save(update_fields=["password"])
    citizen = world.citizen
    citizen.phone = "0912345678"
    citizen.save(update_fields=["phone"])
    Profile.objects.create(
        user=citizen, kind="individual", id_number=ID_NUMBER, street="12 Hòa Bình", province_code=92
    )
    return world


def _focused(page, selector):
    return page.locator(selector).evaluate("element => element === document.activeElement")


def _tab_to(page, selector, limit=60):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if _focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_walk_in_is_received_with_the_keyboard_alone(
    page, intake_world, console_errors, artifacts, viewport
):
    world = intake_world
    page.goto("/tai-khoan/dang-nhap/?next=/ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(world.home.desk.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/tiep-nhan-truc-tiep/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiếp nhận hồ sơ trực tiếp")
    assert serious_violations(page) == []

    started = time.monotonic()
    # Step 1: the lookup field has the focus; the number, Enter.
    expect(page.locator("#id_tim")).to_be_focused()
    page.keyboard.type(ID_NUMBER)
    _enter(page)
    expect(page.locator(".message--success")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("#id_applicant_phone")).to_have_value("0912345678")
    # The procedure search is next: words, Enter; the only match is chosen and focused.
    expect(page.locator("#id_thu_tuc_q")).to_be_focused()
    page.keyboard.type("hộ kinh doanh")
    _enter(page)
    match = page.get_by_role("radio", name="1.001612 – Đăng ký thành lập hộ kinh doanh")
    expect(match).to_be_checked()
    expect(match).to_be_focused()
    expect(page.get_by_role("radio", name="Ủy ban nhân dân phường Ninh Kiều")).to_be_checked()
    checking = time.monotonic()  # axe and the screenshot are not the officer's time
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "intake-start.png"), full_page=True)
    started += time.monotonic() - checking
    _enter(page)

    # Step 2: the checklist, its first box focused.
    page.wait_for_url(re.compile(r"/tiep-nhan-truc-tiep/[0-9a-f-]+/$"))
    required = f"#nhan-{world.required.pk}"
    expect(page.locator(required)).to_be_focused()
    checking = time.monotonic()
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "intake-draft.png"), full_page=True)
    started += time.monotonic() - checking
    page.keyboard.press("Space")
    expect(page.locator(required)).to_be_checked()
    page.keyboard.press("Tab")  # into the copy kinds: original is preselected
    expect(page.locator(f"#ban-{world.required.pk}-original")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#ban-{world.required.pk}-certified")).to_be_checked()
    page.keyboard.press("Tab")  # the scan
    scan = f"#tep-{world.required.pk}"
    expect(page.locator(scan)).to_be_focused()
    page.locator(scan).set_input_files(
        {"name": "giay-de-nghi.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.keyboard.press("Tab")  # the optional paper, handed in as a photocopy
    optional = f"#nhan-{world.optional.pk}"
    expect(page.locator(optional)).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#ban-{world.optional.pk}-photocopy")).to_be_checked()
    # The return channel is preselected at the desk; on to the button.
    expect(page.get_by_role("radio", name="Trực tiếp tại Bộ phận Một cửa")).to_be_checked()
    _tab_to(page, "#form-intake button[value=receive]")
    _enter(page)
    elapsed = time.monotonic() - started
    print(f"\nwalk-in intake with the keyboard: {elapsed:.1f} s")

    # The desk's page of the dossier, with the receipt.
    expect(page.locator(".message--success")).to_contain_text("Đã tiếp nhận hồ sơ")
    expect(page.get_by_test_id("desk-state")).to_have_text("Đã tiếp nhận")
    dossier = Dossier.objects.get()
    assert dossier.state == State.RECEIVED
    assert dossier.applicant_name == "Nguyễn Văn An"
    assert dossier.applicant_id_number == ID_NUMBER
    event = DossierEvent.objects.get(dossier=dossier, action=Action.RECEIVE)
    assert event.data["copies"] == {
        str(world.required.pk): "certified",
        str(world.optional.pk): "photocopy",
    }
    assert [f.original_name for f in dossier.files.all()] == ["giay-de-nghi.pdf"]
    receipt = page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    expect(receipt).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "intake-received.png"), full_page=True)
    response = page.request.get(receipt.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # A second walk-in without the required paper: refused with the list, then Mẫu 02.
    second = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Thị Cúc",
    )
    page.goto(f"/ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/{second.pk}/")
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.locator("#intake-missing")).to_contain_text("Giấy đề nghị đăng ký")
    assert serious_violations(page) == []
    console_errors.clear()  # the 400 itself
    page.get_by_role("button", name="Lập phiếu yêu cầu hoàn thiện (Mẫu 02)").click()
    expect(page.get_by_test_id("desk-state")).to_have_text("Yêu cầu hoàn thiện hồ sơ")
    expect(page.get_by_role("link", name="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")).to_be_visible()

    # The start page on a phone: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    page.goto("/ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    assert console_errors == []
