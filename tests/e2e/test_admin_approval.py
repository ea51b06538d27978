"""A leader approves a dossier in the admin, in the browser: log in, open it from the list,
read its files and timeline, press "Phê duyệt", write the result and confirm."""

import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.states import State
from tests.dossiers.conftest import build_world, pdf
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def pending(transactional_db, settings):
    """The home commune's leader (with staff access) and a dossier waiting for approval."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    home = world.home
    for user in (home.desk, home.specialist, home.leader):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    home.leader.set_password(PASSWORD)
    home.leader.save(update_fields=["password"])
    dossier = services.dossier_create(
        actor=world.citizen,
        procedure_code="1.001612",
        channel="online",
        agency_code="H92.31",
        applicant_name="Nguyễn Văn An",
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=world.citizen,
        upload=pdf("giay-de-nghi.pdf"),
        component_id=world.required.pk,
    )
    services.dossier_submit(dossier_id=dossier.pk, actor=world.citizen)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(
        dossier_id=dossier.pk, actor=home.desk, assignee_id=home.specialist.pk
    )
    dossier = services.dossier_submit_for_approval(
        dossier_id=dossier.pk, actor=home.specialist, note="Đủ điều kiện cấp."
    )
    assert dossier.state == State.PENDING_APPROVAL
    return world, dossier


def test_leader_approves_a_dossier_in_the_admin(page, pending, console_errors, artifacts):
    world, dossier = pending
    page.goto("/admin/login/?next=/admin/dossiers/dossier/")
    page.locator("#id_username").fill(world.home.leader.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # The list opens on "waiting for my approval".
    page.wait_for_url(re.compile(r"/admin/dossiers/dossier/"))
    expect(page.locator("#changelist-filter")).to_contain_text("Chờ tôi phê duyệt")
    row = page.locator("#result_list tbody tr", has_text=dossier.code)
    expect(row).to_contain_text("Chờ phê duyệt")
    expect(row).to_contain_text("Nguyễn Văn An")
    page.screenshot(path=str(artifacts / "admin-dossier-list.png"))
    row.get_by_role("link", name=dossier.code).click()

    # The page: files, timeline and the leader's buttons.
    expect(page.get_by_test_id("dossier-state")).to_have_text("Chờ phê duyệt")
    files = page.locator("#dossier-files")
    expect(files.get_by_role("link", name="giay-de-nghi.pdf")).to_be_visible()
    timeline = page.locator("#dossier-timeline tbody tr")
    expect(timeline).to_have_count(4)
    expect(timeline.last).to_contain_text("Trình phê duyệt")
    expect(timeline.last).to_contain_text("Đủ điều kiện cấp.")
    actions = page.get_by_role("list", name="Thao tác")
    expect(actions.get_by_role("link", name="Từ chối giải quyết")).to_be_visible()

    download = page.request.get(files.get_by_role("link").first.get_attribute("href"))
    assert download.ok and download.body().startswith(b"%PDF")

    page.screenshot(path=str(artifacts / "admin-dossier-pending.png"), full_page=True)
    actions.get_by_role("link", name="Phê duyệt", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Phê duyệt")
    page.get_by_label("Nội dung kết quả giải quyết").fill(
        "Cấp Giấy chứng nhận đăng ký hộ kinh doanh."
    )
    page.screenshot(path=str(artifacts / "admin-dossier-approve-form.png"))
    page.get_by_role("button", name="Xác nhận phê duyệt").click()

    result_code = f"{dossier.code}-KQ1"
    expect(page.locator(".messagelist .success")).to_contain_text(result_code)
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã giải quyết")
    expect(page.locator("#dossier-results")).to_contain_text(result_code)
    expect(page.locator("#dossier-results")).to_contain_text(
        "Cấp Giấy chứng nhận đăng ký hộ kinh doanh."
    )
    expect(timeline).to_have_count(5)
    expect(timeline.last).to_contain_text("Chờ phê duyệt → Đã giải quyết")
    expect(page.get_by_role("link", name="Phê duyệt", exact=True)).to_have_count(0)

    page.screenshot(path=str(artifacts / "admin-dossier-approved.png"), full_page=True)
    assert console_errors == []
