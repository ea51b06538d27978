"""The deadline sweep across a weekend and Tết 2026 (16–20 February off): flags stored on the
rows, the right people told once per crossing, and two sweeps at once telling once."""

import datetime
import threading

import pytest
from django.db import connection

from dossiers.models import DueFlag
from dossiers.services.sweep import deadlines_sweep, leaders_digest
from dossiers.states import Action, State
from notifications.models import Notification
from procedures.calendar import LOCAL_TZ
from tests.dossiers.helpers import dossier_in, fire, reload


def local(*args):
    return datetime.datetime(*args, tzinfo=LOCAL_TZ)


THURSDAY = local(2026, 2, 12, 9, 0)  # received and handed to the specialist
FRIDAY = local(2026, 2, 13, 10, 0)
TET_SATURDAY = local(2026, 2, 14, 10, 0)
TET_TUESDAY = local(2026, 2, 17, 10, 0)
MONDAY_AFTER = local(2026, 2, 23, 8, 0)
DUE = local(2026, 2, 24, 17, 0)  # 3 working days: Fri 13, Mon 23, Tue 24


def told(template, user=None):
    rows = Notification.objects.filter(template=f"dossiers/messages/{template}")
    if user is not None:
        rows = rows.filter(recipient=user)
    return rows


@pytest.fixture
def in_progress(world, time_machine):
    time_machine.move_to(THURSDAY, tick=False)
    dossier = dossier_in(world, State.IN_PROGRESS)
    assert dossier.due_at == DUE
    assert dossier.assignee == world.home.specialist
    return dossier


def test_nothing_is_due_soon_two_working_days_ahead_of_a_weekend_and_tet(
    world, in_progress, time_machine
):
    time_machine.move_to(THURSDAY + datetime.timedelta(hours=1), tick=False)
    deadlines_sweep()
    dossier = reload(in_progress)
    assert dossier.due_flag == ""
    assert not told("staff_due_soon").exists()


def test_two_working_days_before_the_due_date_the_specialist_is_told_once(
    world, in_progress, time_machine
):
    time_machine.move_to(FRIDAY, tick=False)
    deadlines_sweep()
    deadlines_sweep()
    time_machine.move_to(TET_SATURDAY, tick=False)
    deadlines_sweep()
    time_machine.move_to(TET_TUESDAY, tick=False)
    deadlines_sweep()

    dossier = reload(in_progress)
    assert (dossier.due_flag, dossier.due_soon_days) == (DueFlag.DUE_SOON, 2)
    (notice,) = told("staff_due_soon")
    assert notice.recipient == world.home.specialist
    assert notice.context["days"] == 2
    assert notice.digest
    assert notice.link == f"/ban-lam-viec/xu-ly/{dossier.pk}/"


def test_the_last_working_day_before_the_due_date_brings_d1_and_the_apology_window(
    world, in_progress, time_machine
):
    time_machine.move_to(FRIDAY, tick=False)
    deadlines_sweep()
    time_machine.move_to(MONDAY_AFTER, tick=False)
    deadlines_sweep()
    deadlines_sweep()

    dossier = reload(in_progress)
    assert (dossier.due_flag, dossier.due_soon_days) == (DueFlag.DUE_SOON, 1)
    assert dossier.apology_window
    assert sorted(n.context["days"] for n in told("staff_due_soon")) == [1, 2]
    window = told("staff_apology_window")
    assert {n.recipient for n in window} == {world.home.head, world.home.leader}


def test_past_the_due_time_the_dossier_is_late_and_the_head_hears_too(
    world, in_progress, time_machine
):
    time_machine.move_to(DUE + datetime.timedelta(minutes=5), tick=False)
    deadlines_sweep()
    deadlines_sweep()

    dossier = reload(in_progress)
    assert dossier.due_flag == DueFlag.LATE
    assert {n.recipient for n in told("staff_late")} == {
        world.home.specialist,
        world.home.head,
    }
    # Crossing straight to D-1 and late in one run tells the nearest only: no D-2 notice.
    assert not told("staff_due_soon").filter(context__days=2).exists()


def test_a_dossier_waiting_for_the_applicant_is_never_late(world, in_progress, time_machine):
    fire(Action.REQUEST_SUPPLEMENT, in_progress, world.home.specialist)
    time_machine.move_to(DUE + datetime.timedelta(days=3), tick=False)
    deadlines_sweep()

    dossier = reload(in_progress)
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.due_flag == ""
    assert not told("staff_late").exists()


