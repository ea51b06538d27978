"""Dates that agree, and no false alarm (issue 11), as people see them: a citizen on a phone
who sent a dossier at 18:09 on a Monday reads when it was sent, when it was officially received
and when the desk checked it, with the same words on their dossier page and on public tracking;
a head of unit opening a dossier received minutes ago is not asked to apologise for lateness,
while one in its last day for the apology is proposed it."""

import pytest
import time_machine
from django.core.cache import cache
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier
from tests.dossiers.conftest import build_world
from tests.dossiers.helpers import at, submitted
from tests.e2e.accessibility import serious_violations
from tests.e2e.header import open_menu
from tests.e2e.session import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    world = build_world()
    for user in (world.citizen, world.home.head):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return world


def _received(world, sent, checked, *, transfer=False):
    with time_machine.travel(at(sent), tick=False):
        dossier = submitted(world, applicant_name="Nguyễn Văn An", applicant_phone="0912 345 678")
    with time_machine.travel(at(checked), tick=False):
        services.dossier_receive(
            dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
        )
        if transfer:
            services.dossier_transfer(
                dossier_id=dossier.pk, actor=world.home.desk, assignee_id=world.home.specialist.pk
            )
    return Dossier.objects.get(pk=dossier.pk)


def _moments(scope):
    """{label: value} of the three moments shown in `scope`."""
    return {
        label: scope.locator(f"dd[data-moment='{key}']").inner_text().strip()
        for key, label in (
            ("sent", "Thời điểm gửi hồ sơ"),
            ("official", "Thời điểm tiếp nhận chính thức"),
            ("received", "Thời điểm kiểm tra xong"),
        )
    }


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_citizen_reads_the_same_three_moments_on_their_page_and_on_tracking(
    page, people, console_errors, artifacts, viewport
):
    world = people
    # Sent on Monday evening; the desk on a late shift checked it six minutes later.
    dossier = _received(world, "2026-03-09 18:09", "2026-03-09 18:15")
    expected = {
        "Thời điểm gửi hồ sơ": "09/03/2026 18:09",
        "Thời điểm tiếp nhận chính thức": "10/03/2026 07:30",
        "Thời điểm kiểm tra xong": "09/03/2026 18:15",
    }

    log_in(page, world.citizen, f"/ho-so/cua-toi/{dossier.pk}/")
    for label in expected:
        expect(page.get_by_text(label, exact=True)).to_be_visible()
    assert _moments(page) == expected
    expect(page.locator("body")).to_contain_text("13/03/2026 17:00")  # from Tuesday 07:30
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "moments-mine.png"), full_page=True)

    open_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.get_by_label("4 số cuối số điện thoại hoặc số định danh").fill("5678")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Thời điểm tiếp nhận chính thức", exact=True)).to_be_visible()
    assert _moments(page) == expected
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "moments-tracking.png"), full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_head_is_proposed_the_apology_only_when_it_is_due(
    page, people, console_errors, artifacts, viewport
):
    world = people
    # A one-day procedure received minutes ago: due tomorrow, no lateness in sight.
    world.version.channels.filter(kind="online").update(duration_value=1)
    fresh = _received(world, "2026-03-11 09:00", "2026-03-11 09:05", transfer=True)
    # One received on Monday: due Tuesday 17:00; Monday was its last day to apologise.
    with time_machine.travel(at("2026-03-11 09:10"), tick=True):
        log_in(page, world.home.head, f"/ban-lam-viec/xu-ly/{fresh.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text(fresh.code)
        expect(page.get_by_test_id("reschedule-proposal")).to_have_count(0)
        assert serious_violations(page) == []

    world.version.channels.filter(kind="online").update(duration_value=3)
    due = _received(world, "2026-03-09 09:00", "2026-03-09 09:05", transfer=True)
    assert due.due_at == at("2026-03-12 17:00")
    with time_machine.travel(at("2026-03-11 09:20"), tick=True):  # Wednesday: the last day
        page.goto(f"/ban-lam-viec/xu-ly/{due.pk}/")
        proposal = page.get_by_test_id("reschedule-proposal")
        expect(proposal).to_be_visible()
        expect(proposal).to_contain_text("Hôm nay là ngày cuối cùng")
        page.screenshot(path=str(artifacts / "apology-proposed.png"), full_page=True)
    assert console_errors == []
