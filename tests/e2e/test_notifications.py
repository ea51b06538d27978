"""A citizen hears of a completion request through the bell, as a person would: they have sent
a dossier and look at the portal on a phone; the desk officer, on a desktop in another
browser, asks through the desk page for a missing paper; the citizen reloads, sees the bell's
count rise, reads the message (the paper the desk named and why), follows its link to the
dossier, uploads the paper and sends the dossier again. The message is then read and the
count back down. axe finds no serious or critical violation on the inbox and the message,
and neither scrolls sideways on the phone."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.states import State
from notifications.models import Notification
from tests.dossiers.conftest import PDF, build_world
from tests.dossiers.helpers import dossier_in, reload
from tests.e2e.conftest import DESKTOP
from tests.e2e.header import open_menu
from tests.e2e.test_my_dossiers import PHONE, check, log_in_to_my_dossiers
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

MISSING = "Văn bản ủy quyền"
REASON = "Người nộp không phải chủ hộ kinh doanh: cần văn bản ủy quyền có chữ ký của chủ hộ."


@pytest.fixture
def world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.home.desk.set_password(PASSWORD)
    world.home.desk.save(update_fields=["password"])
    return world


def unread(page) -> int:
    """The bell's count in the header's menu (0 when it shows none)."""
    open_menu(page)
    bell = page.locator(".site-header a.bell")
    expect(bell).to_be_visible()
    count = bell.locator(".bell__count")
    if count.count() == 0:
        return 0
    return int(count.get_attribute("data-unread"))


def desk_context(browser, live_server, console_errors):
    """The desk officer's own browser (another context: other cookies) on a desktop."""
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP, base_url=live_server.url)
    desk = context.new_page()
    desk.set_default_timeout(10_000)
    desk.on("pageerror", lambda error: console_errors.append(f"desk page error: {error}"))
    desk.on(
        "response",
        lambda r: r.status >= 400 and console_errors.append(f"desk HTTP {r.status}: {r.url}"),
    )
    return context, desk


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_citizen_answers_a_completion_request_from_the_bell(
    page, browser, live_server, world, console_errors, artifacts, viewport
):
    dossier = dossier_in(world, State.SUBMITTED)

    # 1. The citizen, on a phone: the bell in the header, its count noted.
    log_in_to_my_dossiers(page, world.citizen)
    before = unread(page)  # the "sent" acknowledgement may already wait there
    assert (
        before == Notification.objects.filter(recipient=world.citizen, read_at__isnull=True).count()
    )

    # 2. The desk officer, in another browser on a desktop, asks for the missing paper.
    context, desk = desk_context(browser, live_server, console_errors)
    try:
        desk.goto(f"/ban-lam-viec/mot-cua/{dossier.pk}/")
        desk.wait_for_url(re.compile(r"/tai-khoan/dang-nhap/"))
        desk.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(world.home.desk.username)
        desk.get_by_label("Mật khẩu").fill(PASSWORD)
        desk.get_by_role("button", name="Đăng nhập", exact=True).click()
        desk.wait_for_url(re.compile(rf"/ban-lam-viec/mot-cua/{dossier.pk}/$"))
        expect(desk.get_by_role("heading", level=1)).to_contain_text(dossier.code)
        expect(desk.get_by_test_id("desk-state")).to_have_text("Mới nộp")
        completion = desk.locator("#form-completion")
        completion.get_by_label(MISSING, exact=True).check()
        completion.get_by_label("Lý do, hướng dẫn cụ thể").fill(REASON)
        completion.get_by_role("button", name="Gửi yêu cầu hoàn thiện").click()
        expect(desk.locator(".message--success")).to_contain_text("1 nội dung cần bổ sung")
        expect(desk.get_by_test_id("desk-state")).to_have_text("Yêu cầu hoàn thiện hồ sơ")
    finally:
        context.close()
    assert reload(dossier).state == State.COMPLETION_REQUESTED

    # 3. The citizen reloads: one more unread; the bell opens the inbox.
    page.reload()
    assert unread(page) == before + 1
    bell = page.get_by_role("link", name=re.compile(r"^Thông báo"))
    expect(bell).to_have_accessible_name(re.compile(rf"Thông báo\s*{before + 1} chưa đọc"))
    bell.click()
    page.wait_for_url(re.compile(r"/thong-bao/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo")
    inbox = page.get_by_role("list", name="Danh sách thông báo")
    subject = f"Cần hoàn thiện hồ sơ {dossier.code}"
    item = inbox.get_by_role("listitem").filter(has_text=subject)
    expect(item).to_have_count(1)
    expect(inbox.get_by_role("listitem").first).to_contain_text(subject)  # newest first
    expect(item.locator(".inbox__badge")).to_have_text("Mới")
    expect(item).to_contain_text("Thông báo theo quy định")
    check(page)
    page.screenshot(path=str(artifacts / "inbox-phone.png"), full_page=True)

    item.get_by_role("link", name=re.compile(re.escape(subject))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)
    body = page.locator(".inbox-message__body")
    expect(body).to_contain_text(f"- {MISSING}")
    expect(body).to_contain_text(f"Lý do: {REASON}")
    expect(body).to_contain_text(f"Mã hồ sơ: {dossier.code}")
    check(page)
    page.screenshot(path=str(artifacts / "message-phone.png"), full_page=True)
    assert unread(page) == before  # opening it read it: the count is down by one

    # The link leads to the dossier, where the citizen answers.
    page.get_by_role("link", name="Xem hồ sơ", exact=True).click()
    page.wait_for_url(re.compile(rf"/ho-so/cua-toi/{dossier.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    request = page.get_by_role("region", name="Cơ quan đề nghị hoàn thiện hồ sơ")
    expect(request).to_contain_text(REASON)
    expect(request.get_by_role("listitem")).to_have_text([MISSING])
    request.get_by_role("link", name="Hoàn thiện hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoàn thiện hồ sơ")
    page.get_by_label(f"Chọn tệp cho “{MISSING}”").set_input_files(
        files=[{"name": "uy-quyen.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name=f"Tải lên – {MISSING}").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tải lên “uy-quyen.pdf”")
    expect(page.locator(f"#component-{world.optional.pk}")).to_contain_text(
        "Mới tải lên, sẽ gửi kèm:"
    )
    page.get_by_role("button", name="Gửi lại hồ sơ đã hoàn thiện").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    expect(page.get_by_role("status")).to_contain_text("Đã gửi lại hồ sơ đã hoàn thiện")
    assert reload(dossier).state == State.SUBMITTED

    # Back on the inbox: the request is read, no longer counted. Sending again brought its own
    # acknowledgement ("Đã nộp hồ sơ …", newest, unread): the count is what is really unread.
    open_menu(page)
    page.get_by_role("link", name=re.compile(r"^Thông báo")).click()
    page.wait_for_url(re.compile(r"/thong-bao/$"))
    items = page.get_by_role("list", name="Danh sách thông báo").get_by_role("listitem")
    item = items.filter(has_text=subject)
    expect(item).not_to_have_class(re.compile(r"inbox__item--unread"))
    expect(item.locator(".inbox__badge")).to_have_count(0)
    expect(items.first).to_contain_text(f"Đã nộp hồ sơ {dossier.code}")
    expect(items.first.locator(".inbox__badge")).to_have_text("Mới")
    assert Notification.objects.get(
        recipient=world.citizen, template="dossiers/messages/completion_requested"
    ).is_read
    assert unread(page) == before + 1  # the request read (−1), the new acknowledgement (+1)
    expect(page.locator(".inbox__item--unread")).to_have_count(unread(page))
    check(page)
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_citizen_chooses_the_channels_from_the_profile(page, world, console_errors):
    """From the profile to the choice of channels: SMS without a phone number on the account
    is refused with a clear message and nothing is saved; e-mail alone is saved."""
    from notifications.models import Preference

    world.citizen.phone = ""  # an account without a phone number
    world.citizen.save(update_fields=["phone"])
    log_in_to_my_dossiers(page, world.citizen)
    page.goto("/tai-khoan/")
    page.get_by_role("link", name="Chọn cách nhận thông báo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chọn cách nhận thông báo")
    check(page)

    page.get_by_label("Nhận thông báo qua tin nhắn SMS").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Cần thêm số điện thoại vào tài khoản trước."
    )
    assert not Preference.objects.filter(user=world.citizen).exists()
    check(page)

    page.get_by_label("Nhận thông báo qua tin nhắn SMS").uncheck()
    page.get_by_label("Nhận thông báo qua thư điện tử").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu lựa chọn nhận thông báo.")).to_be_visible()
    preference = Preference.objects.get(user=world.citizen)
    assert (preference.email, preference.sms) == (True, False)
    # The refused choice answered 400 (the form again with its error); nothing else failed.
    assert f"HTTP 400: {page.url}" in console_errors
    assert [e for e in console_errors if "400" not in e] == []
