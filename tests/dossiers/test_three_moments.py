"""Three moments, one meaning each (issue 11): when the applicant sent the dossier, the official
reception time the law counts from, and when the desk finished its check. For a dossier sent in
office hours, one sent at 18:09 on a Monday, and one sent on a Saturday, the three agree on the
applicant's page, public tracking (page and API), the receipt (Mẫu 01), the e-mails and the
dossiers API, and the appointment counts from the official reception time."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from dossiers import services
from dossiers.slips.legal_forms import Form
from dossiers.slips.parts import words_time
from dossiers.slips.render import render_pdf
from dossiers.states import Action
from notifications import dispatch as dispatcher
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import at, local, reload
from tests.dossiers.test_slips import pdf_text
from tests.helpers import api

PHONE = "0912 345 678"  # tracking's secret: 5678

# (sent, official reception, the desk's check, the appointment: three working days after).
CASES = {
    "in office hours": (
        "2026-03-09 10:00",  # Monday
        "2026-03-09 10:00",
        "2026-03-09 10:30",
        "2026-03-12 17:00",
    ),
    "monday evening, checked the same evening": (
        "2026-03-09 18:09",
        "2026-03-10 07:30",  # the next opening
        "2026-03-09 18:15",  # the desk on a late shift: before the official time
        "2026-03-13 17:00",
    ),
    "saturday, checked on monday": (
        "2026-03-07 10:00",
        "2026-03-09 07:30",
        "2026-03-09 08:00",
        "2026-03-12 17:00",
    ),
}


def _local_text(moment: datetime.datetime) -> str:
    return f"{local(moment):%d/%m/%Y %H:%M}"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Tracking's rate limits count in the cache: each case starts afresh."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sent_and_received(world):
    def make(sent, checked):
        dossier = services.dossier_create(
            actor=world.citizen,
            procedure_code=world.procedure.code,
            channel="online",
            agency_code="H92.31",
            applicant_name="Nguyễn Văn An",
            applicant_phone=PHONE,
            applicant_email="an@example.vn",
        )
        services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=world.citizen,
            upload=pdf(),
            component_id=world.required.pk,
        )
        with time_machine.travel(at(sent), tick=False):
            services.dossier_submit(dossier_id=dossier.pk, actor=world.citizen)
        with time_machine.travel(at(checked), tick=False):
            services.dossier_receive(
                dossier_id=dossier.pk,
                actor=world.home.desk,
                checklist={str(world.required.pk): True},
            )
        return reload(dossier)

    return make


@pytest.mark.parametrize("case", list(CASES))
def test_the_three_moments_agree_everywhere(world, client, sent_and_received, case):
    sent, official, checked, due = (at(text) for text in CASES[case])
    mail.outbox.clear()
    dossier = sent_and_received(CASES[case][0], CASES[case][2])

    # Stored once, each with its meaning; the appointment counts from the official time.
    assert (dossier.sent_at, dossier.official_reception_at, dossier.received_at) == (
        sent,
        official,
        checked,
    )
    assert dossier.clock_start == official
    assert dossier.due_at == due
    assert dossier.code.endswith(f"-{official:%y%m%d}-0001")  # numbered on the official day

    expected = [
        f"Thời điểm gửi hồ sơ {_local_text(sent)}",
        f"Thời điểm tiếp nhận chính thức {_local_text(official)}",
        f"Thời điểm kiểm tra xong {_local_text(checked)}",
    ]

    # The applicant's page.
    client.force_login(world.citizen)
    page = _text(client.get(reverse("dossiers:mine_detail", args=[dossier.pk])))
    assert all(words in page for words in expected), page

    # Public tracking: the page and its API.
    client.logout()
    tracked = _text(
        client.post(reverse("dossiers:track"), {"code": dossier.code, "verify": "5678"})
    )
    assert all(words in tracked for words in expected), tracked
    answer = api().get("/api/v1/track/", {"code": dossier.code, "verify": "5678"}).json()
    assert [answer["sent_at"], answer["official_reception_at"], answer["received_at"]] == [
        _iso(sent),
        _iso(official),
        _iso(checked),
    ]

    # The dossiers API, for the applicant.
    detail = api(world.citizen).get(f"/api/v1/dossiers/{dossier.pk}/").json()
    assert [detail["sent_at"], detail["official_reception_at"], detail["received_at"]] == [
        _iso(sent),
        _iso(official),
        _iso(checked),
    ]

    # The receipt (Mẫu 01): received at the official time, the appointment from it.
    reception = dossier.events.get(action=Action.RECEIVE)
    receipt = " ".join(pdf_text(render_pdf(Form.RECEIPT, dossier, reception)).split())
    assert f"Thời gian nhận hồ sơ: {words_time(official)}" in receipt
    assert words_time(due) in receipt
    assert words_time(checked) not in receipt or checked == official

    # The e-mails: sent, then received, each naming the official reception time.
    dispatcher.dispatch()
    official_words = f"Thời điểm tiếp nhận chính thức: {_moment(official)}"
    submitted = [m for m in mail.outbox if m.subject.startswith("Đã nộp hồ sơ")]
    received = [m for m in mail.outbox if m.subject.endswith("đã được tiếp nhận")]
    assert submitted and received, [m.subject for m in mail.outbox]
    assert f"Thời điểm gửi hồ sơ: {_moment(sent)}" in submitted[0].body
    assert official_words in submitted[0].body
    assert official_words in received[0].body


def _iso(moment: datetime.datetime) -> str:
    """As the API writes a time: local time with its offset."""
    return local(moment).isoformat()


def _moment(moment: datetime.datetime) -> str:
    from common.moments import moment_text

    return moment_text(moment)
