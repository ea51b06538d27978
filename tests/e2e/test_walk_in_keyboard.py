"""The walk-in desk by keyboard alone when the search finds several procedures: the best match
comes back checked and focused, the arrow keys the hint names choose another, Enter makes the
draft on the procedure chosen; after the reception the receipt (Mẫu 01) has the focus and
Enter opens it. No mouse click from the sign-in to the PDF."""

import io
import re

import pypdf
import pypdfium2
import pytest
from playwright.sync_api import expect

from citizens.models import Profile
from dossiers.models import Dossier
from dossiers.states import State
from tests.dossiers.conftest import build_world, neighbour_procedure
from tests.e2e.accessibility import violations
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
ID_NUMBER = "092080001234"
HINT = (
    "Mũi tên lên, xuống: chọn thủ tục khác trong kết quả; Enter: tạo hồ sơ với thủ tục đang chọn."
)


@pytest.fixture
def desk_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.home.desk.set_password(PASSWORD)
    world.home.desk.save(update_fields=["password"])
    world.citizen.phone = "0912345678"
    world.citizen.save(update_fields=["phone"])
    Profile.objects.create(
        user=world.citizen,
        kind="individual",
        id_number=ID_NUMBER,
        street="12 Hòa Bình",
        province_code=92,
        ward_code=31135,
    )
    committee = [world.home.committee]
    world.neighbours = [
        neighbour_procedure(
            "2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", committee
        ),
        neighbour_procedure("1.001266", "Chấm dứt hoạt động hộ kinh doanh", committee),
    ]
    return world


def _serious(page):
    return [v for v in violations(page) if "(serious)" in v or "(critical)" in v]


