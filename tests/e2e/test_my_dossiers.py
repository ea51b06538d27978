"""A citizen follows their dossiers after sending them, as a person would, on a phone and on a
desktop: answers a supplement request with a PDF and sees the timeline move on; rates the
service once the result is returned. axe finds no serious or critical violation on any page."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.models import DossierRating
from dossiers.states import State
from tests.dossiers.conftest import PDF, build_world
from tests.dossiers.helpers import dossier_in, reload
from tests.e2e.accessibility import violations
from tests.e2e.conftest import DESKTOP
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


@pytest.fixture
def world(transactional_db):
    return build_world()


def serious(page) -> list[str]:
    """axe's serious and critical WCAG 2.1 AA violations on the page."""
    return [v for v in violations(page) if "(serious)" in v or "(critical)" in v]


def check(page):
    assert serious(page) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def log_in_to_my_dossiers(page, user):
    """Open "my dossiers" signed out: the portal asks to log in, then goes back there."""
    page.goto("/ho-so/cua-toi/")
    page.wait_for_url(re.compile(r"/tai-khoan/dang-nhap/"))
    page.get_by_label("Số CCCD, mã số thuế hoặc thư điện tử").fill(user.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(re.compile(r"/ho-so/cua-toi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ của tôi")


@VIEWPORTS
def test_a_citizen_answers_a_supplement_request(page, world, console_errors, artifacts):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)

    log_in_to_my_dossiers(page, world.citizen)
    card = page.get_by_role("listitem").filter(has_text=dossier.code)
    expect(card.locator(".status")).to_have_text("Chờ bổ sung hồ sơ")
    check(page)

    card.get_by_role("link", name=f"Hồ sơ {dossier.code}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    request = page.get_by_role("region", name="Cơ quan đề nghị bổ sung hồ sơ")
    expect(request).to_contain_text("Cần bản sao hợp đồng thuê nhà.")
    expect(request.get_by_role("listitem")).to_have_text(["Hợp đồng thuê địa điểm kinh doanh"])
    check(page)

    request.get_by_role("link", name="Bổ sung hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bổ sung hồ sơ")
    check(page)
    page.get_by_label("Chọn tệp cho “Văn bản ủy quyền”").set_input_files(
        files=[{"name": "hop-dong-thue.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Tải lên – Văn bản ủy quyền").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tải lên “hop-dong-thue.pdf”")
    expect(page.locator(f"#component-{world.optional.pk}")).to_contain_text(
        "Mới tải lên, sẽ gửi kèm:"
    )
    check(page)
    name = "phone" if page.viewport_size["width"] < 500 else "desktop"
    page.screenshot(path=str(artifacts / f"my-dossier-answer-{name}.png"), full_page=True)
    page.get_by_label("Ghi chú gửi cơ quan giải quyết").fill("Đã bổ sung hợp đồng thuê.")
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ {dossier.code}")
    expect(page.get_by_role("status")).to_contain_text("thời hạn giải quyết tiếp tục")
    expect(page.locator(".mine-detail__state .status")).to_have_text("Đang xử lý")
    steps = page.get_by_role("list", name="Quá trình xử lý").get_by_role("listitem")
    expect(steps.last).to_contain_text("Hồ sơ đã được bổ sung")
    expect(steps.last).to_contain_text("Nội dung: Đã bổ sung hợp đồng thuê.")
    expect(steps.last).to_contain_text("hop-dong-thue.pdf")
    check(page)
    page.screenshot(path=str(artifacts / f"my-dossier-{name}.png"), full_page=True)
    assert reload(dossier).state == State.IN_PROGRESS
    assert console_errors == []


@VIEWPORTS
def test_a_citizen_rates_a_returned_dossier(page, world, console_errors):
    dossier = dossier_in(world, State.RETURNED)

    log_in_to_my_dossiers(page, world.citizen)
    page.get_by_role("link", name=f"Hồ sơ {dossier.code}", exact=True).click()
    rating = page.get_by_role("region", name="Đánh giá mức độ hài lòng")
    rating.get_by_role("link", name="Đánh giá").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá mức độ hài lòng")
    check(page)

    # sent incomplete first: the errors are listed and linked, the choices kept
    # Each criterion is asked in words that fit it: how many contacts, not "satisfied".
    contacts = page.get_by_role(
        "group", name="Bạn đã phải liên hệ với cơ quan bao nhiêu lần để hoàn thiện hồ sơ?"
    )
    expect(contacts.get_by_label("Không quá một lần")).to_be_visible()
    expect(contacts.get_by_label("Hài lòng", exact=True)).to_have_count(0)
    page.get_by_role(
        "group", name="Nhìn chung, bạn có hài lòng với việc giải quyết hồ sơ không?"
    ).get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_role("alert")).to_contain_text("Thái độ của cán bộ, công chức")
    check(page)
    for group in page.get_by_role("main").get_by_role("group").all():  # not the header's menu
        group.get_by_role("radio").first.check()  # the good answer of each question
    page.get_by_label("Góp ý").fill("Nhanh, đúng hẹn.")
    page.get_by_role("button", name="Gửi đánh giá").click()

    expect(page.get_by_role("status")).to_contain_text("Cảm ơn bạn đã đánh giá")
    rating = page.get_by_role("region", name="Đánh giá mức độ hài lòng")
    expect(rating).to_contain_text("Đánh giá chung")
    expect(rating).to_contain_text("Nhanh, đúng hẹn.")
    expect(rating.get_by_role("link", name="Đánh giá")).to_have_count(0)
    check(page)
    saved = DossierRating.objects.get(dossier_id=dossier.pk)
    assert saved.overall == "satisfied" and saved.comment == "Nhanh, đúng hẹn."
    # the one error is the incomplete form's answer (and the console's note of it)
    assert [re.sub(r"https?://[^/]+", "", e) for e in console_errors] == [
        f"HTTP 400: /ho-so/cua-toi/{dossier.pk}/danh-gia/",
        "console: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]
