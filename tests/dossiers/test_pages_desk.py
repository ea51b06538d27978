"""The desk workspace (/ban-lam-viec/mot-cua/): the lists, their order, flags and search, and
every desk action through its page, with the service's errors kept in the form."""

import datetime
import uuid
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers import services
from dossiers.models import DossierEvent
from dossiers.states import Action, State
from procedures.models import ChannelKind, DurationUnit
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import at, dossier_in, events, reload, submitted
from tests.factories import ChannelFactory, ComponentFactory, make_procedure
from workspaces.desk import queries as desk
from workspaces.flags import working_day_start

pytestmark = pytest.mark.django_db

QUEUE = reverse("workspaces:desk")
# Friday 6 March 2026 and Monday 9 March 2026, working days with no holiday nearby.
FRIDAY = at("2026-03-06 10:00")
MONDAY_EARLY = at("2026-03-09 08:00")
MONDAY_TEN = at("2026-03-09 10:00")


def page_of(dossier):
    return reverse("workspaces:desk_dossier", args=[dossier.pk])


def act(dossier, slug):
    return reverse("workspaces:desk_act", args=[dossier.pk, slug])


def codes(response):
    return [row["dossier"].code for row in response.context["rows"]]


def send(world, moment, **fields):
    with time_machine.travel(moment, tick=False):
        return submitted(world, **fields)


@pytest.fixture
def khai_tu(world):
    """A second procedure handled by the home commune, for the procedure search."""
    procedure = make_procedure("1.000656", "Đăng ký khai tử")
    version = procedure.current_version
    version.implementing_agencies.set([world.home.committee])
    ComponentFactory(version=version, order=1, name="Tờ khai đăng ký khai tử")
    ChannelFactory(
        version=version,
        kind=ChannelKind.ONLINE,
        duration_value=Decimal("1"),
        duration_unit=DurationUnit.WORKING_DAY,
    )
    return procedure


def send_khai_tu(world, procedure, moment, applicant_name):
    with time_machine.travel(moment, tick=False):
        dossier = services.dossier_create(
            actor=world.other_citizen,
            procedure_code=procedure.code,
            channel="online",
            agency_code="H92.31",
            applicant_name=applicant_name,
        )
        component = dossier.version.components.get()
        services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=world.other_citizen,
            upload=pdf(),
            component_id=component.pk,
        )
        return services.dossier_submit(dossier_id=dossier.pk, actor=world.other_citizen)


# ---- The reception list -------------------------------------------------------------------------


def test_the_reception_list_is_oldest_first_with_late_and_resubmitted_flags(client, world):
    newer = send(world, MONDAY_EARLY, applicant_name="Lê Văn Mới")
    older = send(world, FRIDAY, applicant_name="Phạm Thị Cũ")
    # Sent on Friday, sent back for completion, completed by the applicant on Monday 09:00.
    returned = send(world, FRIDAY + datetime.timedelta(minutes=5), applicant_name="Võ Văn Lại")
    with time_machine.travel(FRIDAY + datetime.timedelta(hours=1), tick=False):
        services.dossier_request_completion(
            dossier_id=returned.pk,
            actor=world.home.desk,
            reason="Thiếu chữ ký.",
            missing=["Giấy đề nghị có chữ ký"],
        )
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        services.dossier_submit(dossier_id=returned.pk, actor=world.citizen)
    # Sent on Saturday: officially received on Monday 07:30, so not late on Monday.
    weekend = send(world, at("2026-03-07 10:00"), applicant_name="Đỗ Thị Cuối Tuần")
    send(world, MONDAY_EARLY, agency="H92.32")  # another commune's: never listed here

    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.get(QUEUE)

    assert response.status_code == 200
    assert codes(response) == [older.code, weekend.code, newer.code, returned.code]
    flags = {row["dossier"].code: [f.key for f in row["flags"]] for row in response.context["rows"]}
    assert flags == {
        older.code: ["late"],
        weekend.code: [],
        newer.code: [],
        returned.code: ["resubmitted"],
    }
    waited = {row["dossier"].code: row["waited"] for row in response.context["rows"]}
    # Friday 10:00 → 17:00 is 5.5 office hours (lunch excluded), Monday 07:30 → 10:00 2.5.
    assert waited[older.code] == "1 ngày"
    assert waited[newer.code] == "2 giờ"
    html = response.content.decode()
    assert "Tồn từ ngày trước" in html and "Nộp lại sau hoàn thiện" in html
    assert "autofocus" in html

    with time_machine.travel(MONDAY_TEN, tick=False):
        urgent = client.get(QUEUE, {"gap": "on"})
    assert codes(urgent) == [older.code, returned.code]


