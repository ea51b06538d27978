"""Tracking a dossier without an account: /tra-cuu/ and GET /api/v1/track/.

The secret is the last four digits of the applicant's phone or identity number; whatever goes
wrong (unknown code, wrong secret, a draft, no number to check against) the answer is the
same; nothing personal comes back; lookups are limited per address and per code.
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers import services, tracking
from dossiers.models import Dossier
from dossiers.states import Action, Actor, State
from procedures.calendar import LOCAL_TZ
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import PATH, fire, person, reload

pytestmark = pytest.mark.usefixtures("frozen_monday")

PHONE = "0912 345 678"  # secret 5678
ID_NUMBER = "092080001234"  # secret 1234
NAME = "Lê Thị Hoa"
EMAIL = "le.thi.hoa@example.vn"
ADDRESS = "12 đường Mậu Thân, phường Ninh Kiều"
SUPPLEMENT_REASON = "Cần bản sao hợp đồng thuê nhà."
MISSING = "Hợp đồng thuê địa điểm kinh doanh"
URL = "/api/v1/track/"
PAGE = "/tra-cuu/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def applied(world, **applicant) -> Dossier:
    """An online draft of the world's citizen with the applicant's numbers and address."""
    details = {
        "applicant_name": NAME,
        "applicant_phone": PHONE,
        "applicant_id_number": ID_NUMBER,
        "applicant_email": EMAIL,
        "applicant_address": ADDRESS,
        **applicant,
    }
    dossier = services.dossier_create(
        actor=world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
        **details,
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    return reload(dossier)


def bring(world, dossier, state: State) -> Dossier:
    """Walk `dossier` from where it is to `state` along the helpers' PATH, through services."""
    chain = []
    while state != dossier.state:
        chain.append(state)
        state = PATH[state][0]
    for target in reversed(chain):
        _before, action, actor = PATH[target]
        overrides = {"assignee_id": world.home.specialist.pk} if action == Action.TRANSFER else {}
        if actor == Actor.APPLICANT and dossier.applicant_id is None:
            actor = Actor.DESK
        fire(action, dossier, person(world, actor), **overrides)
        dossier = reload(dossier)
    return dossier


def dossier_in_state(world, state: State, **applicant) -> Dossier:
    return bring(world, applied(world, **applicant), state)


def api_get(params, ip="203.0.113.7"):
    return APIClient().get(URL, params, REMOTE_ADDR=ip)


def page_post(data, ip="203.0.113.7", client=None):
    return (client or Client()).post(PAGE, data, REMOTE_ADDR=ip)


def result_region(response) -> str:
    """The page's answer (the live region), without the form that echoes the code."""
    html = response.content.decode()
    return html.split('id="track-result"', 1)[1].split("</main>", 1)[0]


# ---- The right secret --------------------------------------------------------------------------


def test_the_last_four_digits_of_the_phone_open_the_dossier(world):
    dossier = dossier_in_state(world, State.IN_PROGRESS)

    response = api_get({"code": dossier.code, "verify": "5678"})

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code
    assert body["state"] == "in_progress"
    assert body["state_label"] == "Đang xử lý"
    assert body["national_status"] == 4
    assert body["procedure_name"] == "Đăng ký thành lập hộ kinh doanh"
    assert body["receiving_unit"] == "Trung tâm Phục vụ hành chính công phường Ninh Kiều"
    assert body["due_at"] == timezone.localtime(dossier.due_at, LOCAL_TZ).isoformat()
    assert body["received_at"] == timezone.localtime(dossier.received_at, LOCAL_TZ).isoformat()
    assert body["rescheduled"] is False
    assert body["clock_paused"] is False
    assert response["Cache-Control"] == "no-store"


def test_the_last_four_digits_of_the_identity_number_open_it_too(world):
    dossier = dossier_in_state(world, State.RECEIVED)

    assert api_get({"code": dossier.code, "verify": "1234"}).status_code == 200
    assert tracking.track(code=dossier.code, verify="1234").code == dossier.code