def test_a_new_due_time_clears_the_flag_and_its_crossing_is_told_again(
    world, in_progress, time_machine
):
    time_machine.move_to(MONDAY_AFTER, tick=False)
    deadlines_sweep()
    assert reload(in_progress).due_flag == DueFlag.DUE_SOON

    fire(Action.REQUEST_SUPPLEMENT, in_progress, world.home.specialist)
    assert reload(in_progress).due_flag == ""  # the service cleared it; it computes none
    time_machine.move_to(local(2026, 2, 23, 10, 0), tick=False)  # two office hours later
    fire(Action.SUPPLEMENT, in_progress, world.citizen)
    dossier = reload(in_progress)
    assert dossier.due_at == local(2026, 2, 25, 9, 30)
    deadlines_sweep()

    assert told("staff_due_soon").count() == 2  # a different due time: a new crossing


def test_a_dossier_without_an_event_for_eight_working_hours_is_stuck(
    world, in_progress, time_machine
):
    time_machine.move_to(local(2026, 2, 13, 8, 30), tick=False)  # 7.5 working hours later
    deadlines_sweep()
    assert not reload(in_progress).stuck

    time_machine.move_to(FRIDAY, tick=False)  # 9 working hours later
    deadlines_sweep()
    deadlines_sweep()

    assert reload(in_progress).stuck
    assert {n.recipient for n in told("staff_stuck")} == {world.home.specialist, world.home.head}

    fire(Action.SUBMIT_FOR_APPROVAL, in_progress, world.home.specialist)
    assert not reload(in_progress).stuck  # an event unsticks it


def test_an_agency_may_wait_longer_before_calling_a_dossier_stuck(world, in_progress, time_machine):
    world.home.committee.stuck_after_hours = 16
    world.home.committee.save()

    time_machine.move_to(FRIDAY, tick=False)
    deadlines_sweep()
    assert not reload(in_progress).stuck

    time_machine.move_to(local(2026, 2, 23, 10, 30), tick=False)  # 16.5 working hours, over Tết
    deadlines_sweep()
    assert reload(in_progress).stuck


def test_the_step_due_time_is_flagged_apart_from_the_dossiers(world, in_progress, time_machine):
    step_due = reload(in_progress).step_due_at  # the specialist's 2 working days
    time_machine.move_to(step_due + datetime.timedelta(minutes=1), tick=False)
    deadlines_sweep()

    dossier = reload(in_progress)
    assert dossier.step_flag == DueFlag.LATE
    (notice,) = told("staff_step_late")
    assert notice.recipient == world.home.specialist


def test_leaders_get_one_digest_on_working_days_only(world, in_progress, time_machine):
    time_machine.move_to(DUE + datetime.timedelta(minutes=5), tick=False)
    deadlines_sweep()

    time_machine.move_to(local(2026, 2, 28, 7, 0), tick=False)  # a Saturday
    assert leaders_digest() == 0
    time_machine.move_to(local(2026, 2, 25, 7, 0), tick=False)  # Wednesday
    leaders_digest()
    leaders_digest()

    (digest,) = told("leaders_digest")
    assert digest.recipient == world.home.leader
    assert digest.context["late_count"] == 1
    assert digest.context["late"][0]["code"] == in_progress.code


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections")
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_tell_each_crossing_once(time_machine):
    from tests.dossiers.conftest import build_world

    world = build_world()
    time_machine.move_to(THURSDAY, tick=False)
    dossiers = [dossier_in(world, State.IN_PROGRESS) for _ in range(5)]
    time_machine.move_to(DUE + datetime.timedelta(minutes=5), tick=False)
    start = threading.Barrier(2)
    results = []

    def sweep():
        try:
            start.wait()
            results.append(deadlines_sweep())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 2
    assert told("staff_late", world.home.specialist).count() == len(dossiers)
    assert all(reload(d).due_flag == DueFlag.LATE for d in dossiers)


def test_integrators_filter_the_queue_by_the_stored_flags(world, in_progress, client, time_machine):
    other = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(DUE + datetime.timedelta(minutes=5), tick=False)
    deadlines_sweep()
    type(other).objects.filter(pk=other.pk).update(due_flag="", stuck=False)  # only one flagged
    client.force_login(world.home.specialist)

    late = client.get("/api/v1/dossiers/", {"flag": "late"}).json()["results"]
    stuck_or_late = client.get("/api/v1/dossiers/", {"flag": "stuck,late"}).json()["results"]
    wrong = client.get("/api/v1/dossiers/", {"flag": "sideways"})

    assert [d["code"] for d in late] == [in_progress.code]
    assert "late" in late[0]["flags"] and "stuck" in late[0]["flags"]
    assert [d["code"] for d in stuck_or_late] == [in_progress.code]
    assert wrong.status_code == 400
    assert "flag" in wrong.json()["fields"]


def test_the_queues_show_the_stuck_mark_the_sweep_stored(world, in_progress, client, time_machine):
    time_machine.move_to(FRIDAY, tick=False)
    deadlines_sweep()
    client.force_login(world.home.specialist)

    page = client.get("/ban-lam-viec/xu-ly/").content.decode()

    assert 'desk-flag--stuck">Tồn đọng</span>' in page
