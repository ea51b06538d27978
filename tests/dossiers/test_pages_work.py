"""The processing workspace (/ban-lam-viec/xu-ly/): the two lists, their order, flags, search and
query count; every action of the appraisal page with its effect, and the services' refusals
shown in the form with the input kept."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers import services
from dossiers.models import DossierEvent, FileKind
from dossiers.services.sweep import deadlines_sweep
from dossiers.states import Action, State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import MONDAY, at, dossier_in, events, reload, submitted
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("workspaces:work")
FRIDAY = at("2026-03-06 09:00")
TUESDAY = at("2026-03-10 10:00")
WEDNESDAY = at("2026-03-11 10:00")
THURSDAY = at("2026-03-12 10:00")


def page_of(dossier):
    return reverse("workspaces:work_dossier", args=[dossier.pk])


def act(dossier, slug):
    return reverse("workspaces:work_act", args=[dossier.pk, slug])


def codes(response):
    return [row["dossier"].code for row in response.context["rows"]]


@pytest.fixture
def second_specialist(world):
    """The unit's second specialist (the world's colleague), with a name."""
    colleague = world.home.colleague
    colleague.full_name = "Lê Thị Hai"
    colleague.save(update_fields=["full_name"])
    return colleague


def working(world, moment, *, assignee="specialist", side="home", **fields):
    """A dossier received and handed over at `moment`, to `assignee` (None: to the unit)."""
    with time_machine.travel(moment, tick=False):
        dossier = submitted(world, agency={"home": "H92.31", "away": "H92.32"}[side], **fields)
        cast = getattr(world, side)
        services.dossier_receive(
            dossier_id=dossier.pk,
            actor=cast.desk,
            checklist={str(world.required.pk): True},
        )
        person = getattr(cast, assignee) if isinstance(assignee, str) else assignee
        services.dossier_transfer(
            dossier_id=dossier.pk, actor=cast.desk, assignee_id=person.pk if person else None
        )
    return reload(dossier)


# ---- The lists --------------------------------------------------------------------------------


def test_my_list_holds_my_dossiers_nearest_due_first(client, world, second_specialist):
    later = working(world, MONDAY, applicant_name="Phạm Văn Sau")
    sooner = working(world, FRIDAY, applicant_name="Trần Văn Trước")
    paused = working(world, FRIDAY, applicant_name="Võ Thị Chờ")
    with time_machine.travel(MONDAY, tick=False):
        services.dossier_request_supplement(
            dossier_id=paused.pk,
            actor=world.home.specialist,
            reason="Thiếu hợp đồng.",
            missing=["Hợp đồng thuê nhà"],
        )
    working(world, FRIDAY, assignee=second_specialist)  # someone else's
    working(world, FRIDAY, assignee=None)  # the unit's, unassigned
    working(world, FRIDAY, side="away")  # another commune's

    client.force_login(world.home.specialist)
    with time_machine.travel(TUESDAY, tick=False):
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["tab"] == "cua-toi"  # a specialist's first list
    assert codes(response) == [sooner.code, later.code, paused.code]
    flags = {row["dossier"].code: [f.key for f in row["flags"]] for row in response.context["rows"]}
    assert flags[paused.code] == ["paused"]
    counts = {t["key"]: t["count"] for t in response.context["tabs"]}
    assert counts == {"cua-toi": 3, "don-vi": 5}
    html = response.content.decode()
    assert "Trần Văn Trước" in html and "Tạm dừng tính thời hạn" in html
    assert 'name="assign-assignee"' not in html  # a specialist does not assign


def test_the_units_list_puts_the_unassigned_first(client, world, second_specialist):
    assigned = working(world, FRIDAY)
    other = working(world, FRIDAY + datetime.timedelta(minutes=5), assignee=second_specialist)
    unassigned = working(world, MONDAY, assignee=None)
    working(world, FRIDAY, assignee=None, side="away")

    client.force_login(world.home.head)
    with time_machine.travel(TUESDAY, tick=False):
        response = client.get(QUEUE)
    assert response.context["tab"] == "don-vi"  # a head's first list
    assert codes(response) == [unassigned.code, assigned.code, other.code]
    assert response.context["unassigned"] == 1
    rows = response.context["rows"]
    assert all(row["assign"] for row in rows)
    names = [u.username for u in rows[0]["specialists"]]
    assert sorted(names) == sorted(["h9231-specialist", "h9231-specialist-2"])
    html = response.content.decode()
    assert f'id="assign-{unassigned.pk}"' in html
    assert "Chưa phân công" in html


def test_flags_due_soon_step_late_and_late_come_from_the_deadlines(client, world):
    dossier = working(world, MONDAY)
    # Three working days from the next day: Thursday 17:00; the appraisal step's two days:
    # Wednesday 17:00.
    assert dossier.due_at == at("2026-03-12 17:00")
    assert dossier.step_due_at == at("2026-03-11 17:00")
    client.force_login(world.home.specialist)

    def flags(moment):
        with time_machine.travel(moment, tick=False):
            response = client.get(QUEUE)
        return [f.key for f in response.context["rows"][0]["flags"]]

    assert flags(TUESDAY) == []
    assert flags(WEDNESDAY) == ["due_soon"]  # the appointment within one working day
    assert flags(THURSDAY) == ["due_soon", "step_late"]
    assert flags(at("2026-03-13 09:00")) == ["late", "step_late"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("code", ["first"]), ("tran van ba", ["second"]), ("Đăng ký thành lập", ["first", "second"])],
)
def test_the_lists_search_by_code_name_and_procedure(client, world, query, expected):
    found = {
        "first": working(world, FRIDAY, applicant_name="Phạm Thị Một"),
        "second": working(world, MONDAY, applicant_name="Trần Văn Ba"),
    }
    if query == "code":
        query = found["first"].code
    client.force_login(world.home.specialist)
    with time_machine.travel(TUESDAY, tick=False):
        response = client.get(QUEUE, {"q": query})
    assert codes(response) == [found[key].code for key in expected]


def test_the_state_filter(client, world):
    first = working(world, FRIDAY)
    second = working(world, MONDAY)
    with time_machine.travel(MONDAY, tick=False):
        services.dossier_submit_for_approval(dossier_id=second.pk, actor=world.home.specialist)
    client.force_login(world.home.head)
    with time_machine.travel(TUESDAY, tick=False):
        pending = client.get(QUEUE, {"nhom": "don-vi", "trang_thai": "pending_approval"})
        working_now = client.get(QUEUE, {"nhom": "don-vi", "trang_thai": "in_progress"})
    assert codes(pending) == [second.code]
    assert codes(working_now) == [first.code]


def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    working(world, FRIDAY, assignee=None)
    client.force_login(world.home.head)
    with time_machine.travel(TUESDAY, tick=False):
        client.get(QUEUE)  # warm the session
        # 9 (the page's keys, then its rows), and the header's count of unread notifications.
        with django_assert_num_queries(11) as few:
            client.get(QUEUE)
    for minute in range(5):
        working(world, FRIDAY + datetime.timedelta(minutes=minute + 1), assignee=None)
    working(world, MONDAY)
    with time_machine.travel(TUESDAY, tick=False):
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(QUEUE)
    assert len(response.context["rows"]) == 7


def test_the_list_paginates(client, world):
    from workspaces.work import pages

    for minute in range(pages.PAGE_SIZE + 1):
        working(world, FRIDAY + datetime.timedelta(minutes=minute))
    client.force_login(world.home.specialist)
    with time_machine.travel(TUESDAY, tick=False):
        second = client.get(QUEUE, {"trang": 2})
    assert len(second.context["rows"]) == 1
    assert "trang=1" in second.content.decode()


# ---- Claim and assign ---------------------------------------------------------------------------


def test_the_head_assigns_from_the_units_list(client, world):
    dossier = working(world, MONDAY, assignee=None)
    client.force_login(world.home.head)
    here = f"{QUEUE}?nhom=don-vi&trang=1"
    with time_machine.travel(TUESDAY, tick=False):
        response = client.post(
            act(dossier, "phan-cong"),
            {"assign-assignee": str(world.home.specialist.pk), "next": here},
        )
    assert response.status_code == 302 and response["Location"] == here
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert dossier.assignee_id == world.home.specialist.pk
    event = events(dossier)[-1]
    # An assignment inside the unit, its own line: not a second hand-over.
    assert event.action == Action.ASSIGN and event.actor_id == world.home.head.pk
    assert event.data == {"assignee": world.home.specialist.pk}
    followed = client.get(here)
    assert "Đã giao hồ sơ" in followed.content.decode()


def test_the_head_reassigns_and_a_foreign_next_is_ignored(client, world, second_specialist):
    dossier = working(world, MONDAY)
    client.force_login(world.home.head)
    page = client.get(page_of(dossier))
    form = page.context["forms"]["assign"]
    assert form.initial["assignee"] == str(world.home.specialist.pk)
    response = client.post(
        act(dossier, "phan-cong"),
        {"assign-assignee": str(second_specialist.pk), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == page_of(dossier)
    assert reload(dossier).assignee_id == second_specialist.pk


def test_assigning_to_someone_not_a_specialist_of_the_unit_is_refused(client, world):
    dossier = working(world, MONDAY, assignee=None)
    client.force_login(world.home.head)
    response = client.post(
        act(dossier, "phan-cong"), {"assign-assignee": str(world.home.leader.pk)}
    )
    assert response.status_code == 400
    assert "assignee" in response.context["forms"]["assign"].errors
    assert reload(dossier).assignee_id is None


def test_a_specialist_claims_an_unassigned_dossier_but_cannot_assign(client, world):
    dossier = working(world, MONDAY, assignee=None)
    step_due = reload(dossier).step_due_at
    client.force_login(world.home.specialist)
    page = client.get(page_of(dossier))
    assert "claim" in page.context["forms"]
    assert "assign" not in page.context["forms"]
    refused = client.post(
        act(dossier, "phan-cong"), {"assign-assignee": str(world.home.specialist.pk)}
    )
    assert refused.status_code == 403
    assert reload(dossier).assignee_id is None

    response = client.post(act(dossier, "nhan-xu-ly"))

    assert response.status_code == 302
    claimed = reload(dossier)
    assert claimed.assignee_id == world.home.specialist.pk
    assert claimed.step_due_at == step_due  # not a hand-over: the step's budget runs on
    assert claimed.events.order_by("-at", "-id").first().action == Action.CLAIM
    assert "claim" not in client.get(page_of(dossier)).context["forms"]


def test_a_dossier_already_assigned_cannot_be_claimed(client, world):
    dossier = working(world, MONDAY)
    other = UserFactory(full_name="Phạm Thị Hoa")
    MembershipFactory(agency=world.home.committee, role="specialist", user=other)
    client.force_login(other)

    response = client.post(act(dossier, "nhan-xu-ly"))

    assert response.status_code == 409
    assert "Hồ sơ đã được giao cho" in response.content.decode()
    assert reload(dossier).assignee_id == world.home.specialist.pk


def test_a_head_who_is_also_a_specialist_may_take_the_dossier(client, world):
    MembershipFactory(agency=world.home.committee, role="specialist", user=world.home.head)
    dossier = working(world, MONDAY, assignee=None)
    client.force_login(world.home.head)
    page = client.get(page_of(dossier))
    assert page.context["self_assign"] is True
    assert "Nhận xử lý" in page.content.decode()
    client.post(act(dossier, "phan-cong"), {"assign-assignee": str(world.home.head.pk)})
    assert reload(dossier).assignee_id == world.home.head.pk


# ---- The appraisal page -------------------------------------------------------------------------


def test_the_appraisal_page_shows_the_dossier_files_and_timeline(client, world):
    dossier = working(world, MONDAY, applicant_name="Phạm Thị Một")
    client.force_login(world.home.specialist)
    response = client.get(page_of(dossier))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phạm Thị Một" in html and dossier.code in html
    file = dossier.files.get()
    assert reverse("workspaces:work_file", args=[dossier.pk, file.pk]) in html
    assert [e.action for e in response.context["events"]] == [
        Action.SUBMIT,
        Action.RECEIVE,
        Action.TRANSFER,
    ]
    assert response.context["step"].name == "Thẩm định"
    assert set(response.context["forms"]) == {
        "attach",
        "note",
        "draft",
        "supplement",
        "payment",
        "submit",
    }
    download = client.get(reverse("workspaces:work_file", args=[dossier.pk, file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_internal_file_is_attached_as_a_working_paper(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    response = client.post(act(dossier, "tai-lieu"), {"attach-file": pdf("bien-ban-xac-minh.pdf")})
    assert response.status_code == 302
    paper = dossier.files.get(original_name="bien-ban-xac-minh.pdf")
    assert paper.kind == FileKind.ATTACHMENT and paper.uploaded_by == world.home.specialist
    page = client.get(page_of(dossier))
    assert "Đã thêm tài liệu “bien-ban-xac-minh.pdf”" in page.content.decode()
    assert [p["file"].pk for p in page.context["papers"]] == [paper.pk]
    assert page.context["forms"]["submit"].initial["files"] == [str(paper.pk)]


def test_a_file_that_is_not_a_document_is_refused_with_400(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    fake = SimpleUploadedFile("ghi-chu.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(act(dossier, "tai-lieu"), {"attach-file": fake})
    assert response.status_code == 400
    assert response.context["forms"]["attach"].errors["file"]
    assert not dossier.files.filter(kind=FileKind.ATTACHMENT).exists()


def test_requesting_a_supplement_pauses_the_clock_with_every_item(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    with time_machine.travel(TUESDAY, tick=False):
        response = client.post(
            act(dossier, "yeu-cau-bo-sung"),
            {
                "supplement-missing": "Hợp đồng thuê nhà\n\n  Ảnh chân dung 4x6 ",
                "supplement-reason": "Địa điểm kinh doanh chưa rõ.",
            },
        )
    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.pauses[-1][1] is None  # the clock is paused until the applicant answers
    event = events(dossier)[-1]
    assert event.action == Action.REQUEST_SUPPLEMENT
    assert event.reason == "Địa điểm kinh doanh chưa rõ."
    assert event.data["missing"] == ["Hợp đồng thuê nhà", "Ảnh chân dung 4x6"]
    page = client.get(page_of(dossier)).content.decode()
    assert "Đang chờ người nộp bổ sung" in page and "Ảnh chân dung 4x6" in page


def test_a_supplement_request_without_items_keeps_the_input_and_answers_400(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    response = client.post(
        act(dossier, "yeu-cau-bo-sung"),
        {"supplement-missing": "  ", "supplement-reason": "Một lý do còn giữ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cần liệt kê đầy đủ các giấy tờ phải bổ sung." in html
    assert "Một lý do còn giữ" in html
    assert 'aria-describedby="id_supplement-missing_helptext id_supplement-missing_error"' in html
    assert reload(dossier).state == State.IN_PROGRESS


def test_a_second_supplement_request_needs_the_head(client, world):
    dossier = working(world, MONDAY)
    services.dossier_request_supplement(
        dossier_id=dossier.pk, actor=world.home.specialist, reason="Lần 1.", missing=["A"]
    )
    services.dossier_supplement(dossier_id=dossier.pk, actor=world.citizen, note="Đã bổ sung.")
    client.force_login(world.home.specialist)
    data = {"supplement-missing": "B", "supplement-reason": "Lần 2."}
    refused = client.post(act(dossier, "yeu-cau-bo-sung"), data)
    assert refused.status_code == 409
    assert "lần thứ hai cần trưởng phòng duyệt" in refused.content.decode()
    override = client.post(act(dossier, "yeu-cau-bo-sung"), {**data, "supplement-override": "on"})
    assert override.status_code == 403
    client.force_login(world.home.head)
    done = client.post(act(dossier, "yeu-cau-bo-sung"), {**data, "supplement-override": "on"})
    assert done.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.SUPPLEMENT_REQUESTED and dossier.flagged_late


def test_requesting_then_recording_a_payment(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    with time_machine.travel(TUESDAY, tick=False):
        asked = client.post(
            act(dossier, "yeu-cau-nop-phi"),
            {"payment-amount": "100000", "payment-description": "Lệ phí đăng ký"},
        )
    assert asked.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.AWAITING_PAYMENT
    assert events(dossier)[-1].data == {"amount": "100000"}
    page = client.get(page_of(dossier))
    assert page.context["forms"]["paid"].initial["amount"] == "100000"
    assert "Lệ phí đăng ký: 100000 đồng" in page.content.decode()
    missing = client.post(act(dossier, "ghi-nhan-nop-phi"), {"paid-amount": "100000"})
    assert missing.status_code == 400
    with time_machine.travel(WEDNESDAY, tick=False):
        paid = client.post(
            act(dossier, "ghi-nhan-nop-phi"),
            {"paid-receipt_number": "BL-0042", "paid-amount": "100000"},
        )
    assert paid.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert events(dossier)[-1].data == {"receipt_number": "BL-0042", "amount": "100000"}
    # A day of waiting moves the appointment by the office time paused.
    assert dossier.due_at > at("2026-03-12 17:00")


def test_submitting_the_draft_result_then_sent_back_then_resubmitted(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    client.post(act(dossier, "tai-lieu"), {"attach-file": pdf("du-thao-giay-chung-nhan.pdf")})
    draft = dossier.files.get(kind=FileKind.ATTACHMENT)
    response = client.post(
        act(dossier, "trinh-phe-duyet"),
        {"submit-files": [str(draft.pk)], "submit-note": "Đủ điều kiện cấp."},
    )
    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.PENDING_APPROVAL
    submitted_event = events(dossier)[-1]
    assert submitted_event.action == Action.SUBMIT_FOR_APPROVAL
    assert submitted_event.reason == "Đủ điều kiện cấp."
    assert list(submitted_event.files.all()) == [draft]
    # The specialist cannot send it back; the head can, with a reason.
    assert "sendback" not in client.get(page_of(dossier)).context["forms"]
    assert client.post(act(dossier, "tra-lai"), {"sendback-reason": "x"}).status_code == 403
    client.force_login(world.home.head)
    empty = client.post(act(dossier, "tra-lai"), {"sendback-reason": ""})
    assert empty.status_code == 400
    back = client.post(act(dossier, "tra-lai"), {"sendback-reason": "Cần xác minh địa chỉ."})
    assert back.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert events(dossier)[-1].reason == "Cần xác minh địa chỉ."
    client.force_login(world.home.specialist)
    page = client.get(page_of(dossier))
    assert "Cần xác minh địa chỉ." in page.content.decode()
    assert page.context["forms"]["submit"].initial["files"] == []  # the draft was sent already
    again = client.post(
        act(dossier, "trinh-phe-duyet"),
        {"submit-files": [str(draft.pk)], "submit-note": "Đã xác minh."},
    )
    assert again.status_code == 302
    assert reload(dossier).state == State.PENDING_APPROVAL


def test_submitting_a_file_of_another_dossier_is_refused(client, world):
    dossier = working(world, MONDAY)
    other = working(world, MONDAY)
    client.force_login(world.home.specialist)
    client.post(act(other, "tai-lieu"), {"attach-file": pdf("khac.pdf")})
    foreign = other.files.get(kind=FileKind.ATTACHMENT)
    response = client.post(act(dossier, "trinh-phe-duyet"), {"submit-files": [str(foreign.pk)]})
    assert response.status_code == 400  # not a choice of this dossier's form
    assert reload(dossier).state == State.IN_PROGRESS


def test_an_action_another_officer_has_just_taken_answers_409_with_the_input_kept(client, world):
    dossier = working(world, MONDAY)
    services.dossier_submit_for_approval(dossier_id=dossier.pk, actor=world.home.specialist)
    client.force_login(world.home.specialist)
    response = client.post(
        act(dossier, "yeu-cau-nop-phi"),
        {"payment-amount": "50000", "payment-description": "Phí thẩm định riêng"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không thể “Yêu cầu thực hiện nghĩa vụ tài chính”" in html
    assert "Phí thẩm định riêng" in html
    assert reload(dossier).state == State.PENDING_APPROVAL


# ---- The apology with a new date ----------------------------------------------------------------


def test_the_apology_is_proposed_on_the_last_day_and_made_once(client, world):
    dossier = working(world, MONDAY)  # due Thursday 17:00
    client.force_login(world.home.head)
    with time_machine.travel(TUESDAY, tick=False):
        early = client.get(page_of(dossier))
    assert early.context["reschedule_proposed"] is False
    assert "reschedule" in early.context["forms"]
    with time_machine.travel(WEDNESDAY, tick=False):
        page = client.get(page_of(dossier))
        assert page.context["reschedule_proposed"] is True
        assert 'data-testid="reschedule-proposal"' in page.content.decode()
        bad = client.post(
            act(dossier, "hen-lai"),
            {"reschedule-new_date": "2026-03-12", "reschedule-reason": "Cần xác minh."},
        )
        assert bad.status_code == 400
        assert "Ngày hẹn mới phải sau hạn hiện tại." in bad.content.decode()
        assert "Cần xác minh." in bad.content.decode()
        done = client.post(
            act(dossier, "hen-lai"),
            {"reschedule-new_date": "2026-03-18", "reschedule-reason": "Cần xác minh tại chỗ."},
        )
    assert done.status_code == 302
    dossier = reload(dossier)
    assert dossier.rescheduled_to == datetime.date(2026, 3, 18)
    assert dossier.due_at == at("2026-03-18 17:00")
    assert dossier.original_due_at == at("2026-03-12 17:00")
    event = DossierEvent.objects.filter(dossier=dossier, action=Action.RESCHEDULE).get()
    assert event.reason == "Cần xác minh tại chỗ."
    page = client.get(page_of(dossier))
    assert "reschedule" not in page.context["forms"]
    again = client.post(
        act(dossier, "hen-lai"),
        {"reschedule-new_date": "2026-03-25", "reschedule-reason": "Lần nữa."},
    )
    assert again.status_code == 409
    assert "không được hẹn lại lần nữa" in again.content.decode()


def _apology_notices(dossier):
    from notifications.models import Notification

    return Notification.objects.filter(
        template="dossiers/messages/staff_apology_window", key__contains=str(dossier.pk)
    )


def test_no_apology_is_proposed_for_a_dossier_received_minutes_ago(client, world):
    # A one-day procedure: received Monday 09:00, due Tuesday 17:00, so Monday is the last day
    # the apology could be sent; minutes after reception nothing calls for one.
    world.version.channels.filter(kind="online").update(duration_value=1)
    dossier = working(world, MONDAY)
    assert dossier.due_at == at("2026-03-10 17:00")
    client.force_login(world.home.head)
    with time_machine.travel(MONDAY + datetime.timedelta(minutes=10), tick=False):
        page = client.get(page_of(dossier))
        deadlines_sweep()
    assert page.context["reschedule_allowed"] is True  # allowed, if the head wants to
    assert page.context["reschedule_proposed"] is False
    assert 'data-testid="reschedule-proposal"' not in page.content.decode()
    assert not _apology_notices(dossier).exists()


def test_no_apology_is_proposed_while_the_clock_is_paused_or_after_submission(client, world):
    paused = working(world, MONDAY)  # due Thursday 17:00: Wednesday is the last day
    submitted_ = working(world, MONDAY)
    proposed = working(world, MONDAY)
    with time_machine.travel(TUESDAY, tick=False):
        services.dossier_request_supplement(
            dossier_id=paused.pk,
            actor=world.home.specialist,
            reason="Thiếu bản sao.",
            missing=["Bản sao hợp đồng"],
        )
        services.dossier_submit_for_approval(
            dossier_id=submitted_.pk, actor=world.home.specialist, note="Đủ điều kiện."
        )
    client.force_login(world.home.head)
    with time_machine.travel(WEDNESDAY, tick=False):
        deadlines_sweep()
        pages = {d: client.get(page_of(d)) for d in (paused, submitted_, proposed)}
    assert pages[paused].context["reschedule_proposed"] is False
    assert pages[submitted_].context["reschedule_proposed"] is False
    assert pages[proposed].context["reschedule_proposed"] is True  # the test can tell
    assert not _apology_notices(paused).exists()
    assert not _apology_notices(submitted_).exists()
    assert _apology_notices(proposed).exists()


def test_the_apology_is_refused_once_too_late(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.head)
    with time_machine.travel(THURSDAY, tick=False):
        page = client.get(page_of(dossier))
        assert page.context["reschedule_proposed"] is False
        assert page.context["reschedule_allowed"] is False
        late = client.post(
            act(dossier, "hen-lai"),
            {"reschedule-new_date": "2026-03-18", "reschedule-reason": "Chậm."},
        )
    assert late.status_code == 409
    assert "chậm nhất một ngày làm việc trước hạn" in late.content.decode()
    assert reload(dossier).rescheduled_to is None


def test_a_specialist_sees_the_proposal_but_not_the_form(client, world):
    dossier = working(world, MONDAY)
    client.force_login(world.home.specialist)
    with time_machine.travel(WEDNESDAY, tick=False):
        page = client.get(page_of(dossier))
        refused = client.post(
            act(dossier, "hen-lai"),
            {"reschedule-new_date": "2026-03-18", "reschedule-reason": "Chậm."},
        )
    assert page.context["reschedule_proposed"] is True
    assert "reschedule" not in page.context["forms"]
    assert "Hãy báo trưởng phòng hoặc lãnh đạo" in page.content.decode()
    assert refused.status_code == 403


def test_a_dossier_in_another_state_is_listed_nowhere(client, world):
    with time_machine.travel(MONDAY, tick=False):
        received = dossier_in(world, State.RECEIVED)
        resolved = dossier_in(world, State.RESOLVED)
    client.force_login(world.home.head)
    response = client.get(QUEUE, {"nhom": "don-vi"})
    assert received.code not in codes(response) and resolved.code not in codes(response)
