""" "My dossiers": the applicant's list and dossier page, answering a completion or supplement
request, asking to withdraw, and rating the service once the result is returned.

Every dossier is brought to its state through the services (tests/dossiers/helpers.py); the
pages are driven through the test client as the applicant would, without JavaScript.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from citizens.documents import document_add
from dossiers import services
from dossiers.models import DossierEvent, DossierFile, DossierRating, DossierResult, FileKind
from dossiers.services import dossier_attach_stored
from dossiers.signing.issue import issue_pending
from dossiers.states import Action, State
from procedures.calendar import LOCAL_TZ
from tests.dossiers.conftest import PDF, pdf
from tests.dossiers.helpers import (
    MONDAY,
    dossier_in,
    empty_draft,
    events,
    fire,
    reload,
    submitted,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_monday")]

RATING = {
    "overall": "satisfied",
    "processing_time": "satisfied",
    "contacts": "satisfied",
    "information": "not_satisfied",
    "attitude": "satisfied",
    "guidance": "satisfied",
    "comment": "Cán bộ hướng dẫn tận tình.",
}


@pytest.fixture
def later(time_machine):
    """Move the clock on by some minutes: an upload comes after the request it answers."""

    def move(minutes=10):
        time_machine.shift(datetime.timedelta(minutes=minutes))

    return move


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    """The page's visible words, whitespace collapsed (tags dropped)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def local(moment) -> str:
    return f"{timezone.localtime(moment, LOCAL_TZ):%d/%m/%Y %H:%M}"


def url(name, dossier, *args):
    return reverse(f"dossiers:{name}", args=[dossier.pk, *args])


# ---- The list ------------------------------------------------------------------------------


def test_the_list_shows_my_dossiers_newest_first_with_state_due_date_and_drafts(world, later):
    first = dossier_in(world, State.IN_PROGRESS)
    later()
    asked = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    later()
    draft = empty_draft(world)
    someone_elses = submitted(world, applicant=world.other_citizen)

    response = client_for(world.citizen).get(reverse("dossiers:mine"))

    assert response.status_code == 200
    page = text(response)
    # newest first: the draft, then the supplement request, then the first one
    assert page.index("Hồ sơ chưa nộp") < page.index(asked.code) < page.index(first.code)
    assert "Chưa nộp" in page
    assert "Chờ bổ sung hồ sơ" in page and "Đang xử lý" in page
    assert f"Hạn trả kết quả {local(first.due_at)}" in page
    assert someone_elses.code not in page
    assert f'href="{url("mine_answer", asked)}"' in response.content.decode()
    # the draft is continued on the apply pages' draft page (when that page is wired)
    assert url("mine_detail", draft) not in response.content.decode()
    try:
        draft_page = reverse("dossiers:draft", args=[draft.pk])
    except NoReverseMatch:
        draft_page = None
    if draft_page:
        assert f'href="{draft_page}"' in response.content.decode()
    assert "Quá hạn" not in page


def test_an_overdue_dossier_is_flagged(world, time_machine):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(reload(dossier).due_at + datetime.timedelta(days=2), tick=False)

    page = text(client_for(world.citizen).get(reverse("dossiers:mine")))

    assert "Quá hạn" in page


def test_the_list_filters_by_state_group(world, later):
    working = dossier_in(world, State.IN_PROGRESS)
    later()
    asked = dossier_in(world, State.COMPLETION_REQUESTED)
    later()
    finished = dossier_in(world, State.RETURNED)
    client = client_for(world.citizen)

    def codes(group):
        page = text(client.get(reverse("dossiers:mine"), {"nhom": group}))
        return {d.code for d in (working, asked, finished) if d.code in page}

    assert codes("dang-giai-quyet") == {working.code}
    assert codes("can-bo-sung") == {asked.code}
    assert codes("da-ket-thuc") == {finished.code}
    assert codes("khong-co") == {working.code, asked.code, finished.code}
    page = text(client.get(reverse("dossiers:mine")))
    assert "Tất cả (3)" in page and "Cần tôi thực hiện (1)" in page


