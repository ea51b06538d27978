"""A person with no account tracks a dossier by its code and four digits, on a phone and on
a desktop."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier
from procedures.calendar import LOCAL_TZ
from tests.dossiers.conftest import build_world, pdf
from tests.e2e.accessibility import violations
from tests.e2e.conftest import DESKTOP
from tests.e2e.header import open_menu

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def dossier(transactional_db):
    """A walk-in's dossier received at the desk and transferred: in progress, due in 3 days."""
    cache.clear()
    world = build_world()
    desk = world.home.desk
    created = services.dossier_create(
        actor=desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Thị Hoa",
        applicant_phone="0912345678",
        applicant_id_number="092080001234",
        applicant_address="12 đường Mậu Thân",
    )
    services.dossier_attach_file(
        dossier_id=created.pk, actor=desk, upload=pdf(), component_id=world.required.pk
    )
    services.dossier_submit(dossier_id=created.pk, actor=desk)
    services.dossier_receive(
        dossier_id=created.pk, actor=desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(
        dossier_id=created.pk, actor=desk, assignee_id=world.home.specialist.pk
    )
    yield Dossier.objects.get(pk=created.pk)
    cache.clear()


def _open_tracking(page):
    page.goto("/")
    open_menu(page)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tra cứu hồ sơ"
    ).click()
    page.wait_for_url(re.compile(r"/tra-cuu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tra cứu hồ sơ")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_person_without_an_account_tracks_a_dossier(page, dossier, console_errors, artifacts):
    _open_tracking(page)
    assert violations(page) == []

    page.get_by_label("Mã hồ sơ").fill(dossier.code.lower())
    page.get_by_label("4 số cuối số điện thoại hoặc số định danh").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()

    result = page.get_by_role("region", name=f"Hồ sơ {dossier.code}")
    expect(result).to_be_visible()
    expect(result.locator(".status")).to_have_text("Đang xử lý")
    due = timezone.localtime(dossier.due_at, LOCAL_TZ)
    expect(result.get_by_text(f"{due:%d/%m/%Y %H:%M}")).to_be_visible()
    expect(result).to_contain_text("Trung tâm Phục vụ hành chính công phường Ninh Kiều")
    steps = result.get_by_role("list", name="Quá trình xử lý").get_by_role("listitem")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Hồ sơ đã được nộp")
    expect(steps.nth(1)).to_contain_text("Hồ sơ đã được tiếp nhận")
    expect(steps.nth(2)).to_contain_text("Hồ sơ được chuyển đến đơn vị xử lý")
    expect(page.locator("main")).not_to_contain_text("Lê Thị Hoa")
    expect(page.locator("main")).not_to_contain_text("Mậu Thân")
    # the secret is not kept in the address nor echoed back in the form
    assert "5678" not in page.url
    expect(page.get_by_label("4 số cuối số điện thoại hoặc số định danh")).to_have_value("")

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    assert violations(page) == []
    name = "phone" if page.viewport_size["width"] < 500 else "desktop"
    page.screenshot(path=str(artifacts / f"tracking-{name}.png"), full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_wrong_secret_gets_the_neutral_answer(page, dossier, console_errors):
    _open_tracking(page)

    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("4 số cuối số điện thoại hoặc số định danh").fill("0000")
    page.get_by_role("button", name="Tra cứu").click()

    answer = page.locator("#track-result")
    expect(answer.get_by_role("heading", name="Không tìm thấy hồ sơ")).to_be_visible()
    expect(answer).to_contain_text("Vui lòng kiểm tra lại mã hồ sơ")
    expect(page.locator("main")).not_to_contain_text("Đang xử lý")
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(dossier.code)
    assert violations(page) == []
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE])
def test_an_incomplete_form_lists_its_errors_and_stays_accessible(page, dossier, console_errors):
    _open_tracking(page)

    page.get_by_label("4 số cuối số điện thoại hoặc số định danh").fill("12")
    page.get_by_role("button", name="Tra cứu").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Nhập mã hồ sơ.")
    expect(summary).to_contain_text("Nhập đúng 4 chữ số.")
    summary.get_by_role("link", name="Nhập mã hồ sơ.").click()
    expect(page.get_by_label("Mã hồ sơ")).to_be_focused()
    expect(page.get_by_label("Mã hồ sơ")).to_have_attribute("aria-invalid", "true")
    assert violations(page) == []
    assert console_errors == []