def test_the_code_is_read_in_any_case_and_with_spaces_around(world):
    dossier = dossier_in_state(world, State.RECEIVED)

    response = api_get({"code": f"  {dossier.code.lower()} ", "verify": " 5678 "})

    assert response.status_code == 200
    assert response.json()["code"] == dossier.code


def test_the_page_shows_state_appointment_and_timeline(world):
    dossier = dossier_in_state(world, State.IN_PROGRESS)

    response = page_post({"code": dossier.code.lower(), "verify": "5678"})

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    html = result_region(response)
    due = timezone.localtime(dossier.due_at, LOCAL_TZ)
    assert dossier.code in html
    assert "Đang xử lý" in html
    assert f"{due:%d/%m/%Y %H:%M}" in html
    assert "Hồ sơ đã được tiếp nhận" in html
    assert "Hồ sơ được chuyển đến đơn vị xử lý" in html


# ---- Every failure answers alike ---------------------------------------------------------------


def _failures(world):
    """(code, verify) pairs that must all answer "not found"."""
    known = dossier_in_state(world, State.RECEIVED)
    draft = applied(world)
    # A draft never has a code; give one by hand to prove drafts stay out all the same.
    Dossier.objects.filter(pk=draft.pk).update(code="H92.31.01-260309-9999")
    walk_in = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Người không khai số",
    )
    services.dossier_attach_file(
        dossier_id=walk_in.pk, actor=world.home.desk, upload=pdf(), component_id=world.required.pk
    )
    walk_in = services.dossier_submit(dossier_id=walk_in.pk, actor=world.home.desk)
    return {
        "wrong secret": (known.code, "0000"),
        "secret of another number": (known.code, "4567"),
        "unknown code": ("H92.31.01-260309-0777", "5678"),
        "draft": ("H92.31.01-260309-9999", "5678"),
        "no number to check": (walk_in.code, "0000"),
    }


def test_wrong_secret_unknown_code_draft_and_no_number_answer_the_same_404(world):
    failures = _failures(world)

    bodies = {}
    for reason, (code, verify) in failures.items():
        response = api_get({"code": code, "verify": verify})
        assert response.status_code == 404, reason
        assert "Retry-After" not in response
        bodies[reason] = response.content

    assert len(set(bodies.values())) == 1, bodies
    assert api_get({"code": "H92.31.01-260309-0777", "verify": "5678"}).json() == {
        "code": "not_found",
        "message": "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối đã nhập.",
        "fields": {},
    }


def test_the_page_says_the_same_neutral_thing_whatever_went_wrong(world):
    failures = _failures(world)

    answers = set()
    for reason, (code, verify) in failures.items():
        response = page_post({"code": code, "verify": verify})
        assert response.status_code == 200, reason
        answers.add(result_region(response))

    assert len(answers) == 1
    assert "Không tìm thấy hồ sơ" in answers.pop()


def test_track_gives_none_for_every_failure(world):
    for reason, (code, verify) in _failures(world).items():
        assert tracking.track(code=code, verify=verify) is None, reason
    assert tracking.track(code="", verify="") is None


# ---- Nothing personal ----------------------------------------------------------------------------


def _with_every_detail(world):
    """Received, asked for a supplement (with a reason and a missing item), supplemented."""
    dossier = dossier_in_state(world, State.SUPPLEMENT_REQUESTED)
    fire(Action.SUPPLEMENT, dossier, world.citizen, note="Gửi kèm hợp đồng của bà Hoa.")
    return reload(dossier)


def _personal(world):
    staff = [world.home.desk, world.home.specialist, world.home.head, world.home.leader]
    return [
        NAME,
        "Hoa",
        "0912",
        "345",
        PHONE,
        ID_NUMBER,
        "092080",
        EMAIL,
        ADDRESS,
        "Mậu Thân",
        SUPPLEMENT_REASON,
        MISSING,
        "hợp đồng của bà Hoa",
        world.citizen.get_full_name(),
        *[user.get_full_name() for user in staff],
        *[user.username for user in staff],
    ]


