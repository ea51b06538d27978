"""POST /api/v1/dossiers/ and /api/v1/dossiers/{id}/{action}/: the lifecycle through HTTP,
and each kind of refusal in the one error shape."""

import datetime
import inspect
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.fields import empty

from dossiers import services
from dossiers.api.serializers import ACTION_BODIES
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Action, State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import empty_draft as _draft
from tests.dossiers.helpers import submitted as _submitted
from tests.factories import AgencyFactory, MembershipFactory
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")

HANOI = datetime.timezone(datetime.timedelta(hours=7))
LIST = "/api/v1/dossiers/"


def url(dossier, action=""):
    pk = getattr(dossier, "pk", dossier)
    return f"{LIST}{pk}/{action}/" if action else f"{LIST}{pk}/"


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert body["message"]
    return body


def _received(world):
    dossier = _submitted(world)
    return services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )


def _in_progress(world):
    dossier = _received(world)
    return services.dossier_transfer(
        dossier_id=dossier.pk, actor=world.home.desk, assignee_id=world.home.specialist.pk
    )


def _pending_approval(world):
    dossier = _in_progress(world)
    return services.dossier_submit_for_approval(dossier_id=dossier.pk, actor=world.home.specialist)


# --- The whole way through HTTP ---------------------------------------------------------------


