"""Files that open, not only download (issue 11): the leader reads the applicant's paper and
the draft result in the browser from the approval page (a new tab, inline, same origin,
nosniff), and may still download each."""

import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from dossiers import services
from dossiers.models import Dossier, FileKind
from dossiers.states import State
from tests.dossiers.conftest import PDF, build_world
from tests.dossiers.helpers import at, dossier_in
from tests.e2e.accessibility import serious_violations
from tests.e2e.session import log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def waiting(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.home.leader.set_password(PASSWORD)
    world.home.leader.save(update_fields=["password"])
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        dossier = dossier_in(world, State.IN_PROGRESS)
        draft = services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=world.home.specialist,
            upload=SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf"),
        )
        services.dossier_submit_for_approval(
            dossier_id=dossier.pk, actor=world.home.specialist, note="Đủ.", file_ids=[draft.pk]
        )
    return world, Dossier.objects.get(pk=dossier.pk)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_the_leader_reads_the_applicants_paper_and_the_draft_in_the_browser(
    page, waiting, console_errors, artifacts, viewport
):
    world, dossier = waiting
    url = f"/ban-lam-viec/phe-duyet/{dossier.pk}/"
    log_in(page, world.home.leader, url)

    papers = page.locator("#thanh-phan")
    expect(papers).to_contain_text(world.required.name)
    application = dossier.files.get(kind=FileKind.APPLICATION)
    link = papers.get_by_role("link", name=re.compile(f"^{re.escape(application.original_name)}"))
    expect(link).to_have_attribute("target", "_blank")
    expect(papers.get_by_role("link", name=f"Tải về {application.original_name}")).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "approval-papers.png"), full_page=True)

    with page.context.expect_page() as opened:
        link.click()
    reading = opened.value
    reading.wait_for_load_state()
    assert "xem=1" in reading.url
    answer = page.request.get(reading.url)
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.body() == PDF
    reading.close()

    draft = page.locator("#to-trinh").get_by_role("link", name=re.compile("^du-thao.pdf"))
    expect(draft).to_have_attribute("href", re.compile(r"\?xem=1$"))
    unexpected = [e for e in console_errors if "favicon" not in e]
    assert unexpected == []
