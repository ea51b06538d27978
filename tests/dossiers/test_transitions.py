"""Every row of states.TRANSITIONS, through its service: where it leads and what it writes."""

import pytest
from django.db import DatabaseError, connection, transaction

from dossiers.errors import Conflict
from dossiers.models import AppendOnly, DossierEvent
from dossiers.states import READ_ONLY, TRANSITIONS, Action, Actor, State
from tests.dossiers.helpers import (
    MONDAY,
    dossier_in,
    events,
    fire,
    local,
    options_for,
    person,
    reload,
    unassigned,
)

pytestmark = pytest.mark.usefixtures("frozen_monday")

ALLOWED = [
    pytest.param(action, source, actor, id=f"{action.value}-from-{source.value}-by-{actor.value}")
    for action, rule in TRANSITIONS.items()
    for source in sorted(rule.sources)
    for actor in sorted(rule.actors_in(source))
]

FORBIDDEN = [
    pytest.param(state, id=state.value)
    for state in State
    if state not in READ_ONLY and any(state not in rule.sources for rule in TRANSITIONS.values())
]


@pytest.mark.parametrize(("action", "source", "actor"), ALLOWED)
def test_each_allowed_transition_lands_in_its_target_and_writes_one_event(
    world, action, source, actor
):
    if action == Action.CLAIM:
        dossier = unassigned(world, **options_for(source, actor))
    else:
        dossier = dossier_in(world, source, **options_for(source, actor))
    user = person(world, actor)
    before = len(events(dossier))

    fire(action, dossier, user)

    dossier = reload(dossier)
    target = TRANSITIONS[action].target or source
    assert dossier.state == target
    written = events(dossier)[before:]
    assert len(written) == 1
    event = written[0]
    assert event.action == action
    assert (event.from_state, event.to_state) == (source, target)
    assert event.actor == user
    assert event.actor_name == user.get_full_name()
    assert event.at == MONDAY


@pytest.mark.parametrize("state", FORBIDDEN)
def test_actions_that_do_not_start_from_a_state_are_refused_there_with_a_conflict(world, state):
    # A citizen's dossier, and a walk-in's where staff meet a draft; with their event counts.
    dossiers = {}
    forbidden = [a for a, rule in TRANSITIONS.items() if state not in rule.sources]
    assert forbidden

    for action in forbidden:
        # Someone who may fire the action in general, so only the state stands in the way.
        actor = sorted(TRANSITIONS[action].actors)[0]
        options = options_for(state, actor)
        key = tuple(sorted(options.items()))
        if key not in dossiers:
            dossier = dossier_in(world, state, **options)
            dossiers[key] = (dossier, len(events(dossier)))
        with pytest.raises(Conflict):
            fire(action, dossiers[key][0], person(world, actor))

    for dossier, before in dossiers.values():
        assert reload(dossier).state == state
        assert len(events(dossier)) == before


@pytest.mark.parametrize("state", sorted(READ_ONLY))
def test_a_finished_dossier_refuses_every_action_to_everyone_with_a_conflict(world, state):
    dossier = dossier_in(world, state)
    before = len(events(dossier))

    for action in Action:
        for actor in Actor:
            with pytest.raises(Conflict):
                fire(action, dossier, person(world, actor))

    assert reload(dossier).state == state
    assert len(events(dossier)) == before


def test_a_reschedule_keeps_the_state_and_records_it_as_an_event_from_and_to_that_state(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    fire(Action.RESCHEDULE, dossier, world.home.leader)

    event = events(dossier)[-1]
    assert event.action == Action.RESCHEDULE
    assert event.from_state == event.to_state == State.IN_PROGRESS
    assert reload(dossier).state == State.IN_PROGRESS


@pytest.mark.parametrize("state", [State.SUPPLEMENT_REQUESTED, State.AWAITING_PAYMENT])
def test_a_reschedule_while_the_clock_is_paused_still_gives_the_new_due_date(world, state):
    dossier = dossier_in(world, state)
    new_date = local(dossier.due_at).date().replace(day=20)

    dossier = fire(Action.RESCHEDULE, dossier, world.home.leader, new_date=new_date)

    assert local(reload(dossier).due_at) == local(dossier.due_at)
    assert local(dossier.due_at).date() == new_date
    assert (local(dossier.due_at).hour, local(dossier.due_at).minute) == (17, 0)


def test_the_whole_life_of_a_dossier_is_read_from_its_events(world):
    dossier = dossier_in(world, State.RETURNED)

    steps = [(e.action, e.from_state, e.to_state) for e in events(dossier)]

    assert steps == [
        (Action.SUBMIT, State.DRAFT, State.SUBMITTED),
        (Action.RECEIVE, State.SUBMITTED, State.RECEIVED),
        (Action.TRANSFER, State.RECEIVED, State.IN_PROGRESS),
        (Action.SUBMIT_FOR_APPROVAL, State.IN_PROGRESS, State.PENDING_APPROVAL),
        (Action.APPROVE, State.PENDING_APPROVAL, State.RESOLVED),
        (Action.RETURN, State.RESOLVED, State.RETURNED),
    ]


# ---- The event log is append-only --------------------------------------------------------------


def test_an_event_row_cannot_be_saved_again(world):
    event = events(dossier_in(world, State.SUBMITTED))[-1]
    event.reason = "sửa lại lịch sử"

    with pytest.raises(AppendOnly):
        event.save()

    assert DossierEvent.objects.get(pk=event.pk).reason == ""


def test_an_event_row_cannot_be_deleted(world):
    event = events(dossier_in(world, State.SUBMITTED))[-1]

    with pytest.raises(AppendOnly):
        event.delete()

    assert DossierEvent.objects.filter(pk=event.pk).exists()


def test_event_rows_cannot_be_changed_or_deleted_in_bulk(world):
    dossier = dossier_in(world, State.RECEIVED)
    rows = DossierEvent.objects.filter(dossier=dossier)

    with pytest.raises(AppendOnly):
        rows.update(reason="sửa lại lịch sử")
    with pytest.raises(AppendOnly):
        rows.delete()

    assert [e.reason for e in events(dossier)] == ["", ""]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_a_raw_update_or_delete_of_an_event(world):
    event = events(dossier_in(world, State.SUBMITTED))[-1]

    for sql in (
        "UPDATE dossiers_dossierevent SET reason = 'sửa' WHERE id = %s",
        "DELETE FROM dossiers_dossierevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])

    assert DossierEvent.objects.get(pk=event.pk).reason == ""