def test_the_api_answer_carries_no_personal_data_nor_reasons(world):
    dossier = _with_every_detail(world)

    response = api_get({"code": dossier.code, "verify": "1234"})

    assert response.status_code == 200
    text = response.content.decode()
    for secret in _personal(world):
        assert secret not in text, secret
    assert set(response.json()) == {
        "code",
        "procedure_name",
        "receiving_unit",
        "state",
        "state_label",
        "national_status",
        "clock_paused",
        "sent_at",
        "official_reception_at",
        "received_at",
        "due_at",
        "rescheduled",
        "resolved_at",
        "returned_at",
        "outcome",
        "outcome_label",
        "timeline",
    }


def test_the_page_carries_no_personal_data_nor_reasons(world):
    dossier = _with_every_detail(world)

    response = page_post({"code": dossier.code, "verify": "1234"})

    assert response.status_code == 200
    html = response.content.decode()
    for secret in _personal(world):
        assert secret not in html, secret
    assert "Xem chi tiết khi đăng nhập" in html


# ---- The timeline --------------------------------------------------------------------------------


def test_the_timeline_is_in_order_in_plain_words_with_the_state_after_each_step(
    world, time_machine
):
    dossier = applied(world)
    steps = [
        State.SUBMITTED,
        State.RECEIVED,
        State.IN_PROGRESS,
        State.SUPPLEMENT_REQUESTED,
    ]
    for state in steps:
        time_machine.shift(datetime.timedelta(minutes=30))
        dossier = bring(world, dossier, state)
    time_machine.shift(datetime.timedelta(hours=1))
    fire(Action.SUPPLEMENT, dossier, world.citizen)
    for state in (State.PENDING_APPROVAL, State.RESOLVED, State.RETURNED):
        time_machine.shift(datetime.timedelta(hours=1))
        dossier = bring(world, reload(dossier), state)

    body = api_get({"code": dossier.code, "verify": "5678"}).json()

    assert [(s["action"], s["label"], s["state"], s["state_label"]) for s in body["timeline"]] == [
        ("submit", "Hồ sơ đã được nộp", "submitted", "Mới nộp"),
        ("receive", "Hồ sơ đã được tiếp nhận", "received", "Đã tiếp nhận"),
        ("transfer", "Hồ sơ được chuyển đến đơn vị xử lý", "in_progress", "Đang xử lý"),
        (
            "request-supplement",
            "Cơ quan đề nghị bổ sung hồ sơ",
            "supplement_requested",
            "Chờ bổ sung hồ sơ",
        ),
        ("supplement", "Hồ sơ đã được bổ sung", "in_progress", "Đang xử lý"),
        (
            "submit-for-approval",
            "Hồ sơ được trình lãnh đạo phê duyệt",
            "pending_approval",
            "Chờ phê duyệt",
        ),
        ("approve", "Hồ sơ đã có kết quả giải quyết", "resolved", "Đã giải quyết"),
        ("return", "Đã trả kết quả", "returned", "Đã trả kết quả"),
    ]
    times = [datetime.datetime.fromisoformat(s["at"]) for s in body["timeline"]]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert [s["details_elsewhere"] for s in body["timeline"]] == [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    assert body["outcome"] == "approved"
    assert body["outcome_label"] == "Chấp thuận"
    assert body["resolved_at"] and body["returned_at"]
    assert body["national_status"] == 10


def test_a_paused_dossier_says_so(world):
    dossier = dossier_in_state(world, State.SUPPLEMENT_REQUESTED)

    body = api_get({"code": dossier.code, "verify": "5678"}).json()
    html = result_region(page_post({"code": dossier.code, "verify": "5678"}))

    assert body["clock_paused"] is True
    assert body["state_label"] == "Chờ bổ sung hồ sơ"
    assert "Đang tạm dừng tính thời hạn" in html


def test_a_rescheduled_appointment_shows_the_new_date_and_is_marked(world):
    dossier = dossier_in_state(world, State.IN_PROGRESS)
    fire(Action.RESCHEDULE, dossier, world.home.head)
    dossier = reload(dossier)

    body = api_get({"code": dossier.code, "verify": "5678"}).json()
    html = result_region(page_post({"code": dossier.code, "verify": "5678"}))

    assert body["rescheduled"] is True
    assert timezone.localtime(dossier.due_at, LOCAL_TZ).date() == dossier.rescheduled_to
    assert body["due_at"] == timezone.localtime(dossier.due_at, LOCAL_TZ).isoformat()
    assert body["timeline"][-1]["action"] == "reschedule"
    assert body["timeline"][-1]["label"] == "Cơ quan xin lỗi và hẹn lại ngày trả kết quả"
    assert f"{dossier.rescheduled_to:%d/%m/%Y}" in html
    assert "(đã hẹn lại)" in html
    assert "Xin lỗi và hẹn lại" not in html  # the staff's wording stays with the staff
    assert "Cần xác minh thêm tại địa phương." not in html


# ---- Queries -------------------------------------------------------------------------------------


def test_a_lookup_takes_two_queries_however_long_the_timeline(world, django_assert_num_queries):
    short = dossier_in_state(world, State.SUBMITTED)
    long = _with_every_detail(world)
    long = bring(world, long, State.RETURNED)

    for dossier in (short, long):
        with django_assert_num_queries(2):
            response = api_get({"code": dossier.code, "verify": "5678"})
        assert response.status_code == 200
    with django_assert_num_queries(1):
        assert api_get({"code": "H92.31.01-260309-0777", "verify": "5678"}).status_code == 404


# ---- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"verify": "5678"}, "code"),
        ({"code": "H92.31.01-260309-0001"}, "verify"),
        ({"code": "H92.31.01-260309-0001", "verify": "56"}, "verify"),
        ({"code": "H92.31.01-260309-0001", "verify": "56a8"}, "verify"),
        ({"code": "H92.31.01-260309-0001", "verify": "567890"}, "verify"),
        ({"code": "<script>", "verify": "5678"}, "code"),
        ({"code": "x" * 65, "verify": "5678"}, "code"),
    ],
)
def test_a_missing_or_malformed_parameter_is_a_400_naming_it(db, params, field):
    response = api_get(params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == [field]


def test_the_api_needs_no_account_and_ignores_a_broken_token(world):
    dossier = dossier_in_state(world, State.RECEIVED)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = client.get(URL, {"code": dossier.code, "verify": "5678"})

    assert response.status_code == 200


def test_the_page_form_explains_what_is_missing(db):
    response = page_post({"code": "", "verify": "12"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Nhập mã hồ sơ." in html
    assert "Nhập đúng 4 chữ số." in html
    assert 'aria-invalid="true"' in html
    assert "Không tìm thấy hồ sơ" not in html


def test_the_page_form_is_posted_with_a_csrf_token(world):
    dossier = dossier_in_state(world, State.RECEIVED)
    client = Client(enforce_csrf_checks=True)

    assert page_post({"code": dossier.code, "verify": "5678"}, client=client).status_code == 403
    form = client.get(PAGE)
    token = form.cookies["csrftoken"].value
    response = client.post(
        PAGE, {"code": dossier.code, "verify": "5678", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    assert dossier.code in result_region(response)


def test_the_page_is_linked_from_the_site_navigation(db):
    html = Client().get(PAGE).content.decode()

    assert '<a href="/tra-cuu/" aria-current="page">Tra cứu hồ sơ</a>' in html
    assert 'name="verify"' in html and 'inputmode="numeric"' in html
    assert "track-result" in html and 'aria-live="polite"' in html


# ---- Rate limits ---------------------------------------------------------------------------------


def test_an_address_gets_its_lookups_per_minute_then_429_with_retry_after(world, settings):
    settings.PORTAL_TRACK_RATE_PER_IP_MINUTE = 3
    dossier = dossier_in_state(world, State.RECEIVED)

    answers = [
        api_get({"code": f"H92.31.01-260309-{n:04d}", "verify": "0000"}).status_code
        for n in range(3)
    ]
    limited = api_get({"code": dossier.code, "verify": "5678"})

    assert answers == [404, 404, 404]
    assert limited.status_code == 429
    assert limited.json() == {
        "code": "throttled",
        "message": "Quá nhiều yêu cầu. Vui lòng thử lại sau.",
        "fields": {},
    }
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert api_get({"code": dossier.code, "verify": "5678"}, ip="198.51.100.9").status_code == 200


def test_a_code_gets_its_lookups_per_hour_whoever_asks(world, settings):
    settings.PORTAL_TRACK_RATE_PER_CODE_HOUR = 2
    dossier = dossier_in_state(world, State.RECEIVED)
    other = dossier_in_state(world, State.RECEIVED)

    answers = [
        api_get({"code": dossier.code, "verify": f"{n:04d}"}, ip=f"10.0.0.{n}").status_code
        for n in range(2)
    ]
    limited = api_get({"code": dossier.code.lower(), "verify": "5678"}, ip="10.0.0.99")

    assert answers == [404, 404]
    assert limited.status_code == 429
    assert 60 < int(limited["Retry-After"]) <= 3600
    assert api_get({"code": other.code, "verify": "5678"}, ip="10.0.0.99").status_code == 200


def test_the_applicants_own_lookups_never_use_up_the_codes_budget(world, settings):
    settings.PORTAL_TRACK_RATE_PER_CODE_HOUR = 2
    dossier = dossier_in_state(world, State.RECEIVED)

    found = [
        api_get({"code": dossier.code, "verify": "5678"}, ip=f"10.0.1.{n}").status_code
        for n in range(5)
    ]
    missed = [
        api_get({"code": dossier.code, "verify": "0000"}, ip=f"10.0.2.{n}").status_code
        for n in range(3)
    ]

    assert found == [200] * 5
    assert missed == [404, 404, 429]


def test_the_page_shares_the_limits_and_says_so_in_vietnamese(world, settings):
    settings.PORTAL_TRACK_RATE_PER_IP_MINUTE = 2
    dossier = dossier_in_state(world, State.RECEIVED)

    api_get({"code": dossier.code, "verify": "0000"})
    page_post({"code": dossier.code, "verify": "0000"})
    response = page_post({"code": dossier.code, "verify": "5678"})

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    html = result_region(response)
    assert "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau 1 phút." in html
    assert dossier.code not in html


def test_the_limits_open_again_in_the_next_window(world, settings, time_machine):
    settings.PORTAL_TRACK_RATE_PER_IP_MINUTE = 1
    dossier = dossier_in_state(world, State.RECEIVED)

    assert api_get({"code": dossier.code, "verify": "5678"}).status_code == 200
    limited = api_get({"code": dossier.code, "verify": "5678"})
    assert limited.status_code == 429
    time_machine.shift(datetime.timedelta(seconds=int(limited["Retry-After"])))

    assert api_get({"code": dossier.code, "verify": "5678"}).status_code == 200


def test_behind_a_proxy_the_forwarded_address_is_counted(world, settings):
    settings.PORTAL_TRACK_RATE_PER_IP_MINUTE = 1
    settings.AXES_IPWARE_PROXY_COUNT = 1
    dossier = dossier_in_state(world, State.RECEIVED)
    client = APIClient()
    params = {"code": dossier.code, "verify": "5678"}

    first = client.get(URL, params, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.get(URL, params, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = client.get(URL, params, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")

    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


def test_the_receipts_qr_link_fills_in_the_code_but_looks_nothing_up(world):
    dossier = dossier_in_state(world, State.RECEIVED)

    response = Client().get(PAGE, {"code": dossier.code})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{dossier.code}"' in html
    assert dossier.applicant_name not in html
    assert "track-result" not in html or "Không tìm thấy" not in result_region(response)


# --- The cached view ----------------------------------------------------------------------------


@pytest.fixture
def cached_views(settings):
    settings.PORTAL_TRACK_CACHE_SECONDS = 300
    if "Redis" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("the view is cached only in a shared cache (Redis)")


def test_a_second_lookup_is_answered_from_the_cache_until_the_next_event(
    world, cached_views, django_assert_num_queries, django_capture_on_commit_callbacks
):
    dossier = bring(world, applied(world), State.SUBMITTED)
    first = tracking.track(code=dossier.code, verify="5678")

    with django_assert_num_queries(0):
        again = tracking.track(code=dossier.code, verify="5678")
        wrong = tracking.track(code=dossier.code, verify="0000")
        by_id = tracking.track(code=dossier.code.lower(), verify="1234")

    assert again == first and by_id == first and wrong is None  # the secret still counts
    with django_capture_on_commit_callbacks(execute=True) as committed:
        dossier = bring(world, dossier, State.RECEIVED)
    assert committed  # the view is forgotten again once the event is committed
    after = tracking.track(code=dossier.code, verify="5678")
    assert after.state == State.RECEIVED and len(after.timeline) == len(first.timeline) + 1


def test_a_view_read_while_an_event_commits_is_never_served_after_it(
    world, cached_views, monkeypatch
):
    """The reader took the generation, then read the database just before the event's commit
    forgot it: what it stores goes under the old generation, which nobody reads again."""
    dossier = bring(world, applied(world), State.SUBMITTED)
    read = tracking._read

    def read_then_commit(code):
        view = read(code)
        tracking.forget(code)  # the event's after-commit, between the read and the store
        return view

    monkeypatch.setattr(tracking, "_read", read_then_commit)
    tracking.track(code=dossier.code, verify="5678")

    calls = []
    monkeypatch.setattr(tracking, "_read", lambda code: calls.append(code) or read(code))
    fresh = tracking.track(code=dossier.code, verify="5678")
    served = tracking.track(code=dossier.code, verify="5678")

    assert calls == [dossier.code]  # the view stored during the commit was not served
    assert fresh == served and fresh.state == State.SUBMITTED


def test_without_a_shared_cache_nothing_is_cached(world, settings, django_assert_num_queries):
    settings.PORTAL_TRACK_CACHE_SECONDS = 0
    dossier = bring(world, applied(world), State.SUBMITTED)
    tracking.track(code=dossier.code, verify="5678")

    with django_assert_num_queries(2):
        tracking.track(code=dossier.code, verify="5678")


def test_the_written_out_answer_is_what_the_fields_say(world):
    """The public view is written out by hand for speed: it equals what DRF's fields make of
    it, field by field, in the same order, timeline included."""
    from rest_framework import serializers as drf

    from dossiers.api.serializers.track import TrackedDossierSerializer

    dossier = bring(world, applied(world), State.IN_PROGRESS)
    view = tracking.track(code=dossier.code, verify="5678")

    fast = TrackedDossierSerializer(view).data
    slow = drf.Serializer.to_representation(TrackedDossierSerializer(view), view)

    assert list(fast) == list(slow)
    assert {k: (fast[k], slow[k]) for k in slow if fast[k] != _plain(slow[k])} == {}
    assert len(fast["timeline"]) >= 3


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@pytest.mark.parametrize(
    "query",
    [
        {"code": " h13.31.01-260309-0001 ", "verify": " 5678 "},
        {"code": "H13.31.01-260309-0001", "verify": "5678"},
        {"code": "H13 31", "verify": "5678"},
        {"code": "Đ-1", "verify": "5678"},
        {"code": "A" * 64, "verify": "0000"},
        {"code": "A" * 65, "verify": "0000"},
        {"code": "", "verify": "5678"},
        {"code": "H13", "verify": "567"},
        {"code": "H13", "verify": "５６７８"},
        {"code": "H13", "verify": "5678\n"},
        {"code": "H13\x00", "verify": "5678"},
        {"verify": "5678"},
        {"code": "H13"},
    ],
)
def test_the_quick_check_of_the_parameters_agrees_with_the_serializer(query):
    from django.http import QueryDict

    from dossiers.api.serializers.track import TrackParams

    data = QueryDict(mutable=True)
    data.update(query)
    quick = TrackParams.plainly_valid(data)
    serializer = TrackParams(data=data)
    if serializer.is_valid():
        assert quick in (None, serializer.validated_data)
        assert quick is not None or len(query.get("code", "").strip()) > 64
    else:
        assert quick is None