def test_the_list_is_paginated_with_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = client_for(world.citizen)
    empty_draft(world)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("dossiers:mine"))
    for _ in range(24):
        empty_draft(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("dossiers:mine"))
    assert text(response).count("Hồ sơ chưa nộp") == 20
    second = client.get(reverse("dossiers:mine"), {"trang": 2})
    assert text(second).count("Hồ sơ chưa nộp") == 5


# ---- One dossier ---------------------------------------------------------------------------------


def test_the_dossier_page_shows_facts_in_local_time_and_a_plain_timeline(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    response = client_for(world.citizen).get(url("mine_detail", dossier))

    assert response.status_code == 200
    page = text(response)
    assert dossier.code in page
    assert world.version.name in page
    assert "Ủy ban nhân dân phường Ninh Kiều" in page  # competent agency
    assert "Trung tâm Phục vụ hành chính công phường Ninh Kiều" in page  # receiving unit
    assert f"Ngày hẹn trả kết quả {local(dossier.due_at)}" in page
    assert f"Thời điểm tiếp nhận chính thức {local(dossier.official_reception_at)}" in page
    utc = f"{dossier.due_at.astimezone(datetime.UTC):%d/%m/%Y %H:%M}"
    assert utc != local(dossier.due_at) and utc not in page
    assert "Nhận kết quả Trực tiếp tại Bộ phận Một cửa" in page
    # the timeline, oldest first, in plain words
    steps = [
        "Hồ sơ đã được nộp",
        "Hồ sơ đã được tiếp nhận",
        "Hồ sơ được chuyển đến đơn vị xử lý",
    ]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Thực hiện: bạn" in page
    # who holds it now, and until when
    assert "Người xử lý Chuyên viên xử lý – Ủy ban nhân dân phường Ninh Kiều" in page
    assert "bước: Thẩm định" in page
    assert f"Hạn của bước này {local(dossier.step_due_at)}" in page
    # the applicant may still withdraw it
    assert url("mine_withdraw", dossier) in response.content.decode()


def test_a_supplement_request_shows_the_missing_papers_the_reason_and_the_pause(world):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)

    page = text(client_for(world.citizen).get(url("mine_detail", dossier)))

    assert "Cơ quan đề nghị bổ sung hồ sơ" in page
    assert "Lý do: Cần bản sao hợp đồng thuê nhà." in page
    assert "Hợp đồng thuê địa điểm kinh doanh" in page
    assert "Người xử lý Bạn (người nộp hồ sơ)" in page
    assert "Đang tạm dừng tính thời hạn" in page
    assert f"Chờ bổ sung hồ sơ: từ {local(MONDAY)} đến nay (chờ bạn)" in page


