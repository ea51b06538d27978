"""From approval to a signed result in the citizen's hands (issue 12). The leader, on a
desktop, is offered only the draft printed on the portal (never an uploaded paper), approves;
the job that follows signs the issued document; the page says it is signed. The desk returns
it online. The citizen, on a phone, sees the result signed, downloads `<result code>.pdf` —
the issued document, not the draft — and the file carries the agency's valid signature."""

import re

import pytest
from playwright.sync_api import expect

from dossiers.models import DossierResult, SignatureStatus
from dossiers.signing.validate import signatures_of
from dossiers.states import Action
from portal.celery import app
from tests.dossiers.conftest import build_world
from tests.dossiers.helpers import awaiting_approval_with_draft, fire
from tests.dossiers.test_signed_results import pdf_text
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in, log_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def awaiting(transactional_db, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the job after the approval runs at once
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    world = build_world()
    for user in (world.home.leader, world.citizen):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    dossier, printed = awaiting_approval_with_draft(world, papers=("to-trinh.pdf",))
    return world, dossier, printed


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop-then-phone"])
def test_a_leader_approves_and_the_citizen_downloads_the_signed_result(
    page, awaiting, console_errors, artifacts, viewport
):
    world, dossier, printed = awaiting
    log_in(page, world.home.leader, f"/ban-lam-viec/phe-duyet/{dossier.pk}/")
    approve = page.locator("#form-approve")
    expect(approve.get_by_label(printed.original_name)).to_be_checked()
    expect(approve.get_by_label("to-trinh.pdf")).to_have_count(0)
    approve.get_by_role("button", name="Phê duyệt, cấp số kết quả").click()

    expect(page.locator(".message--success")).to_contain_text(f"{dossier.code}-KQ1")
    page.reload()  # the signature was added after the commit
    expect(page.get_by_test_id("result-status")).to_contain_text("Đã ký số lúc")
    assert serious_violations(page) == []
    result = DossierResult.objects.get(dossier=dossier)
    assert result.signature_status == SignatureStatus.SIGNED
    log_out(page)

    fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})

    page.set_viewport_size(PHONE)
    log_in(page, world.citizen, f"/ho-so/cua-toi/{dossier.pk}/")
    results = page.get_by_role("region", name="Kết quả giải quyết")
    expect(results.get_by_test_id("result-status")).to_contain_text("Đã ký số lúc")
    # The agency's working papers and drafts are not the citizen's: not even their names.
    expect(page.locator("main")).not_to_contain_text("to-trinh.pdf")
    expect(page.locator("main")).not_to_contain_text("du-thao-ket-qua")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "signed-result-phone.png"), full_page=True)
    with page.expect_download() as download:
        results.get_by_role("link", name=re.compile("^Tải kết quả")).click()
    saved = download.value
    assert saved.suggested_filename == f"{dossier.code}-KQ1.pdf"
    content = open(saved.path(), "rb").read()
    assert "DỰ THẢO" not in pdf_text(content) and "92A8000123" in pdf_text(content)
    [signature] = signatures_of(content)
    assert signature.valid and signature.signer == world.home.committee.name
    assert console_errors == []