def test_working_day_start_comes_from_the_calendar(world):
    from procedures.calendar import calendar_for

    calendar = calendar_for(92)
    assert working_day_start(MONDAY_TEN, calendar) == at("2026-03-09 07:30")
    # A Saturday's working day starts on Monday morning.
    assert working_day_start(at("2026-03-07 11:00"), calendar) == at("2026-03-09 07:30")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("code", ["first"]),
        ("Phạm Thị Cũ", ["first"]),
        ("pham thi cu", ["first"]),  # without diacritics, as officers type
        ("079123456789", ["second"]),
        ("0791234", ["second"]),
        ("1.000656", ["third"]),
        ("khai tử", ["third"]),
        ("1.001612", ["first", "second"]),
    ],
)
def test_the_lists_search_by_code_name_identity_number_and_procedure(
    client, world, khai_tu, query, expected
):
    found = {
        "first": send(world, FRIDAY, applicant_name="Phạm Thị Cũ"),
        "second": send(
            world,
            MONDAY_EARLY,
            applicant_name="Lê Văn Mới",
            applicant_id_number="079123456789",
        ),
        "third": send_khai_tu(world, khai_tu, MONDAY_EARLY, "Trần Văn Ba"),
    }
    if query == "code":
        query = found["first"].code
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.get(QUEUE, {"q": query})
    assert codes(response) == [found[key].code for key in expected]


def test_the_procedure_filter_lists_the_procedures_present(client, world, khai_tu):
    first = send(world, FRIDAY)
    third = send_khai_tu(world, khai_tu, MONDAY_EARLY, "Trần Văn Ba")
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.get(QUEUE, {"thu_tuc": "1.000656"})
    assert codes(response) == [third.code]
    choices = dict(response.context["search"].fields["thu_tuc"].choices)
    assert set(choices) == {"", "1.001612", "1.000656"}
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.get(QUEUE, {"thu_tuc": "1.001612"})
    assert codes(response) == [first.code]
    # A procedure not in the list is ignored, the rest of the search still applies.
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.get(QUEUE, {"thu_tuc": "9.999999", "q": "Trần Văn Ba"})
    assert codes(response) == [third.code]


def test_the_other_lists_hold_their_states_with_counts(client, world):
    waiting = send(world, FRIDAY)
    with time_machine.travel(MONDAY_EARLY, tick=False):
        received = dossier_in(world, State.RECEIVED)
        resolved = dossier_in(world, State.RESOLVED)
        asked = dossier_in(world, State.COMPLETION_REQUESTED)
    with time_machine.travel(MONDAY_EARLY + datetime.timedelta(minutes=5), tick=False):
        fee = dossier_in(world, State.AWAITING_PAYMENT)
    with time_machine.travel(MONDAY_EARLY + datetime.timedelta(minutes=10), tick=False):
        withdrawn = dossier_in(world, State.WITHDRAWAL_REQUESTED)
        dossier_in(world, State.AWAITING_PAYMENT, side="away")  # another commune's
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        lists = {key: client.get(QUEUE, {"nhom": key}) for key in desk.TABS}
    assert codes(lists["tiep-nhan"]) == [waiting.code]
    assert codes(lists["chuyen-xu-ly"]) == [received.code]
    assert codes(lists["tra-ket-qua"]) == [resolved.code]
    assert codes(lists["cho-bo-sung"]) == [asked.code]
    assert codes(lists["cho-nop-phi-rut"]) == [fee.code, withdrawn.code]  # oldest first
    html = lists["cho-nop-phi-rut"].content.decode()
    assert "Chờ thực hiện nghĩa vụ tài chính" in html and "Xin rút hồ sơ" in html
    tabs = {t["key"]: t["count"] for t in lists["tiep-nhan"].context["tabs"]}
    assert tabs == {
        "tiep-nhan": 1,
        "chuyen-xu-ly": 1,
        "tra-ket-qua": 1,
        "cho-bo-sung": 1,
        "cho-nop-phi-rut": 2,
    }


