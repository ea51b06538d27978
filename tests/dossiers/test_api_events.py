"""GET /api/v1/dossiers/{id}/events/: the timeline (control slip), oldest first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers import services
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import submitted as _submitted
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")

HANOI = datetime.timezone(datetime.timedelta(hours=7))


def events_url(dossier):
    return f"/api/v1/dossiers/{dossier.pk}/events/"


def _resolved(world, time_machine):
    """Submitted and received Monday 09:00, transferred at 10:00, approved on Wednesday."""
    home = world.home
    dossier = _submitted(world)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=home.desk, checklist={str(world.required.pk): True}
    )
    time_machine.shift(datetime.timedelta(hours=1))
    services.dossier_transfer(
        dossier_id=dossier.pk, actor=home.desk, assignee_id=home.specialist.pk
    )
    draft = services.dossier_attach_file(
        dossier_id=dossier.pk, actor=home.specialist, upload=pdf("du-thao.pdf")
    )
    time_machine.move_to(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=HANOI), tick=False)
    services.dossier_submit_for_approval(
        dossier_id=dossier.pk, actor=home.specialist, note="Đủ điều kiện", file_ids=[draft.pk]
    )
    time_machine.shift(datetime.timedelta(hours=2))
    services.dossier_approve(dossier_id=dossier.pk, actor=home.leader, summary="Cấp GCN")
    return dossier, draft


def test_the_timeline_lists_every_step_oldest_first_with_who_and_when(world, time_machine):
    dossier, _draft = _resolved(world, time_machine)

    response = api(world.citizen).get(events_url(dossier))

    assert response.status_code == 200
    timeline = response.json()
    assert [(e["action"], e["from_state"], e["to_state"]) for e in timeline] == [
        ("submit", "draft", "submitted"),
        ("receive", "submitted", "received"),
        ("transfer", "received", "in_progress"),
        ("submit-for-approval", "in_progress", "pending_approval"),
        ("approve", "pending_approval", "resolved"),
    ]
    assert [e["at"] for e in timeline] == [
        "2026-03-09T09:00:00+07:00",
        "2026-03-09T09:00:00+07:00",
        "2026-03-09T10:00:00+07:00",
        "2026-03-11T09:00:00+07:00",
        "2026-03-11T11:00:00+07:00",
    ]
    assert [e["action_label"] for e in timeline] == [
        "Nộp hồ sơ",
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
        "Trình phê duyệt",
        "Phê duyệt",
    ]
    assert [e["actor_name"] for e in timeline] == [
        world.citizen.get_full_name(),
        world.home.desk.get_full_name(),
        world.home.desk.get_full_name(),
        world.home.specialist.get_full_name(),
        world.home.leader.get_full_name(),
    ]
    assert [e["actor_agency"] and e["actor_agency"]["code"] for e in timeline] == [
        None,
        "H92.31.01",
        "H92.31.01",
        "H92.31",
        "H92.31",
    ]


def test_each_hand_over_records_the_step_due_time_and_its_timeliness(world, time_machine):
    dossier, _draft = _resolved(world, time_machine)

    timeline = api(world.home.desk).get(events_url(dossier)).json()
    steps = {e["action"]: (e["step_due_at"], e["timeliness"]) for e in timeline}

    assert steps["submit"] == (None, "")
    assert steps["transfer"][1] == "early"  # half a working day for the desk, used one hour
    assert steps["transfer"][0] is not None
    assert steps["approve"][1] in ("early", "on_time")


def test_events_carry_their_reason_data_and_files(world, time_machine):
    dossier, draft = _resolved(world, time_machine)

    timeline = api(world.home.leader).get(events_url(dossier)).json()
    by_action = {e["action"]: e for e in timeline}

    assert by_action["receive"]["data"] == {"checklist": [str(world.required.pk)]}
    assert by_action["transfer"]["data"] == {"unit": "H92.31", "assignee": world.home.specialist.pk}
    assert by_action["submit-for-approval"]["reason"] == "Đủ điều kiện"
    assert by_action["submit-for-approval"]["files"] == [
        {
            "id": str(draft.pk),
            "name": "du-thao.pdf",
            "url": f"http://testserver/api/v1/dossiers/{dossier.pk}/files/{draft.pk}/",
        }
    ]
    assert by_action["approve"]["data"]["result_code"] == "H92.31.01-260309-0001-KQ1"
    assert by_action["receive"]["files"] == []


def test_a_refusal_shows_its_reason_on_the_timeline(world):
    dossier = _submitted(world)
    services.dossier_refuse(dossier_id=dossier.pk, actor=world.home.desk, reason="Sai thẩm quyền")

    last = api(world.citizen).get(events_url(dossier)).json()[-1]

    assert last["action"] == "refuse"
    assert last["to_state"] == "refused"
    assert last["reason"] == "Sai thẩm quyền"


def test_a_reschedule_is_on_the_timeline_without_a_change_of_state(world):
    dossier = _submitted(world)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_reschedule(
        dossier_id=dossier.pk,
        actor=world.home.head,
        new_date=datetime.date(2026, 3, 20),
        reason="Cần xác minh",
    )

    last = api(world.citizen).get(events_url(dossier)).json()[-1]

    assert (last["action"], last["from_state"], last["to_state"]) == (
        "reschedule",
        "received",
        "received",
    )
    assert last["data"]["previous_due_at"].startswith("2026-03-12")


def test_others_get_a_404_and_anonymous_a_401(world):
    dossier = _submitted(world)

    assert api(world.other_citizen).get(events_url(dossier)).status_code == 404
    assert api(world.away.leader).get(events_url(dossier)).status_code == 404
    assert api().get(events_url(dossier)).status_code == 401
    assert api(world.citizen).get("/api/v1/dossiers/nope/events/").status_code == 404


def test_the_timeline_costs_the_same_queries_however_long_it_is(world, time_machine):
    short = _submitted(world)
    long, _draft = _resolved(world, time_machine)
    leader = type(world.home.leader).objects.get(pk=world.home.leader.pk)

    counts = []
    for dossier in (short, long):
        client = api(leader)
        leader.__dict__.pop("_dossier_memberships", None)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(events_url(dossier)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] == 4  # memberships, dossier, events, their files
