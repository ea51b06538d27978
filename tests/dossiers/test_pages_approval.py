"""The leaders' approval queue (/ban-lam-viec/phe-duyet/): its contents and order, the note and
draft results of each dossier, approval giving the result its number and code, denial with
reasons, sending back; and who is refused (403) or told the dossier does not exist (404)."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers import services
from dossiers.models import DossierFile, DossierResult, FileKind
from dossiers.states import Action, Outcome, State
from tests.dossiers.conftest import PDF
from tests.dossiers.helpers import at, dossier_in, fire, reload

pytestmark = pytest.mark.django_db

QUEUE = reverse("workspaces:approval")


def page_of(dossier):
    return reverse("workspaces:approval_dossier", args=[dossier.pk])


def act(dossier, slug):
    return reverse("workspaces:approval_act", args=[dossier.pk, slug])


def pending(
    world,
    moment,
    *,
    side="home",
    note="Đủ điều kiện cấp giấy.",
    draft="du-thao.pdf",
    outcome="approved",
):
    """A dossier submitted for approval at `moment` with a working paper named `draft` and
    the draft result printed on the portal (returned, with the dossier)."""
    with time_machine.travel(moment, tick=False):
        dossier = dossier_in(world, State.IN_PROGRESS, side=side)
        specialist = getattr(world, side).specialist
        paper = services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=specialist,
            upload=SimpleUploadedFile(draft, PDF, content_type="application/pdf"),
        )
        printed = services.dossier_draft_result(
            dossier_id=dossier.pk, actor=specialist, outcome=outcome, body="Cấp giấy chứng nhận."
        )
        services.dossier_submit_for_approval(
            dossier_id=dossier.pk, actor=specialist, note=note, file_ids=[paper.pk, printed.pk]
        )
    return reload(dossier), printed


def codes(response):
    return [row["dossier"].code for row in response.context["rows"]]


# ---- The queue ----------------------------------------------------------------------------------


def test_the_queue_lists_the_agencys_dossiers_waiting_oldest_first_with_note_files_and_flags(
    client, world
):
    newer, _ = pending(world, at("2026-03-10 09:00"), note="Đề nghị cấp.", draft="moi.pdf")
    older, _ = pending(world, at("2026-03-09 08:00"), note="Hồ sơ hợp lệ.", draft="cu.pdf")
    pending(world, at("2026-03-09 08:30"), side="away")  # another commune's leader signs it
    with time_machine.travel(at("2026-03-09 08:00"), tick=False):
        dossier_in(world, State.IN_PROGRESS)  # not submitted yet

    client.force_login(world.home.leader)
    with time_machine.travel(at("2026-03-12 16:00"), tick=False):
        response = client.get(QUEUE)

    assert response.status_code == 200
    assert codes(response) == [older.code, newer.code]
    first = response.context["rows"][0]
    assert first["submission"].reason == "Hồ sơ hợp lệ."
    assert [f.original_name for f in first["files"]] == [
        "cu.pdf",
        f"du-thao-ket-qua-{older.code}.pdf",
    ]
    # Received Monday 08:00, due Thursday 17:00: due today; the leader's half-day step is late.
    assert [key for key, _ in first["flags"]] == ["due_today", "step_late"]
    html = response.content.decode()
    assert "Hồ sơ hợp lệ." in html and "cu.pdf" in html and "Đến hạn hôm nay" in html

    with time_machine.travel(at("2026-03-13 09:00"), tick=False):
        late = client.get(QUEUE)
    assert [key for key, _ in late.context["rows"][0]["flags"]] == ["late", "step_late"]


def test_the_queue_runs_a_fixed_number_of_queries(client, world):
    pending(world, at("2026-03-09 09:00"))
    client.force_login(world.home.leader)
    client.get(QUEUE)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    pending(world, at("2026-03-09 10:00"))
    pending(world, at("2026-03-09 11:00"))
    with CaptureQueriesContext(connection) as three:
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == 3
    assert len(three) == len(one)


def test_an_empty_queue_says_so(client, world):
    client.force_login(world.home.leader)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert "Không có hồ sơ nào chờ phê duyệt." in response.content.decode()


# ---- Approve, deny, send back ------------------------------------------------------------------


def test_the_leader_approves_and_sees_the_result_number_and_code(client, world):
    dossier, draft = pending(world, at("2026-03-09 09:00"))
    client.force_login(world.home.leader)
    page = client.get(page_of(dossier))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đủ điều kiện cấp giấy." in html and "du-thao.pdf" in html
    assert set(page.context["forms"]) == {"approve", "deny", "send_back"}

    response = client.post(
        act(dossier, "phe-duyet"),
        {"approve-summary": "Cấp giấy chứng nhận.", "approve-result_file": str(draft.pk)},
        follow=True,
    )

    assert response.status_code == 200
    result = DossierResult.objects.get(dossier=dossier)
    assert (result.number, result.code) == (1, f"{dossier.code}-KQ1")
    assert result.outcome == Outcome.APPROVED
    assert result.draft_id == draft.pk and result.file_id is None  # signed after the commit
    assert result.issued_by == world.home.leader
    assert reload(dossier).state == State.RESOLVED
    html = response.content.decode()
    assert f"Kết quả số 1, mã {dossier.code}-KQ1" in html
    assert f'data-testid="result-code">{dossier.code}-KQ1<' in html
    assert response.context["forms"] == {}


def test_approval_without_a_file_is_allowed(client, world):
    dossier, _draft = pending(world, at("2026-03-09 09:00"))
    client.force_login(world.home.leader)
    response = client.post(act(dossier, "phe-duyet"), {"approve-result_file": ""})
    assert response.status_code == 302
    assert DossierResult.objects.get(dossier=dossier).file_id is None


def test_denial_needs_a_reason(client, world):
    dossier, draft = pending(world, at("2026-03-09 09:00"), outcome="denied")
    client.force_login(world.home.leader)

    refused = client.post(act(dossier, "tu-choi"), {"deny-reason": "   "})
    assert refused.status_code == 400
    assert refused.context["failed"] == "deny"
    assert "deny-reason_error" in refused.content.decode()
    assert reload(dossier).state == State.PENDING_APPROVAL

    response = client.post(
        act(dossier, "tu-choi"),
        {"deny-reason": "Ngành nghề kinh doanh bị cấm.", "deny-result_file": str(draft.pk)},
    )
    assert response.status_code == 302
    result = DossierResult.objects.get(dossier=dossier)
    assert result.outcome == Outcome.DENIED
    assert result.summary == "Ngành nghề kinh doanh bị cấm."
    assert result.code == f"{dossier.code}-KQ1"


def test_sending_back_needs_a_reason_and_returns_the_dossier_to_processing(client, world):
    dossier, _draft = pending(world, at("2026-03-09 09:00"))
    client.force_login(world.home.leader)
    assert client.post(act(dossier, "tra-lai"), {"send_back-reason": ""}).status_code == 400
    response = client.post(act(dossier, "tra-lai"), {"send_back-reason": "Thẩm tra lại."})
    assert response.status_code == 302
    assert reload(dossier).state == State.IN_PROGRESS
    assert client.get(QUEUE).context["rows"] == []


def test_a_file_that_is_not_a_draft_result_cannot_be_chosen(client, world):
    dossier, _draft = pending(world, at("2026-03-09 09:00"))
    application = dossier.files.filter(kind=FileKind.APPLICATION).first()
    client.force_login(world.home.leader)
    response = client.post(act(dossier, "phe-duyet"), {"approve-result_file": str(application.pk)})
    assert response.status_code == 400
    assert reload(dossier).state == State.PENDING_APPROVAL


def test_a_second_decision_on_a_resolved_dossier_is_a_conflict(client, world):
    dossier, _draft = pending(world, at("2026-03-09 09:00"))
    fire(Action.APPROVE, dossier, world.home.leader)  # another leader, a moment earlier
    client.force_login(world.home.leader)
    response = client.post(act(dossier, "tu-choi"), {"deny-reason": "Lý do."})
    assert response.status_code == 409
    assert DossierResult.objects.filter(dossier=dossier).count() == 1
    assert "Kết quả giải quyết" in response.content.decode()


def test_unknown_decisions_are_not_found(client, world):
    dossier, _draft = pending(world, at("2026-03-09 09:00"))
    client.force_login(world.home.leader)
    assert client.post(act(dossier, "xoa"), {}).status_code == 404


# ---- Who ----------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    dossier, draft = pending(world, at("2026-03-09 09:00"))
    file_url = reverse("workspaces:approval_file", args=[dossier.pk, draft.pk])
    for url in (QUEUE, page_of(dossier), file_url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("citizens:login"))
    assert client.post(act(dossier, "phe-duyet"), {}).status_code == 302
    assert reload(dossier).state == State.PENDING_APPROVAL


@pytest.mark.parametrize("who", ["citizen", "desk", "specialist", "head"])
def test_everyone_but_leaders_gets_403(client, world, who):
    dossier, draft = pending(world, at("2026-03-09 09:00"))
    user = world.citizen if who == "citizen" else getattr(world.home, who)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 403
    assert client.get(page_of(dossier)).status_code == 403
    file_url = reverse("workspaces:approval_file", args=[dossier.pk, draft.pk])
    assert client.get(file_url).status_code == 403
    response = client.post(act(dossier, "phe-duyet"), {"approve-result_file": str(draft.pk)})
    assert response.status_code == 403
    assert reload(dossier).state == State.PENDING_APPROVAL


def test_a_leader_of_another_agency_gets_404(client, world):
    dossier, draft = pending(world, at("2026-03-09 09:00"))
    client.force_login(world.away.leader)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert queue.context["rows"] == []
    assert dossier.code not in queue.content.decode()
    assert client.get(page_of(dossier)).status_code == 404
    file_url = reverse("workspaces:approval_file", args=[dossier.pk, draft.pk])
    assert client.get(file_url).status_code == 404
    for slug, data in (
        ("phe-duyet", {}),
        ("tu-choi", {"deny-reason": "Không."}),
        ("tra-lai", {"send_back-reason": "Không."}),
    ):
        assert client.post(act(dossier, slug), data).status_code == 404
    assert reload(dossier).state == State.PENDING_APPROVAL


def test_the_leader_downloads_the_draft(client, world):
    dossier, _printed = pending(world, at("2026-03-09 09:00"))
    draft = dossier.files.get(original_name="du-thao.pdf")
    client.force_login(world.home.leader)
    response = client.get(reverse("workspaces:approval_file", args=[dossier.pk, draft.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"


# ---- Reading files in the browser ---------------------------------------------------------------


def test_the_leader_reads_the_draft_in_the_browser_and_may_still_download_it(client, world):
    dossier, _printed = pending(world, at("2026-03-09 09:00"))
    draft = dossier.files.get(original_name="du-thao.pdf")
    client.force_login(world.home.leader)
    url = reverse("workspaces:approval_file", args=[dossier.pk, draft.pk])

    shown = client.get(url, {"xem": "1"})
    saved = client.get(url)

    assert shown.status_code == 200 and b"".join(shown.streaming_content) == PDF
    assert shown["Content-Type"] == "application/pdf"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert shown["X-Frame-Options"] == "SAMEORIGIN"
    assert shown["Cross-Origin-Resource-Policy"] == "same-origin"
    # Chromium refuses its PDF viewer in a sandbox: PDFs go without one.
    assert "sandbox" not in shown.get("Content-Security-Policy", "")
    assert saved["Content-Disposition"].startswith("attachment")


def test_an_image_is_shown_sandboxed_and_other_types_always_download(client, world):
    dossier, _draft = pending(world, at("2026-03-09 09:00"))
    # The upload checks read the bytes; the types are set on a stored file for the headers.
    stored = DossierFile.objects.filter(dossier=dossier).first()
    DossierFile.objects.filter(pk=stored.pk).update(content_type="image/png")
    client.force_login(world.home.leader)
    url = reverse("workspaces:approval_file", args=[dossier.pk, stored.pk])
    shown = client.get(url, {"xem": "1"})
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["Content-Security-Policy"].startswith("sandbox; default-src 'none'")

    DossierFile.objects.filter(pk=stored.pk).update(
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert client.get(url, {"xem": "1"})["Content-Disposition"].startswith("attachment")


def test_the_approval_page_shows_the_applicants_papers_to_read_and_download(client, world):
    dossier, draft = pending(world, at("2026-03-09 09:00"))
    application = dossier.files.get(kind=FileKind.APPLICATION)
    client.force_login(world.home.leader)

    page = client.get(page_of(dossier))

    html = page.content.decode()
    url = reverse("workspaces:approval_file", args=[dossier.pk, application.pk])
    assert f'href="{url}?xem=1" target="_blank" rel="noopener"' in html
    assert f'href="{url}" download' in html
    assert world.required.name in html
    draft_url = reverse("workspaces:approval_file", args=[dossier.pk, draft.pk])
    assert f'href="{draft_url}?xem=1"' in html