def test_the_hand_over_list_flags_a_late_hand_over(client, world):
    with time_machine.travel(FRIDAY, tick=False):
        received = dossier_in(world, State.RECEIVED)  # the desk step: half a working day
    # Counted from the next working day: due on Monday 11:30.
    assert reload(received).step_due_at == at("2026-03-09 11:30")
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.get(QUEUE, {"nhom": "chuyen-xu-ly"})
    assert [f.key for f in response.context["rows"][0]["flags"]] == ["due_today"]
    with time_machine.travel(at("2026-03-09 14:00"), tick=False):
        response = client.get(QUEUE, {"nhom": "chuyen-xu-ly"})
    assert [f.key for f in response.context["rows"][0]["flags"]] == ["late"]


def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    client.force_login(world.home.desk)
    send(world, FRIDAY)
    with time_machine.travel(MONDAY_TEN, tick=False):
        client.get(QUEUE)  # warm the session
        # 9 (the page's keys, then its rows), and the header's count of unread notifications.
        with django_assert_num_queries(11) as few:
            client.get(QUEUE)
    for minute in range(6):
        send(world, FRIDAY + datetime.timedelta(minutes=minute + 1))
    with time_machine.travel(MONDAY_TEN, tick=False):
        with django_assert_num_queries(len(few.captured_queries)):
            response = client.get(QUEUE)
    assert len(response.context["rows"]) == 7


def test_the_payment_and_withdrawal_list_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    client.force_login(world.home.desk)
    tab = {"nhom": "cho-nop-phi-rut"}
    dossier_in(world, State.AWAITING_PAYMENT)
    client.get(QUEUE, tab)  # warm the session
    # As the reception list, less the calendar: no flag here needs a working day.
    with django_assert_num_queries(10) as few:
        client.get(QUEUE, tab)
    for _ in range(2):
        dossier_in(world, State.AWAITING_PAYMENT)
        dossier_in(world, State.WITHDRAWAL_REQUESTED)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE, tab)
    assert len(response.context["rows"]) == 5


def test_desk_queue_selector_reads_rows_and_joins_in_one_query(world, django_assert_num_queries):
    for minute in range(3):
        send(world, FRIDAY + datetime.timedelta(minutes=minute))
    user = world.home.desk
    units = desk.desk_units(user)
    with django_assert_num_queries(1):
        rows = list(desk.desk_queue(user, units=units))
        names = [(d.version.name, d.receiving_unit.code, d.procedure.code) for d in rows]
    assert len(names) == 3


def test_the_list_paginates(client, world, settings):
    from workspaces.desk import pages

    for minute in range(pages.PAGE_SIZE + 2):
        send(world, FRIDAY + datetime.timedelta(minutes=minute))
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        second = client.get(QUEUE, {"trang": 2})
    assert len(second.context["rows"]) == 2
    assert "trang=1" in second.content.decode()


# ---- The reception check ---------------------------------------------------------------------