def _enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _sign_in_to_the_intake(page, officer):
    page.goto("/tai-khoan/dang-nhap/?next=/ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/")
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").focus()
    page.keyboard.type(officer.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    _enter(page)
    page.wait_for_url(re.compile(r"/tiep-nhan-truc-tiep/$"))


def _focused_radio(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e && e.type === 'radio' ? [e.name, e.value, e.checked] : null; }"
    )


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_desk_picks_a_procedure_with_the_arrow_keys_and_opens_the_receipt_with_enter(
    page, desk_world, console_errors, artifacts, viewport
):
    world = desk_world
    _sign_in_to_the_intake(page, world.home.desk)

    # The applicant: the number, Enter.
    expect(page.locator("#id_tim")).to_be_focused()
    page.keyboard.type(ID_NUMBER)
    _enter(page)
    expect(page.locator(".message--success")).to_contain_text("Nguyễn Văn An")

    # The procedure: words, Enter; three matches, the best one checked and focused.
    expect(page.locator("#id_thu_tuc_q")).to_be_focused()
    page.keyboard.type("hộ kinh doanh")
    _enter(page)
    group = page.get_by_role("group", name=re.compile("^Thủ tục"))
    expect(group).to_have_accessible_description(HINT)
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(3)
    labels = [
        page.locator(f'label[for="{r.get_attribute("id")}"]').inner_text() for r in radios.all()
    ]
    first, second = radios.nth(0), radios.nth(1)
    expect(first).to_be_focused()
    expect(first).to_be_checked()
    agencies = page.get_by_role("group", name="Cơ quan giải quyết hồ sơ")
    expect(agencies.get_by_role("radio", name="Ủy ban nhân dân phường Ninh Kiều")).to_be_checked()
    assert _serious(page) == []
    page.screenshot(path=str(artifacts / "intake-keyboard-results.png"))

    # The hint's keys: ArrowDown chooses the second result (focus and selection together).
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    expect(second).to_be_checked()
    expect(first).not_to_be_checked()
    intended = labels[1]
    expect(agencies).to_be_hidden()  # they were listed for the first result
    expect(page.locator("#intake-agencies-note")).to_contain_text("Đã đổi thủ tục")
    page.keyboard.press("ArrowUp")
    expect(first).to_be_checked()
    expect(agencies).to_be_visible()
    expect(page.locator("#intake-agencies-note")).to_have_text("")
    page.keyboard.press("ArrowDown")
    assert _focused_radio(page) == ["procedure", second.get_attribute("value"), True]
    assert _serious(page) == []
    page.screenshot(path=str(artifacts / "intake-keyboard-arrow.png"))
    _enter(page)

    # Step 2, on the procedure chosen: tick the required paper, receive.
    page.wait_for_url(re.compile(r"/tiep-nhan-truc-tiep/[0-9a-f-]+/$"))
    code, name = intended.split(" – ", 1)
    expect(page.locator(".desk-dossier__procedure")).to_have_text(f"{name} ({code})")
    draft = Dossier.objects.get()
    assert draft.procedure.code == code and draft.state == State.DRAFT
    required = draft.version.components.get(required=True, order=1)
    expect(page.locator(f"#nhan-{required.pk}")).to_be_focused()
    page.keyboard.press("Space")
    for _ in range(40):
        if page.evaluate("document.activeElement.value") == "receive":
            break
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Tiếp nhận", exact=True)).to_be_focused()
    _enter(page)

    # The desk's page: the message, and the receipt to print has the focus.
    expect(page.locator(".message--success")).to_contain_text("Đã tiếp nhận hồ sơ")
    receipt = page.get_by_role("link", name="Mở giấy tiếp nhận để in (Mẫu 01, PDF)")
    expect(receipt).to_be_focused()
    expect(receipt).to_have_accessible_description(re.compile("^Đã tiếp nhận hồ sơ"))
    assert _serious(page) == []
    page.screenshot(path=str(artifacts / "intake-keyboard-received.png"))
    dossier = Dossier.objects.get()
    assert dossier.pk == draft.pk and dossier.procedure.code == code
    assert dossier.state == State.RECEIVED
    assert console_errors == []
    with page.expect_response(re.compile(r"/phieu/receipt/$")) as opened:
        page.keyboard.press("Enter")
    response = opened.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    page.wait_for_url(re.compile(r"/phieu/receipt/$"))  # opened in the browser's PDF viewer
    content = page.request.get(page.url).body()
    assert content.startswith(b"%PDF")
    # The receipt is the intended procedure's (headless Chromium's viewer draws nothing on a
    # screenshot: the first page is kept as an image to look at instead).
    text = " ".join(pypdf.PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert dossier.code in text and name in text
    document = pypdfium2.PdfDocument(content)
    document[0].render(scale=100 / 72).to_pil().save(artifacts / "intake-keyboard-receipt.png")
    document.close()
    # The PDF viewer asks for /favicon.ico, which the portal serves under /static/ instead.
    assert all("favicon.ico" in e or "status of 404" in e for e in console_errors)


@pytest.mark.parametrize("javascript_enabled", [False], ids=["no-js"])
@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_without_javascript_the_results_are_a_plain_radio_group_and_enter_takes_the_checked(
    page, desk_world, console_errors, viewport, javascript_enabled
):
    _sign_in_to_the_intake(page, desk_world.home.desk)
    page.locator("#id_applicant_name").focus()  # a walk-in without an account
    page.keyboard.type("Lê Thị Cúc")
    page.locator("#id_thu_tuc_q").focus()
    page.keyboard.type("hộ kinh doanh")
    _enter(page)
    radios = page.get_by_role("group", name=re.compile("^Thủ tục")).get_by_role("radio")
    expect(radios.nth(0)).to_be_focused()
    expect(radios.nth(0)).to_be_checked()
    page.keyboard.press("ArrowDown")  # the browser's own radio group
    expect(radios.nth(1)).to_be_checked()
    chosen = radios.nth(1).get_attribute("value")
    _enter(page)

    page.wait_for_url(re.compile(r"/tiep-nhan-truc-tiep/[0-9a-f-]+/$"))
    dossier = Dossier.objects.get()
    assert dossier.procedure.code == chosen
    assert dossier.competent_agency == desk_world.home.committee
    assert dossier.applicant_name == "Lê Thị Cúc"
    assert console_errors == []
