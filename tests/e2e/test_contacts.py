"""Contacts that work (issue 11), on a phone: a citizen whose account has neither phone nor
identity number is told on the review page, before any button, what the agency needs to reach
them and what tracking asks for; "abc" as a phone is refused in words and kept on the page to
correct; with a real number the dossier goes, and the confirmation's tracking advice holds."""

import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier
from dossiers.states import State
from tests.dossiers.conftest import build_world, pdf
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def bare(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    person = UserFactory(username="nguoi-moi", full_name="Đỗ Thị Mới", email="", phone="")
    dossier = services.dossier_create(
        actor=person, procedure_code=world.procedure.code, channel="online", agency_code="H92.31"
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=person, upload=pdf(), component_id=world.required.pk
    )
    return person, dossier


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_citizen_is_told_what_contacts_are_needed_before_sending(
    page, bare, console_errors, artifacts, viewport
):
    person, dossier = bare
    review = f"/ho-so/nhap/{dossier.pk}/kiem-tra/"
    log_in(page, person, review)

    notice = page.locator("#contacts")
    expect(notice).to_contain_text("Còn thiếu thông tin liên lạc")
    expect(notice).to_contain_text("số điện thoại hoặc thư điện tử")
    expect(page.get_by_role("button", name="Nộp hồ sơ")).to_have_count(0)
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "contacts-review.png"), full_page=True)

    notice.get_by_role("link", name="Bổ sung thông tin người nộp").click()
    expect(page.locator("#contacts-hint")).to_be_visible()
    page.get_by_label("Số điện thoại").fill("abc")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator("body")).to_contain_text("Số điện thoại chưa đúng")
    expect(page.get_by_label("Số điện thoại")).to_have_value("abc")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "contacts-wrong-phone.png"), full_page=True)

    page.get_by_label("Số điện thoại").fill("+84 912 345 678")
    page.get_by_role("button", name="Lưu và kiểm tra hồ sơ").click()
    expect(page.locator("#contacts")).to_have_count(0)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/da-nop/"))
    expect(page.locator("body")).to_contain_text("Tra cứu hồ sơ")
    sent = Dossier.objects.get(pk=dossier.pk)
    assert sent.state == State.SUBMITTED
    assert sent.applicant_phone == "+84 912 345 678"
    # The one refusal was the wrong phone's 400, answered with the page and its error.
    expected = re.compile(rf"HTTP 400: .*/ho-so/nhap/{dossier.pk}/$|status of 400 \(Bad Request\)")
    assert [error for error in console_errors if not expected.search(error)] == []
    assert any(expected.search(error) for error in console_errors)