def test_files_are_listed_with_the_reused_mark_and_downloaded_through_the_page(world):
    world.optional.from_document_store = True
    world.optional.save(update_fields=["from_document_store"])
    draft = dossier_in(world, State.DRAFT)
    stored = document_add(owner=world.citizen, upload=pdf("uy-quyen.pdf"), title="Ủy quyền")
    reused = dossier_attach_stored(
        dossier_id=draft.pk,
        actor=world.citizen,
        component_id=world.optional.pk,
        document_id=stored.pk,
    )
    services.dossier_submit(dossier_id=draft.pk, actor=world.citizen)
    client = client_for(world.citizen)

    response = client.get(url("mine_detail", draft))

    page = text(response)
    assert "uy-quyen.pdf" in page and "Lấy từ kho dữ liệu cá nhân" in page
    download = client.get(url("mine_file", draft, reused.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "uy-quyen.pdf" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


def test_results_are_shown_with_their_codes_and_the_agencys_working_papers_are_not(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    working = services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=world.home.specialist,
        upload=pdf("to-trinh-noi-bo.pdf"),
    )
    printed = services.dossier_draft_result(
        dossier_id=dossier.pk, actor=world.home.specialist, outcome="approved", body="Cấp giấy."
    )
    fire(Action.SUBMIT_FOR_APPROVAL, dossier, world.home.specialist, file_ids=[printed.pk])
    fire(Action.APPROVE, dossier, world.home.leader, result_file_id=printed.pk)
    issue_pending(dossier.pk)
    signed = DossierResult.objects.get(dossier=dossier).file
    fire(Action.RETURN, dossier, world.home.desk)
    client = client_for(world.citizen)

    response = client.get(url("mine_detail", dossier))

    page = text(response)
    assert f"{dossier.code}-KQ1 – Chấp thuận" in page
    assert f"Mã kết quả: {dossier.code}-KQ1" in page  # in the timeline too
    assert "Hồ sơ đã có kết quả giải quyết" in page and "Đã trả kết quả" in page
    assert "to-trinh-noi-bo.pdf" not in page
    assert client.get(url("mine_file", dossier, signed.pk)).status_code == 200
    assert client.get(url("mine_file", dossier, working.pk)).status_code == 404
    assert client.get(url("mine_file", dossier, printed.pk)).status_code == 404  # the draft


def test_the_slips_template_is_included(world):
    dossier = dossier_in(world, State.RECEIVED)
    response = client_for(world.citizen).get(url("mine_detail", dossier))
    assert "dossiers/_slips.html" in [t.name for t in response.templates]


# ---- Answering a completion request (Mẫu 02) -------------------------------------------------


def upload(client, dossier, component, content=PDF, name="bo-sung.pdf"):
    return client.post(
        url("mine_answer", dossier),
        {
            "op": "attach",
            "attach-component": component.pk,
            "attach-file": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )


def test_a_completion_request_is_answered_by_resubmitting_with_the_same_code(world, later):
    dossier = dossier_in(world, State.COMPLETION_REQUESTED)
    earlier = set(dossier.files.values_list("pk", flat=True))
    client = client_for(world.citizen)
    later()

    form = client.get(url("mine_answer", dossier))
    assert form.status_code == 200
    page = text(form)
    assert "Giấy đề nghị chưa có chữ ký." in page
    assert "Giấy đề nghị đăng ký (có chữ ký)" in page
    assert "Gửi lại hồ sơ đã hoàn thiện" in page

    assert upload(client, dossier, world.required).status_code == 302
    answer = client.get(url("mine_answer", dossier))
    assert "Mới tải lên, sẽ gửi kèm:" in text(answer) and "bo-sung.pdf" in text(answer)
    sent = client.post(url("mine_answer", dossier), {"op": "send"})

    assert sent.status_code == 302 and sent["Location"] == url("mine_detail", dossier)
    dossier = reload(dossier)
    assert dossier.state == State.SUBMITTED
    assert dossier.code == form.context["dossier"].code  # the code does not change
    files = set(dossier.files.values_list("pk", flat=True))
    assert earlier < files and len(files) == len(earlier) + 1
    assert [e.action for e in events(dossier)][-2:] == [
        Action.REQUEST_COMPLETION,
        Action.SUBMIT,
    ]
    page = text(client.get(url("mine_detail", dossier)))
    assert f"Mã hồ sơ vẫn là {dossier.code}" in page
    assert page.count("Hồ sơ đã được nộp") == 2  # the history is kept


def test_sending_without_a_new_paper_is_refused_and_nothing_changes(world, later):
    dossier = dossier_in(world, State.COMPLETION_REQUESTED)
    later()

    response = client_for(world.citizen).post(url("mine_answer", dossier), {"op": "send"})

    assert response.status_code == 400
    assert "Chưa có giấy tờ nào được tải lên" in text(response)
    assert reload(dossier).state == State.COMPLETION_REQUESTED


def test_a_bad_file_is_refused_with_a_message_and_what_was_added_stays(world, later):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    client = client_for(world.citizen)
    later()
    upload(client, dossier, world.required)

    response = upload(client, dossier, world.optional, content=b"MZ not a pdf", name="x.pdf")

    assert response.status_code == 400
    assert "Định dạng tệp không được chấp nhận" in text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert "bo-sung.pdf" in text(response)  # the earlier upload is still there
    assert dossier.files.filter(kind=FileKind.SUPPLEMENT).count() == 1


def test_a_just_added_file_can_be_taken_back_but_a_sent_one_cannot(world, later):
    dossier = dossier_in(world, State.COMPLETION_REQUESTED)
    sent_before = dossier.files.get()
    client = client_for(world.citizen)
    later()
    upload(client, dossier, world.required)
    added = dossier.files.exclude(pk=sent_before.pk).get()

    removed = client.post(url("mine_answer", dossier), {"op": "remove", "file_id": added.pk})
    refused = client.post(url("mine_answer", dossier), {"op": "remove", "file_id": sent_before.pk})

    assert removed.status_code == 302
    assert not DossierFile.objects.filter(pk=added.pk).exists()
    assert refused.status_code == 409
    assert "Tệp đã gửi cùng hồ sơ: không gỡ được." in text(refused)
    assert DossierFile.objects.filter(pk=sent_before.pk).exists()


# ---- Answering a supplement request --------------------------------------------------------


def test_a_supplement_answer_sends_the_new_papers_and_resumes_the_clock(world, later):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    client = client_for(world.citizen)
    later(60)
    upload(client, dossier, world.optional, name="hop-dong-thue.pdf")
    added = dossier.files.get(kind=FileKind.SUPPLEMENT)

    sent = client.post(
        url("mine_answer", dossier), {"op": "send", "answer-note": "Đã bổ sung hợp đồng thuê."}
    )

    assert sent.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert dossier.due_at is not None and dossier.pauses[-1][1] is not None
    event = events(dossier)[-1]
    assert event.action == Action.SUPPLEMENT and event.reason == "Đã bổ sung hợp đồng thuê."
    assert list(event.files.all()) == [added]
    page = text(client.get(url("mine_detail", dossier)))
    assert "Hồ sơ đã được bổ sung" in page
    assert "Tiếp tục tính thời hạn." in page
    assert "Kèm 1 tệp: hop-dong-thue.pdf" in page
    assert f"Ngày hẹn trả kết quả {local(dossier.due_at)}" in page
    # answered: the page no longer offers to answer
    assert client.get(url("mine_answer", dossier)).status_code == 302
    late = client.post(url("mine_answer", dossier), {"op": "send"})
    assert late.status_code == 409


# ---- Withdrawal -----------------------------------------------------------------------------


def test_withdrawal_is_asked_after_a_confirmation_and_the_stop_is_shown(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client = client_for(world.citizen)

    confirm = client.get(url("mine_withdraw", dossier))
    assert confirm.status_code == 200
    assert "Xác nhận rút hồ sơ" in text(confirm)
    assert reload(dossier).state == State.IN_PROGRESS  # a GET changes nothing

    asked = client.post(url("mine_withdraw", dossier), {"reason": "Không còn nhu cầu."})

    assert asked.status_code == 302
    assert reload(dossier).state == State.WITHDRAWAL_REQUESTED
    event = events(dossier)[-1]
    assert event.action == Action.REQUEST_WITHDRAWAL and event.reason == "Không còn nhu cầu."
    page = text(client.get(url("mine_detail", dossier)))
    assert "Bạn đã xin rút hồ sơ lúc" in page and "Người nộp xin rút hồ sơ" in page

    services.dossier_stop(
        dossier_id=dossier.pk, actor=world.home.desk, reason="Theo đề nghị của người nộp."
    )
    stopped = client.get(url("mine_detail", dossier))
    page = text(stopped)
    assert "Hồ sơ đã dừng xử lý Dừng xử lý lúc" in page
    assert "Lý do: Theo đề nghị của người nộp." in page
    assert url("mine_withdraw", dossier) not in stopped.content.decode()


def test_a_finished_dossier_cannot_be_withdrawn(world):
    dossier = dossier_in(world, State.RETURNED)
    client = client_for(world.citizen)

    assert client.get(url("mine_withdraw", dossier)).status_code == 302
    refused = client.post(url("mine_withdraw", dossier), {"reason": ""})

    assert refused.status_code == 409
    assert "chỉ được xem" in text(refused)
    assert reload(dossier).state == State.RETURNED


# ---- Rating ---------------------------------------------------------------------------------


def test_a_returned_dossier_is_rated_once(world):
    dossier = dossier_in(world, State.RETURNED)
    client = client_for(world.citizen)
    assert url("mine_rate", dossier) in client.get(url("mine_detail", dossier)).content.decode()
    assert client.get(url("mine_rate", dossier)).status_code == 200

    rated = client.post(url("mine_rate", dossier), RATING)

    assert rated.status_code == 302
    rating = DossierRating.objects.get(dossier_id=dossier.pk)
    assert rating.overall == "satisfied" and rating.information == "not_satisfied"
    assert rating.comment == "Cán bộ hướng dẫn tận tình."
    page = text(client.get(url("mine_detail", dossier)))
    assert "Đánh giá chung Hài lòng" in page
    assert "Tính chính xác, đầy đủ của thông tin thủ tục được công khai Không hài lòng" in page
    assert url("mine_rate", dossier) not in client.get(url("mine_detail", dossier)).content.decode()

    again = client.post(url("mine_rate", dossier), {**RATING, "overall": "not_satisfied"})

    assert again.status_code == 409
    assert "mỗi hồ sơ chỉ đánh giá một lần" in text(again)
    assert DossierRating.objects.filter(dossier_id=dossier.pk).count() == 1
    assert DossierRating.objects.get(dossier_id=dossier.pk).overall == "satisfied"


def test_an_incomplete_rating_is_refused_and_keeps_the_answers(world):
    dossier = dossier_in(world, State.RETURNED)
    partial = {k: v for k, v in RATING.items() if k != "attitude"}

    response = client_for(world.citizen).post(url("mine_rate", dossier), partial)

    assert response.status_code == 400
    # Each criterion is asked in words that fit it, and its error names its own answers.
    assert "Chọn “Lịch sự, tận tình” hoặc “Chưa đúng mực”." in text(response)
    assert "Thái độ của cán bộ, công chức khi tiếp nhận, giải quyết hồ sơ thế nào?" in text(
        response
    )
    assert "Cán bộ hướng dẫn tận tình." in response.content.decode()
    assert not DossierRating.objects.exists()


def test_a_dossier_not_yet_returned_cannot_be_rated(world):
    dossier = dossier_in(world, State.RESOLVED)
    client = client_for(world.citizen)

    assert client.get(url("mine_rate", dossier)).status_code == 302
    refused = client.post(url("mine_rate", dossier), RATING)

    assert refused.status_code == 409
    assert "Chỉ đánh giá được sau khi đã nhận kết quả" in text(refused)
    assert not DossierEvent.objects.filter(dossier_id=dossier.pk, action="rate").exists()
    assert not DossierRating.objects.exists()


def test_a_draft_page_says_it_is_not_sent_and_points_to_the_draft(world):
    draft = empty_draft(world)

    response = client_for(world.citizen).get(url("mine_detail", draft))

    assert response.status_code == 200
    page = text(response)
    assert "Hồ sơ chưa nộp" in page and "Chưa nộp" in page
    assert "Hồ sơ này chưa được gửi đến cơ quan giải quyết." in page
    assert "Giấy tiếp nhận và các phiếu" not in page
    try:
        draft_page = reverse("dossiers:draft", args=[draft.pk])
    except NoReverseMatch:
        draft_page = None
    if draft_page:
        assert f'href="{draft_page}"' in response.content.decode()