def test_the_dossier_page_shows_the_checklist_with_the_files(client, world):
    dossier = send(world, FRIDAY, applicant_name="Phạm Thị Cũ", applicant_id_number="079123456789")
    client.force_login(world.home.desk)
    response = client.get(page_of(dossier))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phạm Thị Cũ" in html and "079123456789" in html
    rows = response.context["checklist"]
    assert [r["component"].name for r in rows] == ["Giấy đề nghị đăng ký", "Văn bản ủy quyền"]
    assert [len(r["files"]) for r in rows] == [1, 0]
    file = rows[0]["files"][0]
    assert reverse("workspaces:desk_file", args=[dossier.pk, file.pk]) in html
    assert set(response.context["forms"]) == {"receive", "completion", "refuse"}
    download = client.get(reverse("workspaces:desk_file", args=[dossier.pk, file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_receiving_with_the_checklist_receives_and_shows_the_slips(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        response = client.post(
            act(dossier, "tiep-nhan"), {"receive-checklist": [str(world.required.pk)]}
        )
    assert response.status_code == 302 and response["Location"] == page_of(dossier)
    dossier = reload(dossier)
    assert dossier.state == State.RECEIVED and dossier.due_at is not None
    event = events(dossier)[-1]
    assert event.action == Action.RECEIVE
    assert event.data["checklist"] == [str(world.required.pk)]
    page = client.get(page_of(dossier))
    html = page.content.decode()
    assert "Đã tiếp nhận hồ sơ" in html and dossier.code in html
    assert "Phiếu, giấy tờ của hồ sơ" in html  # where dossiers/_slips.html is included
    assert set(page.context["forms"]) == {"transfer"}


def test_after_receiving_the_receipt_to_print_follows_the_message_with_the_focus(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk)
    with time_machine.travel(MONDAY_TEN, tick=False):
        client.post(act(dossier, "tiep-nhan"), {"receive-checklist": [str(world.required.pk)]})
    html = client.get(page_of(dossier)).content.decode()
    receipt = reverse("dossiers:slip", args=[dossier.pk, "receipt"])
    link = html.index('data-testid="receipt-now"')
    assert html.index("Đã tiếp nhận hồ sơ") < link
    assert html.rindex("<a ", 0, link) == html.rindex(f'<a href="{receipt}"', 0, link)
    assert html.index("autofocus") > html.rindex("<a ", 0, link)  # the page's first autofocus
    assert html.index("autofocus") < html.index(">", link)


def test_receiving_without_the_required_component_keeps_the_ticks_and_answers_400(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk)
    response = client.post(
        act(dossier, "tiep-nhan"), {"receive-checklist": [str(world.optional.pk)]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa kiểm tra: Giấy đề nghị đăng ký" in html
    rows = {r["component"].pk: r["checked"] for r in response.context["checklist"]}
    assert rows == {world.required.pk: False, world.optional.pk: True}
    # The completion request comes prefilled with the unchecked required component.
    completion = response.context["forms"]["completion"]
    assert completion.initial["missing_components"] == [str(world.required.pk)]
    assert reload(dossier).state == State.SUBMITTED


def test_requesting_completion_lists_every_missing_item_with_the_reason(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk)
    response = client.post(
        act(dossier, "yeu-cau-hoan-thien"),
        {
            "completion-missing_components": [str(world.required.pk)],
            "completion-missing_other": "Bản sao hợp đồng thuê nhà\n\n  Ảnh chân dung 4x6  ",
            "completion-reason_code": "chu-ky",
            "completion-reason": "Giấy đề nghị chưa ký ở trang 2",
        },
    )
    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.COMPLETION_REQUESTED
    event = events(dossier)[-1]
    assert event.action == Action.REQUEST_COMPLETION
    assert event.data["missing"] == [
        "Giấy đề nghị đăng ký",
        "Bản sao hợp đồng thuê nhà",
        "Ảnh chân dung 4x6",
    ]
    assert event.reason == "Thiếu chữ ký hoặc dấu xác nhận. Giấy đề nghị chưa ký ở trang 2."
    assert "3 nội dung cần bổ sung" in client.get(page_of(dossier)).content.decode()


def test_a_completion_request_without_items_or_reason_is_refused_with_the_input_kept(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk)
    response = client.post(
        act(dossier, "yeu-cau-hoan-thien"),
        {"completion-missing_other": "", "completion-reason": "Một lý do chưa đủ"},
    )
    assert response.status_code == 400
    form = response.context["forms"]["completion"]
    assert "missing_other" in form.errors
    html = response.content.decode()
    assert "Cần liệt kê đầy đủ các giấy tờ phải bổ sung, hoàn thiện." in html
    assert "Một lý do chưa đủ" in html
    assert (
        'aria-describedby="id_completion-missing_other_helptext id_completion-missing_other_error"'
        in html
    )
    assert reload(dossier).state == State.SUBMITTED


def test_refusing_names_the_right_agency(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    assert "H92.32" in dict(
        (code, name)
        for _group, options in page.context["forms"]["refuse"].fields["redirect_to"].choices[1:]
        for code, name in options
    )
    # Not ours, but to whom? Mẫu 03 must say it: refused with the input kept.
    unnamed = client.post(
        act(dossier, "tu-choi"),
        {"refuse-reason_code": "tham-quyen", "refuse-reason": "", "refuse-redirect_to": ""},
    )
    assert unnamed.status_code == 400
    assert "nêu cơ quan có thẩm quyền giải quyết" in unnamed.content.decode()
    assert unnamed.context["forms"]["refuse"].data["refuse-reason_code"] == "tham-quyen"
    assert reload(dossier).state == State.SUBMITTED
    response = client.post(
        act(dossier, "tu-choi"),
        {
            "refuse-reason_code": "tham-quyen",
            "refuse-reason": "",
            "refuse-redirect_to": "H92.32",
        },
    )
    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.REFUSED
    event = events(dossier)[-1]
    assert event.reason == "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan."
    assert event.data["redirect_to"]["code"] == "H92.32"
    assert client.get(page_of(dossier)).context["forms"] == {}


def test_acting_on_a_dossier_another_officer_has_just_received_answers_409(client, world):
    dossier = send(world, FRIDAY)
    services.dossier_receive(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): True},
    )
    client.force_login(world.home.desk)
    response = client.post(
        act(dossier, "yeu-cau-hoan-thien"),
        {
            "completion-missing_other": "Ảnh chân dung",
            "completion-reason_code": "thieu-thanh-phan",
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không thể “Yêu cầu hoàn thiện hồ sơ”" in html
    assert "Ảnh chân dung" in html  # the input is kept
    assert reload(dossier).state == State.RECEIVED


def test_a_desk_head_may_see_but_not_receive(client, world):
    dossier = send(world, FRIDAY)
    client.force_login(world.home.desk_head)
    assert client.get(QUEUE).status_code == 200
    page = client.get(page_of(dossier))
    assert page.status_code == 200 and page.context["forms"] == {}
    response = client.post(
        act(dossier, "tiep-nhan"), {"receive-checklist": [str(world.required.pk)]}
    )
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này" in response.content.decode()
    assert reload(dossier).state == State.SUBMITTED


# ---- Hand-over and return ---------------------------------------------------------------------


def test_handing_over_to_a_specialist(client, world):
    with time_machine.travel(MONDAY_EARLY, tick=False):
        dossier = dossier_in(world, State.RECEIVED)
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    form = page.context["forms"]["transfer"]
    assert form.fields["unit"].initial == "H92.31"
    response = client.post(
        act(dossier, "chuyen-xu-ly"),
        {"transfer-unit": "H92.31", "transfer-assignee": str(world.home.specialist.pk)},
    )
    assert response.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    assert dossier.assignee_id == world.home.specialist.pk
    assert events(dossier)[-1].data == {"unit": "H92.31", "assignee": world.home.specialist.pk}


def test_the_return_form_preselects_the_applicants_choice(client, world):
    with time_machine.travel(MONDAY_EARLY, tick=False):
        dossier = dossier_in(world, State.RESOLVED)
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    form = page.context["forms"]["return"]
    assert form.initial["channel"] == dossier.delivery_channel == "desk"
    assert form.initial["collector_name"] == dossier.applicant_name


def test_returning_at_the_desk_needs_the_id_checked(client, world):
    with time_machine.travel(MONDAY_EARLY, tick=False):
        dossier = dossier_in(world, State.RESOLVED)
    client.force_login(world.home.desk)
    data = {
        "return-channel": "desk",
        "return-collector_name": "Nguyễn Văn An",
        "return-collector_id_number": "092080001234",
    }
    refused = client.post(act(dossier, "tra-ket-qua"), data)
    assert refused.status_code == 400
    assert "Hãy đối chiếu giấy tờ tùy thân" in refused.content.decode()
    assert reload(dossier).state == State.RESOLVED

    done = client.post(act(dossier, "tra-ket-qua"), {**data, "return-id_checked": "on"})
    assert done.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.RETURNED
    assert dossier.return_details == {
        "collector_name": "Nguyễn Văn An",
        "collector_id_number": "092080001234",
    }


def test_returning_by_post_records_the_tracking_number(client, world):
    with time_machine.travel(MONDAY_EARLY, tick=False):
        dossier = dossier_in(world, State.RESOLVED)
    client.force_login(world.home.desk)
    missing = client.post(act(dossier, "tra-ket-qua"), {"return-channel": "post"})
    assert missing.status_code == 400
    assert "Cần số hiệu bưu gửi." in missing.content.decode()
    done = client.post(
        act(dossier, "tra-ket-qua"),
        {"return-channel": "post", "return-tracking_number": "EMS123456789VN"},
    )
    assert done.status_code == 302
    event = DossierEvent.objects.filter(dossier=dossier, action=Action.RETURN).get()
    assert event.data == {"channel": "post", "tracking_number": "EMS123456789VN"}


def test_returning_online_before_the_result_is_signed_shows_the_service_error(client, world):
    with time_machine.travel(MONDAY_EARLY, tick=False):
        dossier = dossier_in(world, State.RESOLVED)
    client.force_login(world.home.desk)
    response = client.post(act(dossier, "tra-ket-qua"), {"return-channel": "online"})
    assert response.status_code == 400
    assert "Kết quả đang chờ ký số: trả trực tuyến khi văn bản điện tử đã được ký." in (
        response.content.decode()
    )
    assert response.context["forms"]["return"].data["return-channel"] == "online"


# ---- Payment, supplement, withdrawal at the desk ------------------------------------------


def message_of(client, dossier):
    return client.get(page_of(dossier)).content.decode()


def test_recording_a_payment_shows_the_request_and_resumes_the_clock(client, world):
    dossier = dossier_in(world, State.AWAITING_PAYMENT)  # 100 000 đồng, "Lệ phí đăng ký"
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    assert set(page.context["forms"]) == {"paid"}
    html = page.content.decode()
    assert "Lệ phí đăng ký" in html and "100.000 đồng" in html
    assert page.context["forms"]["paid"].initial["amount"] == 100000

    response = client.post(
        act(dossier, "ghi-nhan-nop-phi"),
        {"paid-receipt_number": " BL-0042 ", "paid-amount": "100000"},
    )
    assert response.status_code == 302 and response["Location"] == page_of(dossier)
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    event = events(dossier)[-1]
    assert event.action == Action.RECORD_PAYMENT and event.actor_id == world.home.desk.pk
    assert event.data == {"receipt_number": "BL-0042", "amount": "100000"}
    html = message_of(client, dossier)
    assert f"Đã ghi nhận khoản đã nộp của hồ sơ {dossier.code} (biên lai BL-0042" in html


def test_a_payment_without_a_receipt_number_is_refused_with_the_input_kept(client, world):
    dossier = dossier_in(world, State.AWAITING_PAYMENT)
    client.force_login(world.home.desk)
    response = client.post(
        act(dossier, "ghi-nhan-nop-phi"), {"paid-receipt_number": "", "paid-amount": "120000"}
    )
    assert response.status_code == 400
    form = response.context["forms"]["paid"]
    assert "receipt_number" in form.errors
    assert 'value="120000"' in response.content.decode()
    assert 'id="paid-errors"' in response.content.decode()
    assert reload(dossier).state == State.AWAITING_PAYMENT


def test_recording_a_payment_in_the_wrong_state_answers_409_with_the_input_kept(client, world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(world.home.desk)
    assert "paid" not in client.get(page_of(dossier)).context["forms"]
    response = client.post(
        act(dossier, "ghi-nhan-nop-phi"), {"paid-receipt_number": "BL-0042", "paid-amount": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không thể “Ghi nhận đã nộp phí, lệ phí”" in html
    assert 'value="BL-0042"' in html
    assert reload(dossier).state == State.IN_PROGRESS
    assert not DossierEvent.objects.filter(dossier=dossier, action=Action.RECORD_PAYMENT).exists()


def attach(client, dossier, component, name="hop-dong.pdf", content=None):
    upload = pdf(name)
    if content is not None:
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(
        act(dossier, "tai-giay-to-bo-sung"),
        {"attach-component": str(component.pk), "attach-file": upload},
    )


def test_a_supplement_brought_to_the_desk_is_uploaded_then_sent(client, world):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    assert set(page.context["forms"]) == {"attach", "remove", "supplement"}
    html = page.content.decode()
    assert "Cần bản sao hợp đồng thuê nhà." in html  # the reason of the request
    assert "Hợp đồng thuê địa điểm kinh doanh" in html  # the missing item

    # Sending before any paper is uploaded: 400, the note kept.
    early = client.post(act(dossier, "bo-sung"), {"supplement-note": "Bản chính đã đối chiếu"})
    assert early.status_code == 400
    assert "Chưa có giấy tờ bổ sung nào được tải lên" in early.content.decode()
    assert "Bản chính đã đối chiếu" in early.content.decode()

    uploaded = attach(client, dossier, world.optional)
    assert uploaded.status_code == 302
    assert uploaded["Location"] == page_of(dossier) + "#bo-sung"
    wrong = attach(client, dossier, world.required, name="nham.pdf")
    assert wrong.status_code == 302
    papers = {f.original_name: f for f in reload(dossier).files.filter(kind="supplement")}
    assert set(papers) == {"hop-dong.pdf", "nham.pdf"}
    assert papers["hop-dong.pdf"].uploaded_by_id == world.home.desk.pk
    # The paper uploaded by mistake is taken back before sending.
    removed = client.post(
        act(dossier, "go-tep-bo-sung"), {"remove-file_id": str(papers["nham.pdf"].pk)}
    )
    assert removed.status_code == 302
    page = client.get(page_of(dossier))
    assert [f.original_name for f in page.context["added_files"]] == ["hop-dong.pdf"]
    kept = papers["hop-dong.pdf"]
    assert page.context["forms"]["supplement"].initial["files"] == [str(kept.pk)]

    sent = client.post(
        act(dossier, "bo-sung"),
        {"supplement-files": [str(kept.pk)], "supplement-note": "Bản chính đã đối chiếu"},
    )
    assert sent.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.IN_PROGRESS
    event = events(dossier)[-1]
    assert event.action == Action.SUPPLEMENT and event.actor_id == world.home.desk.pk
    assert event.reason == "Bản chính đã đối chiếu"
    assert [f.pk for f in event.files.all()] == [kept.pk]
    assert "(1 tệp)" in message_of(client, dossier)


def test_a_supplement_paper_that_is_not_a_real_file_is_refused(client, world):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    client.force_login(world.home.desk)
    response = attach(client, dossier, world.required, name="gia.pdf", content=b"not a pdf")
    assert response.status_code == 400
    assert response.context["forms"]["attach"].errors["file"]
    assert 'id="attach-errors"' in response.content.decode()
    assert not reload(dossier).files.filter(kind="supplement").exists()
    # Taking back a file that is not there: the page again, 404, nothing changed.
    missing = client.post(act(dossier, "go-tep-bo-sung"), {"remove-file_id": str(uuid.uuid4())})
    assert missing.status_code == 404
    assert "Không tìm thấy tệp." in missing.content.decode()
    assert reload(dossier).state == State.SUPPLEMENT_REQUESTED


def test_sending_a_supplement_in_the_wrong_state_answers_409(client, world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(world.home.desk)
    response = client.post(act(dossier, "bo-sung"), {"supplement-note": "Đã bổ sung"})
    assert response.status_code == 409
    assert "Đã bổ sung" in response.content.decode()
    assert reload(dossier).state == State.IN_PROGRESS


def test_confirming_a_withdrawal_stops_the_dossier_and_offers_the_notice(client, world):
    dossier = dossier_in(world, State.WITHDRAWAL_REQUESTED)  # "Không còn nhu cầu."
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    assert set(page.context["forms"]) == {"stop"}
    assert "Không còn nhu cầu." in page.content.decode()
    assert "Không còn nhu cầu." in page.context["forms"]["stop"].initial["reason"]

    blank = client.post(act(dossier, "dung-xu-ly"), {"stop-reason": "  "})
    assert blank.status_code == 400
    assert "reason" in blank.context["forms"]["stop"].errors
    assert reload(dossier).state == State.WITHDRAWAL_REQUESTED

    done = client.post(act(dossier, "dung-xu-ly"), {"stop-reason": "Người nộp xin rút hồ sơ."})
    assert done.status_code == 302
    dossier = reload(dossier)
    assert dossier.state == State.STOPPED
    event = events(dossier)[-1]
    assert event.action == Action.STOP and event.reason == "Người nộp xin rút hồ sơ."
    page = client.get(page_of(dossier))
    assert page.context["forms"] == {}
    html = page.content.decode()
    assert "Đã dừng giải quyết hồ sơ" in html
    assert reverse("dossiers:slip", args=[dossier.pk, "stop"]) in html


def test_a_withdrawal_before_reception_stopped_at_the_desk_still_offers_the_notice(client, world):
    dossier = submitted(world)
    services.dossier_request_withdrawal(dossier_id=dossier.pk, actor=world.citizen, reason="")
    client.force_login(world.home.desk)
    done = client.post(act(dossier, "dung-xu-ly"), {"stop-reason": "Người nộp xin rút hồ sơ."})
    assert done.status_code == 302
    html = client.get(page_of(dossier)).content.decode()
    assert reverse("dossiers:slip", args=[dossier.pk, "stop"]) in html
    assert reverse("dossiers:slip", args=[dossier.pk, "receipt"]) not in html


def test_stopping_a_dossier_without_a_withdrawal_request_answers_409(client, world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client.force_login(world.home.desk)
    response = client.post(act(dossier, "dung-xu-ly"), {"stop-reason": "Dừng thử"})
    assert response.status_code == 409
    assert "Dừng thử" in response.content.decode()
    assert reload(dossier).state == State.IN_PROGRESS


def test_the_copies_handed_in_show_next_to_the_components(client, world):
    dossier = submitted(world)
    services.dossier_receive(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): "certified", str(world.optional.pk): True},
    )
    client.force_login(world.home.desk)
    page = client.get(page_of(dossier))
    copies = {r["component"].pk: r["copy"] for r in page.context["checklist"]}
    assert copies == {world.required.pk: "Bản sao có chứng thực", world.optional.pk: ""}
    assert "Đã nộp: Bản sao có chứng thực" in page.content.decode()
    # Without copies recorded (an online dossier checked with ticks), nothing is claimed.
    other = submitted(world)
    services.dossier_receive(
        dossier_id=other.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )
    assert "Đã nộp:" not in client.get(page_of(other)).content.decode()


def test_a_desk_head_sees_the_waiting_dossiers_but_may_not_act(client, world):
    fee = dossier_in(world, State.AWAITING_PAYMENT)
    withdrawn = dossier_in(world, State.WITHDRAWAL_REQUESTED)
    client.force_login(world.home.desk_head)
    assert client.get(page_of(fee)).context["forms"] == {}
    assert client.get(page_of(withdrawn)).context["forms"] == {}
    paid = client.post(
        act(fee, "ghi-nhan-nop-phi"), {"paid-receipt_number": "BL-1", "paid-amount": "100000"}
    )
    stopped = client.post(act(withdrawn, "dung-xu-ly"), {"stop-reason": "Xin rút."})
    assert paid.status_code == 403 and stopped.status_code == 403
    assert reload(fee).state == State.AWAITING_PAYMENT
    assert reload(withdrawn).state == State.WITHDRAWAL_REQUESTED