def test_a_dossier_goes_from_create_to_returned_through_the_api(world):
    home, citizen = world.home, api(world.citizen)

    created = citizen.post(
        LIST,
        {"procedure": "1.001612", "channel": "online", "agency": "H92.31"},
        format="json",
    )
    assert created.status_code == 201, created.content
    dossier = created.json()
    assert dossier["state"] == "draft"
    assert dossier["code"] is None
    assert dossier["applicant_name"] == "Nguyễn Văn An"
    assert dossier["procedure"] == {
        "code": "1.001612",
        "name": "Đăng ký thành lập hộ kinh doanh",
        "version": 1,
    }
    assert dossier["receiving_unit"]["code"] == "H92.31.01"
    assert dossier["competent_agency"]["code"] == "H92.31"
    assert created["Location"].endswith(url(dossier["id"]))
    assert [a["action"] for a in dossier["available_actions"]] == ["submit"]

    uploaded = citizen.post(
        f"{url(dossier['id'])}files/",
        {"component": world.required.pk, "file": pdf()},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.content

    submitted = citizen.post(url(dossier["id"], "submit"))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["code"] == "H92.31.01-260309-0001"
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["available_actions"] == [
        {"action": "request-withdrawal", "label": "Xin rút hồ sơ"}
    ]

    desk = api(home.desk)
    received = desk.post(
        url(dossier["id"], "receive"),
        {"checklist": {str(world.required.pk): True}},
        format="json",
    )
    assert received.status_code == 200, received.content
    assert received.json()["state"] == "received"
    assert received.json()["due_at"] == "2026-03-12T17:00:00+07:00"

    transferred = desk.post(
        url(dossier["id"], "transfer"), {"assignee": home.specialist.pk}, format="json"
    )
    assert transferred.status_code == 200, transferred.content
    assert transferred.json()["processing_unit"]["code"] == "H92.31"
    assert transferred.json()["assignee"] == {
        "id": home.specialist.pk,
        "name": home.specialist.get_full_name(),
    }

    pending = api(home.specialist).post(
        url(dossier["id"], "submit-for-approval"), {"note": "Đủ điều kiện"}, format="json"
    )
    assert pending.json()["state"] == "pending_approval"

    approved = api(home.leader).post(
        url(dossier["id"], "approve"), {"summary": "Cấp giấy chứng nhận"}, format="json"
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "resolved"
    assert approved.json()["outcome"] == "approved"
    assert [r["code"] for r in approved.json()["results"]] == ["H92.31.01-260309-0001-KQ1"]

    returned = desk.post(
        url(dossier["id"], "return"),
        {
            "channel": "desk",
            "details": {"collector_name": "Nguyễn Văn An", "collector_id_number": "092080001234"},
        },
        format="json",
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["state"] == "returned"
    assert returned.json()["national_status"] == 10
    assert returned.json()["available_actions"] == []
    actions = DossierEvent.objects.filter(dossier_id=dossier["id"]).values_list("action", flat=True)
    assert list(actions) == [
        "submit",
        "receive",
        "transfer",
        "submit-for-approval",
        "approve",
        "return",
    ]


def test_the_desk_opens_a_walk_in_dossier_for_an_applicant_without_an_account(world):
    response = api(world.home.desk).post(
        LIST,
        {
            "procedure": "1.001612",
            "channel": "in_person",
            "agency": "H92.31",
            "applicant_name": "Lê Văn Cường",
            "applicant_id_number": "092080009999",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["applicant_name"] == "Lê Văn Cường"
    assert response.json()["applicant_id_number"] == "092080009999"
    assert Dossier.objects.get(pk=response.json()["id"]).applicant is None


def test_the_detail_shows_dates_counters_and_the_pause(world):
    dossier = _in_progress(world)
    services.dossier_request_supplement(
        dossier_id=dossier.pk,
        actor=world.home.specialist,
        reason="Thiếu bản sao",
        missing=["Bản sao CCCD"],
    )

    body = api(world.citizen).get(url(dossier)).json()

    assert body["state"] == "supplement_requested"
    assert body["state_label"] == "Chờ bổ sung hồ sơ"
    assert body["national_status"] == 5
    assert body["paused"] is True
    assert body["supplement_requests"] == 1
    assert body["flagged_late"] is False
    assert body["received_at"] == "2026-03-09T09:00:00+07:00"
    assert body["original_due_at"] == "2026-03-12T17:00:00+07:00"
    assert body["overdue"] is False
    assert [f["component"] for f in body["files"]] == [world.required.pk]
    assert [a["action"] for a in body["available_actions"]] == ["supplement", "request-withdrawal"]


def test_a_head_of_unit_handing_over_to_a_sibling_unit_gets_the_dossier_as_handed_over(world):
    unit_a = AgencyFactory(code="H92.31.02", parent=world.home.committee, has_desk=False)
    unit_b = AgencyFactory(code="H92.31.03", parent=world.home.committee, has_desk=False)
    head_a = MembershipFactory(agency=unit_a, role="head_of_unit").user
    dossier = _received(world)
    services.dossier_transfer(dossier_id=dossier.pk, actor=world.home.desk, unit_code="H92.31.02")

    response = api(head_a).post(url(dossier, "transfer"), {"unit": unit_b.code}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["processing_unit"]["code"] == "H92.31.03"
    assert response.json()["available_actions"] == []
    assert api(head_a).get(url(dossier)).status_code == 404


def test_the_detail_costs_the_same_queries_with_one_file_or_five(world):
    one = _draft(world)
    five = _draft(world)
    for dossier, count in ((one, 1), (five, 5)):
        for _ in range(count):
            services.dossier_attach_file(
                dossier_id=dossier.pk,
                actor=world.citizen,
                upload=pdf(),
                component_id=world.required.pk,
            )

    counts = []
    for dossier in (one, five):
        client = api(type(world.citizen).objects.get(pk=world.citizen.pk))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(dossier)).status_code == 200
        counts.append(len(queries))

    # the dossier and its joins, files, results (its own draft needs no membership lookup)
    assert counts[0] == counts[1] == 3


@pytest.mark.parametrize("action", list(Action))
def test_each_action_body_gives_exactly_the_keywords_of_its_service(action):
    body = ACTION_BODIES[action]()
    parameters = inspect.signature(services.SERVICES[action]).parameters
    accepted = set(parameters) - {"dossier_id", "actor"}
    needed = {name for name in accepted if parameters[name].default is inspect.Parameter.empty}
    always_sent = {
        body.renames.get(name, name)
        for name, field in body.fields.items()
        if field.required or field.default is not empty
    }

    assert {body.renames.get(name, name) for name in body.fields} == accepted
    assert needed <= always_sent


# --- 400: bad bodies ----------------------------------------------------------------------------


def test_creating_without_procedure_or_with_a_bad_channel_is_a_400_naming_both(world):
    response = api(world.citizen).post(LIST, {"channel": "fax"}, format="json")

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {
        "procedure": ["Trường này là bắt buộc."],
        "channel": ["“fax” không phải là giá trị hợp lệ."],
    }


def test_creating_for_an_unknown_procedure_is_a_400_from_the_service(world):
    response = api(world.citizen).post(
        LIST, {"procedure": "9.999999", "channel": "online"}, format="json"
    )

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {"procedure": ["Không có thủ tục đang áp dụng với mã này."]}


def test_a_refusal_without_a_reason_is_a_400_on_the_reason(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(url(dossier, "refuse"), {}, format="json")

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {"reason": ["Cần nêu rõ lý do."]}
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED


def test_refused_as_not_ours_the_api_must_name_the_competent_agency(world):
    """Mẫu 03's rule holds in the service, whoever calls: not only on the desk's page."""
    dossier = _submitted(world)
    desk = api(world.home.desk)
    closed = AgencyFactory(code="H92.99", closed_on=datetime.date(2020, 1, 1))

    unnamed = desk.post(url(dossier, "refuse"), {"ground": "tham-quyen"}, format="json")
    body = assert_error(unnamed, 400, "invalid")
    assert body["fields"] == {
        "redirect_to": ["Hồ sơ không thuộc thẩm quyền: nêu cơ quan có thẩm quyền giải quyết."]
    }
    ourselves = desk.post(
        url(dossier, "refuse"),
        {"ground": "tham-quyen", "redirect_to": world.home.committee.code},
        format="json",
    )
    assert assert_error(ourselves, 400, "invalid")["fields"] == {
        "redirect_to": ["Cơ quan có thẩm quyền phải là một cơ quan khác cơ quan đang từ chối."]
    }
    gone = desk.post(
        url(dossier, "refuse"),
        {"ground": "tham-quyen", "redirect_to": closed.code},
        format="json",
    )
    assert assert_error(gone, 400, "invalid")["fields"] == {
        "redirect_to": ["Cơ quan này đã ngừng hoạt động."]
    }
    unknown = desk.post(url(dossier, "refuse"), {"ground": "khac"}, format="json")
    assert set(assert_error(unknown, 400, "invalid")["fields"]) == {"ground"}
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED
    assert not DossierEvent.objects.filter(dossier=dossier, action=Action.REFUSE).exists()

    named = desk.post(
        url(dossier, "refuse"),
        {"ground": "tham-quyen", "redirect_to": world.away.committee.code},
        format="json",
    )

    assert named.status_code == 200, named.content
    event = DossierEvent.objects.get(dossier=dossier, action=Action.REFUSE)
    assert event.reason == "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan."
    assert event.data == {
        "ground": "tham-quyen",
        "redirect_to": {"code": world.away.committee.code, "name": world.away.committee.name},
    }


def test_a_refusal_on_other_grounds_needs_no_agency_and_keeps_the_officers_words(world):
    dossier = _submitted(world)

    services.dossier_refuse(
        dossier_id=dossier.pk, actor=world.home.desk, ground="dieu-kien", reason="Chưa đủ tuổi"
    )

    event = DossierEvent.objects.get(dossier=dossier, action=Action.REFUSE)
    assert event.reason == "Không đủ điều kiện giải quyết theo quy định. Chưa đủ tuổi."
    assert event.data == {"ground": "dieu-kien"}


def test_an_applicant_refusing_gets_403_before_any_complaint_about_the_body(world):
    dossier = _submitted(world)

    response = api(world.citizen).post(url(dossier, "refuse"), {}, format="json")

    assert_error(response, 403, "permission_denied")


def test_a_blank_reason_is_a_400_too(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(
        url(dossier, "request-completion"), {"reason": "", "missing": []}, format="json"
    )

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {
        "reason": ["Trường này không được để trống."],
        "missing": ["Danh sách không được để trống."],
    }


def test_a_checklist_that_is_not_a_dict_of_booleans_is_a_400(world):
    dossier = _submitted(world)
    desk = api(world.home.desk)

    not_a_dict = desk.post(url(dossier, "receive"), {"checklist": ["x"]}, format="json")
    bad_values = desk.post(
        url(dossier, "receive"), {"checklist": {"abc": True, "7": "maybe"}}, format="json"
    )

    assert assert_error(not_a_dict, 400, "invalid")["fields"] == {
        "checklist": ["Cần một đối tượng (mã: giá trị), không phải list."]
    }
    assert assert_error(bad_values, 400, "invalid")["fields"] == {
        "checklist": [
            "7: “maybe” không hợp lệ: dùng true, false hoặc loại bản (original, certified, "
            "photocopy)."
        ]
    }
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED


def test_a_checklist_keyed_by_something_else_than_component_ids_is_a_400(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(
        url(dossier, "receive"), {"checklist": {"abc": True}}, format="json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "checklist": ["“abc” không phải là mã thành phần hồ sơ."]
    }


def test_an_incomplete_checklist_is_a_400_from_the_service_naming_the_component(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(
        url(dossier, "receive"), {"checklist": {str(world.required.pk): False}}, format="json"
    )

    body = assert_error(response, 400, "invalid")
    assert body["message"] == "Hồ sơ chưa đủ thành phần: hãy yêu cầu hoàn thiện thay vì tiếp nhận."
    assert body["fields"] == {"checklist": ["Chưa kiểm tra: Giấy đề nghị đăng ký"]}


def test_a_reschedule_with_a_bad_date_is_a_400_on_new_date(world):
    dossier = _received(world)

    response = api(world.home.head).post(
        url(dossier, "reschedule"), {"new_date": "13/03/2026", "reason": "Xin lỗi"}, format="json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "new_date": ["Ngày không hợp lệ; dùng định dạng YYYY-MM-DD."]
    }


def test_a_file_id_that_is_not_a_uuid_is_a_400_naming_the_item(world):
    dossier = _in_progress(world)

    response = api(world.home.specialist).post(
        url(dossier, "submit-for-approval"),
        {"files": [str(uuid.uuid4()), "not-a-uuid"]},
        format="json",
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "files": ["Mục 2: “not-a-uuid” không phải là mã hợp lệ."]
    }


def test_a_file_of_another_dossier_is_a_400_from_the_service(world):
    dossier = _in_progress(world)
    other = _draft(world)
    stranger = services.dossier_attach_file(
        dossier_id=other.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )

    response = api(world.home.specialist).post(
        url(dossier, "submit-for-approval"), {"files": [str(stranger.pk)]}, format="json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "files": ["Có tệp không thuộc hồ sơ này."]
    }


def test_a_body_that_is_not_json_is_a_400(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(
        url(dossier, "refuse"), "{not json", content_type="application/json"
    )

    assert_error(response, 400, "invalid")


def test_a_payment_with_a_bad_amount_is_a_400(world):
    dossier = _in_progress(world)

    response = api(world.home.specialist).post(
        url(dossier, "request-payment"), {"amount": 0, "description": "Lệ phí"}, format="json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "amount": ["Phải lớn hơn hoặc bằng 1."]
    }


def test_a_return_by_post_without_a_tracking_number_is_a_400(world):
    dossier = _pending_approval(world)
    services.dossier_approve(dossier_id=dossier.pk, actor=world.home.leader)

    response = api(world.home.desk).post(
        url(dossier, "return"), {"channel": "post", "details": {}}, format="json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "tracking_number": ["Cần số hiệu bưu gửi."]
    }


# --- 401, 403, 404, 409 -----------------------------------------------------------------------


def test_anonymous_requests_are_401(world):
    dossier = _submitted(world)

    for response in (
        api().post(LIST, {"procedure": "1.001612", "channel": "online"}, format="json"),
        api().post(url(dossier, "receive"), {"checklist": {}}, format="json"),
        api().get(url(dossier)),
    ):
        assert_error(response, 401, "not_authenticated")


def test_a_citizen_approving_their_own_dossier_is_a_403(world):
    dossier = _pending_approval(world)

    response = api(world.citizen).post(url(dossier, "approve"), {}, format="json")

    body = assert_error(response, 403, "permission_denied")
    assert body["message"] == "Bạn không có quyền thực hiện thao tác này trên hồ sơ."
    assert Dossier.objects.get(pk=dossier.pk).state == State.PENDING_APPROVAL


def test_another_agencys_officer_gets_a_404_as_if_the_dossier_did_not_exist(world):
    dossier = _submitted(world)

    action = api(world.away.desk).post(
        url(dossier, "receive"), {"checklist": {str(world.required.pk): True}}, format="json"
    )
    detail = api(world.away.desk).get(url(dossier))

    assert assert_error(action, 404, "not_found")["message"] == "Không tìm thấy hồ sơ."
    assert_error(detail, 404, "not_found")
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED


def test_another_citizen_gets_a_404_for_the_detail_and_every_action(world):
    dossier = _submitted(world)
    other = api(world.other_citizen)

    assert_error(other.get(url(dossier)), 404, "not_found")
    assert_error(other.post(url(dossier, "request-withdrawal")), 404, "not_found")


def test_ids_that_are_not_uuids_or_unknown_are_a_404_in_the_error_shape(world):
    desk = api(world.home.desk)

    assert_error(desk.get(url("not-a-uuid")), 404, "not_found")
    assert_error(desk.post(url("not-a-uuid", "submit")), 404, "not_found")
    assert_error(desk.get(url(uuid.uuid4())), 404, "not_found")
    assert_error(desk.post(url(uuid.uuid4(), "submit")), 404, "not_found")


def test_an_unknown_action_is_a_404(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(url(dossier, "teleport"), {}, format="json")

    body = assert_error(response, 404, "not_found")
    assert body["message"] == "Không có thao tác này trên hồ sơ."


def test_an_action_is_only_posted(world):
    dossier = _submitted(world)

    response = api(world.home.desk).get(url(dossier, "receive"))

    assert_error(response, 405, "method_not_allowed")


def test_an_action_in_the_wrong_state_is_a_409(world):
    dossier = _submitted(world)

    response = api(world.home.desk).post(
        url(dossier, "return"),
        {"channel": "post", "details": {"tracking_number": "X"}},
        format="json",
    )

    body = assert_error(response, 409, "conflict")
    assert body["message"] == "Không thể “Trả kết quả” khi hồ sơ đang ở trạng thái “Mới nộp”."


def test_an_action_on_a_finished_dossier_is_a_409(world):
    dossier = _submitted(world)
    services.dossier_refuse(dossier_id=dossier.pk, actor=world.home.desk, reason="Sai thẩm quyền")

    response = api(world.home.desk).post(
        url(dossier, "receive"), {"checklist": {str(world.required.pk): True}}, format="json"
    )

    assert assert_error(response, 409, "conflict")["message"] == (
        "Hồ sơ đã kết thúc (Từ chối tiếp nhận): chỉ được xem."
    )


def test_a_second_reschedule_is_a_409(world):
    dossier = _received(world)
    head = api(world.home.head)
    body = {"new_date": "2026-03-20", "reason": "Cần xác minh thêm"}

    first = head.post(url(dossier, "reschedule"), body, format="json")
    second = head.post(url(dossier, "reschedule"), body, format="json")

    assert first.status_code == 200, first.content
    assert first.json()["rescheduled_to"] == "2026-03-20"
    assert first.json()["original_due_at"] == "2026-03-12T17:00:00+07:00"
    assert "reschedule" not in [a["action"] for a in first.json()["available_actions"]]
    body = assert_error(second, 409, "conflict")
    assert body["message"] == "Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa."


def test_a_reschedule_to_a_date_before_the_due_date_is_a_400(world):
    dossier = _received(world)

    response = api(world.home.head).post(
        url(dossier, "reschedule"), {"new_date": "2026-03-11", "reason": "Xin lỗi"}, format="json"
    )

    assert assert_error(response, 400, "invalid")["fields"] == {
        "new_date": ["Ngày hẹn mới phải sau hạn hiện tại."]
    }


def test_a_second_supplement_request_without_override_is_a_409(world):
    dossier = _in_progress(world)
    specialist = api(world.home.specialist)
    body = {"reason": "Thiếu giấy tờ", "missing": ["Bản sao CCCD"]}
    assert (
        specialist.post(url(dossier, "request-supplement"), body, format="json").status_code == 200
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    answered = api(world.citizen).post(url(dossier, "supplement"), {"note": "Đã bổ sung"})
    assert answered.status_code == 200, answered.content

    response = specialist.post(url(dossier, "request-supplement"), body, format="json")

    assert_error(response, 409, "conflict")


def test_a_failed_action_changes_nothing_and_writes_no_event(world):
    dossier = _submitted(world)
    events = DossierEvent.objects.filter(dossier=dossier).count()

    api(world.home.desk).post(
        url(dossier, "receive"), {"checklist": {str(world.required.pk): False}}, format="json"
    )

    assert Dossier.objects.get(pk=dossier.pk).state == State.SUBMITTED
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_an_invalid_file_type_is_a_400_with_a_vietnamese_message(world):
    dossier = _draft(world)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )

    response = api(world.citizen).post(
        f"{url(dossier)}files/", {"component": world.required.pk, "file": fake}, format="multipart"
    )

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {
        "file": ["Định dạng tệp không được chấp nhận; chỉ nhận PDF, JPG, PNG, DOCX, XLSX hoặc ODT."]
    }


def test_a_specialist_claims_an_unassigned_dossier_through_the_api(world):
    dossier = _received(world)
    services.dossier_transfer(dossier_id=dossier.pk, actor=world.home.desk)

    claimed = api(world.home.specialist).post(url(dossier, "claim"), {}, format="json")
    again = api(world.home.specialist).post(url(dossier, "claim"), {}, format="json")
    by_the_desk = api(world.home.desk).post(url(dossier, "claim"), {}, format="json")

    assert claimed.status_code == 200, claimed.content
    assert claimed.json()["assignee"]["id"] == world.home.specialist.pk
    assert_error(again, 409, "conflict")
    assert_error(by_the_desk, 403, "permission_denied")
