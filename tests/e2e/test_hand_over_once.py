"""A dossier is handed over once (issue 11): the desk hands it to the competent unit, a second
click from a page left open elsewhere is refused and records nothing; the head of unit's
assignment is its own line, not another hand-over; the citizen's timeline says "handed over"
once; the control slip is called by its number under the dossier's circular, the same on the
page as on the PDF, and it has one row for the hand-over."""

import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier
from dossiers.slips.legal_forms import Form
from dossiers.slips.render import render_pdf
from dossiers.states import Action
from tests.dossiers.conftest import build_world
from tests.dossiers.helpers import submitted
from tests.dossiers.test_slips import pdf_text
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def hand_over_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    names = {
        world.home.desk: "Phạm Thị Tiếp",
        world.home.head: "Trần Văn Trưởng",
        world.home.specialist: "Lê Thị Chuyên",
        world.citizen: "Nguyễn Văn An",
    }
    for user, name in names.items():
        user.full_name = name
        user.set_password(PASSWORD)
        user.save(update_fields=["password", "full_name"])
    return world


def _received(world):
    dossier = submitted(world, applicant_name="Nguyễn Văn An")
    services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )
    return Dossier.objects.get(pk=dossier.pk)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_desk_hands_over_once_and_the_head_assigns_on_its_own_line(
    page, hand_over_world, console_errors, artifacts, viewport
):
    world = hand_over_world
    dossier = _received(world)
    desk_page = f"/ban-lam-viec/mot-cua/{dossier.pk}/"

    # The desk officer has the dossier open in two tabs.
    log_in(page, world.home.desk, desk_page)
    other_tab = page.context.new_page()
    other_tab.goto(desk_page)

    transfer = page.locator("#form-transfer")
    # The control slip, as the PDF calls it under the dossier's circular (03/2025).
    expect(page.locator("#chuyen-xu-ly")).to_contain_text("(Mẫu số 06)")
    assert serious_violations(page) == []
    transfer.get_by_role("button", name="Chuyển xử lý").click()
    expect(page.locator(".message--success")).to_contain_text(f"Đã chuyển hồ sơ {dossier.code} đến")
    # Handed over: the desk has no hand-over left to offer.
    expect(page.locator("#form-transfer")).to_have_count(0)
    expect(page.get_by_role("button", name="Chuyển xử lý")).to_have_count(0)

    # The second click, from the tab left open: refused with words, nothing recorded.
    other_tab.locator("#form-transfer").get_by_role("button", name="Chuyển xử lý").click()
    expect(other_tab.locator("#transfer-errors")).to_be_visible()
    expect(other_tab.locator("#transfer-errors")).to_contain_text(
        "Không thể “Chuyển xử lý” khi hồ sơ đang ở trạng thái “Đang xử lý”"
    )
    expect(other_tab.get_by_test_id("desk-state")).to_have_text("Đang xử lý")
    transfers = Dossier.objects.get(pk=dossier.pk).events.filter(action=Action.TRANSFER)
    assert transfers.count() == 1
    other_tab.screenshot(path=str(artifacts / "hand-over-second-click.png"), full_page=True)
    other_tab.close()
    log_out(page)

    # The head of unit assigns it: its own line, "Phân công xử lý".
    work_page = f"/ban-lam-viec/xu-ly/{dossier.pk}/"
    log_in(page, world.home.head, work_page)
    assign = page.locator("#form-assign")
    assign.get_by_label("Chuyên viên xử lý").select_option(label="Lê Thị Chuyên")
    assign.get_by_role("button", name="Phân công").click()
    expect(page.locator(".message--success")).to_contain_text(
        f"Đã giao hồ sơ {dossier.code} cho Lê Thị Chuyên"
    )
    history = page.locator("#dien-bien")
    expect(history.get_by_text("Phân công xử lý")).to_have_count(1)
    expect(history.get_by_text("Chuyển xử lý", exact=True)).to_have_count(1)
    assert serious_violations(page) == []
    log_out(page)

    dossier = Dossier.objects.get(pk=dossier.pk)
    actions = list(dossier.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == [Action.SUBMIT, Action.RECEIVE, Action.TRANSFER, Action.ASSIGN]
    # The control slip: one row for the one hand-over (the assignment is not one).
    control = pdf_text(render_pdf(Form.CONTROL, dossier, None))
    assert "Mẫu số 06" in control
    assert control.count("Trần Văn Trưởng") == 0

    # The citizen, on a phone: "handed over" once, no assignment inside the unit.
    page.set_viewport_size(PHONE)
    mine = f"/ho-so/cua-toi/{dossier.pk}/"
    log_in(page, world.citizen, mine)
    timeline = page.locator(".timeline")
    expect(timeline.get_by_text("Hồ sơ được chuyển đến đơn vị xử lý")).to_have_count(1)
    expect(timeline).not_to_contain_text("Phân công")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "hand-over-citizen-timeline.png"), full_page=True)
    assert console_errors == []
