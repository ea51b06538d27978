"""The dossier admin: who sees which dossiers, the read-only page, and the action buttons.

Personas from the `world` fixture, with staff access: the home commune's desk officer,
specialist and leader handle the dossiers; the away commune's leader must not see them; a
citizen cannot enter the admin at all.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossiers import services
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Outcome, State
from tests.dossiers.conftest import PDF
from tests.dossiers.helpers import MONDAY, submitted
from tests.factories import UserFactory

HANOI = datetime.timezone(datetime.timedelta(hours=7))
CHANGELIST = "/admin/dossiers/dossier/"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def staff(world):
    for cast in (world.home, world.away):
        for user in (cast.desk, cast.desk_head, cast.specialist, cast.head, cast.leader):
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return world


def _submitted(world, name="Nguyễn Văn An"):
    return submitted(world, applicant_name=name)


def _pending(world, name="Nguyễn Văn An"):
    """A dossier of the home commune waiting for its leader's approval."""
    home = world.home
    dossier = _submitted(world, name)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(
        dossier_id=dossier.pk, actor=home.desk, assignee_id=home.specialist.pk
    )
    return services.dossier_submit_for_approval(dossier_id=dossier.pk, actor=home.specialist)


def _change_url(dossier):
    return reverse("admin:dossiers_dossier_change", args=[dossier.pk])


def _action_url(dossier, action):
    return reverse("admin:dossiers_dossier_action", args=[dossier.pk, action])


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_leader_sees_the_home_dossier_awaiting_approval_by_default(staff):
    pending = _pending(staff, "Lê Thị Chờ")
    submitted = _submitted(staff, "Phạm Văn Mới")
    client = _client(staff.home.leader)

    response = client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert pending.code in content
    assert "Lê Thị Chờ" in content
    assert "Chờ phê duyệt" in content
    assert submitted.code not in content  # the default view: waiting for my approval
    assert "Chờ tôi phê duyệt" in content

    everything = client.get(CHANGELIST, {"viec": "tat-ca"}).content.decode()
    assert pending.code in everything and submitted.code in everything
    found = client.get(CHANGELIST, {"q": "Phạm Văn"}).content.decode()  # a search looks at all
    assert submitted.code in found and pending.code not in found
    assert submitted.code in client.get(CHANGELIST, {"q": submitted.code[-6:]}).content.decode()


