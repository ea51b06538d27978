"""Drafts that keep what was typed (issue 11), on a phone: the citizen types into the draft
and the page saves it as they go; leaving before it is saved asks first; coming back, what
was typed is there."""

import re

import pytest
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier
from tests.dossiers.conftest import build_world
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def draft(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.citizen.set_password(PASSWORD)
    world.citizen.save(update_fields=["password"])
    dossier = services.dossier_create(
        actor=world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
    )
    return world.citizen, dossier


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_what_the_citizen_types_is_saved_as_they_go(
    page, draft, console_errors, artifacts, viewport
):
    citizen, dossier = draft
    url = f"/ho-so/nhap/{dossier.pk}/"
    log_in(page, citizen, url)

    # The browser's question before leaving with changes not saved yet.
    asked = []

    def on_dialog(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.locator("#id_applicant_address").fill("25 Hòa Bình, Ninh Kiều")
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("Đã tự động lưu lúc", timeout=5000)
    assert Dossier.objects.get(pk=dossier.pk).applicant_address == "25 Hòa Bình, Ninh Kiều"

    # A wrong phone is not saved, and says so where the status is read aloud.
    page.get_by_label("Số điện thoại").fill("abc")
    page.get_by_label("Số điện thoại").blur()
    expect(status).to_contain_text("Số điện thoại chưa đúng", timeout=5000)
    page.get_by_role("link", name="Trang chủ").first.click()  # leaving with it unsaved
    page.wait_for_timeout(500)
    assert "beforeunload" in asked
    expect(page).to_have_url(re.compile(re.escape(url)))  # stayed when asked

    page.get_by_label("Số điện thoại").fill("0912 345 678")
    expect(status).to_contain_text("Đã tự động lưu lúc", timeout=5000)
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "draft-autosaved.png"), full_page=True)

    page.reload()
    expect(page.get_by_label("Số điện thoại")).to_have_value("0912 345 678")
    expect(page.locator("#id_applicant_address")).to_have_value("25 Hòa Bình, Ninh Kiều")
    unexpected = [e for e in console_errors if "400" not in e]
    assert unexpected == []