def test_leader_approves_through_the_action_view(staff):
    dossier = _pending(staff)
    leader = staff.home.leader
    client = _client(leader)

    page = client.get(_change_url(dossier)).content.decode()
    assert f'href="{_action_url(dossier, "approve")}"' in page
    assert f'href="{_action_url(dossier, "deny")}"' in page
    assert _action_url(dossier, "receive") not in page

    form = client.get(_action_url(dossier, "approve"))
    assert form.status_code == 200
    assert 'name="summary"' in form.content.decode()

    response = client.post(
        _action_url(dossier, "approve"), {"summary": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh"}
    )
    assert response.status_code == 302
    assert response["Location"] == _change_url(dossier)
    code = f"{dossier.code}-KQ1"
    assert any("Phê duyệt" in m and code in m for m in _messages(response))

    dossier.refresh_from_db()
    assert dossier.state == State.RESOLVED
    assert dossier.outcome == Outcome.APPROVED
    assert dossier.results.get().code == code
    event = dossier.events.last()
    assert (event.action, event.actor, event.to_state) == ("approve", leader, State.RESOLVED)
    assert event.data["summary"] == "Cấp Giấy chứng nhận đăng ký hộ kinh doanh"

    after = client.get(_change_url(dossier)).content.decode()
    assert "Đã giải quyết" in after and code in after
    assert _action_url(dossier, "approve") not in after


def test_leader_denies_with_a_reason_and_a_deny_without_one_changes_nothing(staff):
    dossier = _pending(staff)
    client = _client(staff.home.leader)
    events = dossier.events.count()

    refused = client.post(_action_url(dossier, "deny"), {"reason": "   "})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    assert "errornote" in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.PENDING_APPROVAL
    assert dossier.events.count() == events
    assert not dossier.results.exists()

    response = client.post(
        _action_url(dossier, "deny"), {"reason": "Ngành nghề kinh doanh bị cấm."}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.state, dossier.outcome) == (State.RESOLVED, Outcome.DENIED)
    assert dossier.events.last().reason == "Ngành nghề kinh doanh bị cấm."
    assert dossier.results.get().code == f"{dossier.code}-KQ1"


def test_away_leader_gets_404_for_the_home_dossier(staff):
    dossier = _pending(staff)
    file = dossier.files.get()
    client = _client(staff.away.leader)

    assert dossier.code not in client.get(CHANGELIST, {"viec": "tat-ca"}).content.decode()
    assert client.get(_change_url(dossier)).status_code == 404
    assert client.get(_action_url(dossier, "approve")).status_code == 404
    assert client.post(_action_url(dossier, "approve"), {"summary": "x"}).status_code == 404
    file_url = reverse("admin:dossiers_dossier_file", args=[dossier.pk, file.pk])
    assert client.get(file_url).status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == State.PENDING_APPROVAL


def test_specialist_has_no_approve_button_and_cannot_approve_by_posting(staff):
    dossier = _pending(staff)
    client = _client(staff.home.specialist)
    events = dossier.events.count()

    page = client.get(_change_url(dossier))
    assert page.status_code == 200
    assert _action_url(dossier, "approve") not in page.content.decode()

    response = client.post(_action_url(dossier, "approve"), {"summary": "Tự phê duyệt"})
    assert response.status_code == 302
    assert any("không có quyền" in m for m in _messages(response))
    dossier.refresh_from_db()
    assert dossier.state == State.PENDING_APPROVAL
    assert dossier.events.count() == events
    assert not dossier.results.exists()

    form = client.get(_action_url(dossier, "approve"))
    assert form.status_code == 302  # no form for an action the user may not take
    assert _messages(form)


def test_the_change_page_edits_nothing(staff):
    dossier = _pending(staff)
    client = _client(staff.home.leader)

    page = client.get(_change_url(dossier)).content.decode()
    form = page[page.index('id="dossier_form"') :]
    assert "<textarea" not in form and "<select" not in form
    inputs = re.findall(r"<input[^>]*>", form)
    assert inputs and all('type="hidden"' in tag for tag in inputs), inputs
    assert 'name="_save"' not in page

    assert client.post(_change_url(dossier), {"applicant_name": "Kẻ sửa"}).status_code == 403
    assert client.get(reverse("admin:dossiers_dossier_add")).status_code == 403
    delete_url = reverse("admin:dossiers_dossier_delete", args=[dossier.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Nguyễn Văn An"


def test_citizens_and_staff_without_a_dossier_role_cannot_enter(staff):
    _pending(staff)
    citizen = _client(staff.citizen)
    response = citizen.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

    clerk = UserFactory(username="clerk", is_staff=True)  # staff, but no membership
    assert _client(clerk).get(CHANGELIST).status_code == 403
    assert "dossiers/dossier" not in _client(clerk).get("/admin/").content.decode()


def test_superuser_sees_every_dossier_but_has_no_buttons(staff):
    dossier = _pending(staff)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = _client(admin)
    assert dossier.code in client.get(CHANGELIST).content.decode()
    page = client.get(_change_url(dossier)).content.decode()
    assert "/action/" not in page


def test_list_page_query_count_does_not_grow_with_rows(staff):
    client = _client(staff.home.desk)
    _submitted(staff)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CHANGELIST)
        assert response.status_code == 200
        return len(queries), response.content.decode().count('class="field-code"')

    few, rows = count()
    assert rows == 1
    for n in range(4):
        _submitted(staff, f"Người nộp {n}")
    many, rows = count()
    assert rows == 5
    assert many == few


def test_timeline_lists_every_event_in_local_time(staff):
    dossier = _pending(staff)
    client = _client(staff.home.leader)
    client.post(_action_url(dossier, "approve"), {"summary": "Cấp GCN"})

    page = client.get(_change_url(dossier)).content.decode()
    timeline = page[page.index('id="dossier-timeline"') :]
    rows = re.findall(r'<tr class="event event-([a-z-]+)">', timeline)
    expected = list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert rows == expected == ["submit", "receive", "transfer", "submit-for-approval", "approve"]
    for label in ("Nộp hồ sơ", "Tiếp nhận hồ sơ", "Chuyển xử lý", "Trình phê duyệt", "Phê duyệt"):
        assert label in timeline
    assert "09/03/2026 09:00" in timeline  # Asia/Ho_Chi_Minh, not UTC (02:00)
    assert "Chờ phê duyệt → Đã giải quyết" in timeline
    assert "Trước hạn" in timeline or "Đúng hạn" in timeline
    assert f"{dossier.code}-KQ1" in timeline


def test_files_are_listed_and_downloaded_through_the_admin(staff):
    dossier = _pending(staff)
    file = dossier.files.get()
    client = _client(staff.home.leader)
    url = reverse("admin:dossiers_dossier_file", args=[dossier.pk, file.pk])

    page = client.get(_change_url(dossier)).content.decode()
    assert f'href="{url}"' in page and "giay-to.pdf" in page

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_service_refusal_of_the_input_shows_on_the_form(staff):
    dossier = _submitted(staff)
    client = _client(staff.home.desk)

    response = client.post(_action_url(dossier, "receive"), {})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hồ sơ chưa đủ thành phần" in content
    assert "Chưa kiểm tra: Giấy đề nghị đăng ký" in content
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED

    response = client.post(_action_url(dossier, "receive"), {"checklist": [str(staff.required.pk)]})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).state == State.RECEIVED


def test_a_state_conflict_becomes_a_message_not_a_500(staff):
    dossier = _pending(staff)
    client = _client(staff.home.leader)
    client.post(_action_url(dossier, "approve"), {"summary": "Lần một"})

    again = client.post(_action_url(dossier, "approve"), {"summary": "Lần hai"})
    assert again.status_code == 302
    assert any("Không thể" in m for m in _messages(again))
    assert Dossier.objects.get(pk=dossier.pk).results.count() == 1
    assert client.get(_action_url(dossier, "no-such-action")).status_code == 404


def test_action_forms_are_csrf_protected(staff):
    dossier = _pending(staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff.home.leader)
    assert client.post(_action_url(dossier, "approve"), {"summary": "x"}).status_code == 403
    assert Dossier.objects.get(pk=dossier.pk).state == State.PENDING_APPROVAL


def test_overdue_dossiers_are_highlighted_and_filtered(staff, frozen_time):
    dossier = _pending(staff)
    client = _client(staff.home.leader)
    frozen_time.move_to(MONDAY + datetime.timedelta(days=7))

    response = client.get(CHANGELIST, {"viec": "tat-ca", "qua_han": "yes"})
    content = response.content.decode()
    assert dossier.code in content
    assert re.search(r'<span class="overdue">12/03/2026 17:00 \(quá hạn\)</span>', content)
    on_time = client.get(CHANGELIST, {"viec": "tat-ca", "qua_han": "no"}).content.decode()
    assert dossier.code not in on_time


def test_the_control_slip_list_is_scoped_and_read_only(staff):
    dossier = _pending(staff)
    url = "/admin/dossiers/dossierevent/"
    home = _client(staff.home.leader).get(url)
    assert home.status_code == 200
    assert home.content.decode().count(dossier.code) == dossier.events.count()
    assert dossier.code not in _client(staff.away.leader).get(url).content.decode()
    event = dossier.events.first()
    change = reverse("admin:dossiers_dossierevent_change", args=[event.pk])
    assert _client(staff.home.leader).post(change, {"reason": "sửa"}).status_code == 403


def _act(user, dossier, action, data=None):
    """Open the action's form, post it, and expect the success message."""
    client = _client(user)
    assert client.get(_action_url(dossier, action)).status_code == 200
    response = client.post(_action_url(dossier, action), data or {})
    assert response.status_code == 302, response.context["form"].errors
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    return Dossier.objects.get(pk=dossier.pk)


def test_a_dossier_lives_its_whole_life_through_the_admin_forms(staff):
    home = staff.home
    dossier = _submitted(staff)
    steps = [
        (home.desk, "receive", {"checklist": [str(staff.required.pk)]}, State.RECEIVED),
        (home.desk, "transfer", {"unit": "H92.31", "assignee": home.specialist.pk}, None),
        (
            home.specialist,
            "request-supplement",
            {"reason": "Thiếu giấy tờ", "missing": "Bản sao CCCD\n\nVăn bản ủy quyền"},
            State.SUPPLEMENT_REQUESTED,
        ),
        (home.desk, "supplement", {"note": "Đã nhận bản sao"}, State.IN_PROGRESS),
        (
            home.specialist,
            "request-payment",
            {"amount": "100000", "description": "Lệ phí đăng ký"},
            State.AWAITING_PAYMENT,
        ),
        (home.desk, "record-payment", {"receipt_number": "BL-001", "amount": "100000"}, None),
        (home.specialist, "submit-for-approval", {"note": "Đủ điều kiện"}, None),
        (
            home.leader,
            "reschedule",
            {"new_date": "2026-03-16", "reason": "Cần xác minh thêm"},
            State.PENDING_APPROVAL,
        ),
        (home.leader, "send-back", {"reason": "Bổ sung ý kiến thẩm định"}, State.IN_PROGRESS),
        (home.specialist, "submit-for-approval", {}, State.PENDING_APPROVAL),
        (home.leader, "approve", {"summary": "Cấp GCN"}, State.RESOLVED),
        (
            home.desk,
            "return",
            {"channel": "desk", "collector_name": "Nguyễn Văn An", "collector_id_number": "0920"},
            State.RETURNED,
        ),
    ]
    for user, action, data, state in steps:
        dossier = _act(user, dossier, action, data)
        if state:
            assert dossier.state == state, action
    assert dossier.rescheduled_to == datetime.date(2026, 3, 16)
    assert dossier.events.get(action="request-supplement").data["missing"] == [
        "Bản sao CCCD",
        "Văn bản ủy quyền",
    ]
    assert dossier.return_details["collector_name"] == "Nguyễn Văn An"

    page = _client(home.desk).get(_change_url(dossier)).content.decode()
    timeline = page[page.index('id="dossier-timeline"') :]
    assert timeline.count('<tr class="event') == dossier.events.count() == 13
    assert "Giấy tờ cần bổ sung: Bản sao CCCD; Văn bản ủy quyền" in timeline
    assert "Số biên lai: BL-001" in timeline
    assert "/action/" not in page  # returned: read-only


def test_the_desk_refuses_asks_for_completion_and_stops_through_the_admin(staff):
    home = staff.home
    incomplete, refused, withdrawn = (_submitted(staff, n) for n in ("Một", "Hai", "Ba"))

    incomplete = _act(
        home.desk,
        incomplete,
        "request-completion",
        {"reason": "Thiếu chữ ký", "missing": "Giấy đề nghị có chữ ký"},
    )
    assert incomplete.state == State.COMPLETION_REQUESTED
    refused = _act(home.desk, refused, "refuse", {"reason": "Không thuộc thẩm quyền"})
    assert refused.state == State.REFUSED

    services.dossier_request_withdrawal(dossier_id=withdrawn.pk, actor=staff.citizen)
    withdrawn = _act(home.leader, withdrawn, "stop", {"reason": "Người nộp xin rút"})
    assert withdrawn.state == State.STOPPED
