"""Who may do what: role × own agency / other agency, the applicant, strangers, anonymous."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from dossiers import permissions, services
from dossiers.errors import Conflict, NotAllowed, NotFound
from dossiers.states import TRANSITIONS, Action, Actor, State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import (
    dossier_in,
    events,
    fire,
    options_for,
    person,
    reload,
    unassigned,
)

pytestmark = pytest.mark.usefixtures("frozen_monday")

STAFF = (Actor.DESK, Actor.SPECIALIST, Actor.HEAD, Actor.LEADER)

# The state each action is tried from: its first source on the way of a dossier's life.
FROM = {
    Action.SUBMIT: State.DRAFT,
    Action.REQUEST_COMPLETION: State.SUBMITTED,
    Action.REFUSE: State.SUBMITTED,
    Action.RECEIVE: State.SUBMITTED,
    Action.TRANSFER: State.RECEIVED,
    Action.CLAIM: State.IN_PROGRESS,
    Action.ASSIGN: State.IN_PROGRESS,
    Action.REQUEST_SUPPLEMENT: State.IN_PROGRESS,
    Action.SUPPLEMENT: State.SUPPLEMENT_REQUESTED,
    Action.REQUEST_PAYMENT: State.IN_PROGRESS,
    Action.RECORD_PAYMENT: State.AWAITING_PAYMENT,
    Action.SUBMIT_FOR_APPROVAL: State.IN_PROGRESS,
    Action.SEND_BACK: State.PENDING_APPROVAL,
    Action.APPROVE: State.PENDING_APPROVAL,
    Action.DENY: State.PENDING_APPROVAL,
    Action.RETURN: State.RESOLVED,
    Action.REQUEST_WITHDRAWAL: State.IN_PROGRESS,
    Action.STOP: State.WITHDRAWAL_REQUESTED,
    Action.RESCHEDULE: State.IN_PROGRESS,
}


def cases(allowed: bool, actors=tuple(Actor)):
    """Allowed: the actor may fire the action from its state. Not allowed: the actor is not
    named for the action at all (403)."""
    return [
        pytest.param(action, actor, id=f"{action.value}-by-{actor.value}")
        for action, rule in TRANSITIONS.items()
        for actor in actors
        if (actor in rule.actors_in(FROM[action]) if allowed else actor not in rule.actors)
    ]


# Named for the action, but not from every one of its states: refused there as not now (409).
NOT_FROM_HERE = [
    pytest.param(action, state, actor, id=f"{action.value}-from-{state.value}-by-{actor.value}")
    for action, rule in TRANSITIONS.items()
    for state in sorted(rule.sources)
    for actor in sorted(rule.actors - rule.actors_in(state))
]


def ready(world, action, actor=None, side="home"):
    """A dossier in the state `action` is tried from; one to claim has nobody assigned."""
    options = options_for(FROM[action], actor) if actor is not None else {}
    if action == Action.CLAIM:
        return unassigned(world, side, **options)
    return dossier_in(world, FROM[action], side=side, **options)


def test_every_action_is_tried_from_one_of_its_own_states():
    assert set(FROM) == set(Action)
    assert all(FROM[action] in rule.sources for action, rule in TRANSITIONS.items())


@pytest.mark.parametrize(("action", "actor"), cases(allowed=True))
def test_the_home_agency_actor_named_in_the_table_may_fire_the_action(world, action, actor):
    dossier = ready(world, action, actor)

    fire(action, dossier, person(world, actor))

    assert events(dossier)[-1].action == action


@pytest.mark.parametrize(("action", "actor"), cases(allowed=True, actors=STAFF))
def test_the_same_role_of_another_agency_cannot_even_see_the_dossier(world, action, actor):
    dossier = ready(world, action, actor)
    before = len(events(dossier))

    with pytest.raises(NotFound):
        fire(action, dossier, person(world, actor, side="away"))

    assert reload(dossier).state == FROM[action]
    assert len(events(dossier)) == before


@pytest.mark.parametrize(("action", "actor"), cases(allowed=False))
def test_a_home_agency_role_not_named_in_the_table_is_not_allowed(world, action, actor):
    dossier = ready(world, action, actor)
    before = len(events(dossier))

    with pytest.raises(NotAllowed):
        fire(action, dossier, person(world, actor))

    assert reload(dossier).state == FROM[action]
    assert len(events(dossier)) == before


def test_some_actions_narrow_who_may_fire_them_from_a_state():
    assert NOT_FROM_HERE, "the table narrows nothing: the next test would prove nothing"


@pytest.mark.parametrize(("action", "state", "actor"), NOT_FROM_HERE)
def test_an_actor_named_for_an_action_but_not_from_this_state_gets_a_conflict(
    world, action, state, actor
):
    dossier = dossier_in(world, state, **options_for(state, actor))
    before = len(events(dossier))

    with pytest.raises(Conflict):
        fire(action, dossier, person(world, actor))

    assert reload(dossier).state == state
    assert len(events(dossier)) == before
    assert action not in services.available_actions(dossier, person(world, actor))


@pytest.mark.parametrize("action", list(Action))
def test_another_citizen_cannot_see_the_dossier(world, action):
    dossier = ready(world, action)

    with pytest.raises(NotFound):
        fire(action, dossier, world.other_citizen)

    assert reload(dossier).state == FROM[action]


@pytest.mark.parametrize("action", list(Action))
def test_an_anonymous_visitor_cannot_see_the_dossier(world, action):
    dossier = ready(world, action)

    with pytest.raises(NotFound):
        fire(action, dossier, AnonymousUser())

    assert reload(dossier).state == FROM[action]


def test_a_citizens_unsent_draft_is_hidden_from_every_officer(world):
    dossier = dossier_in(world, State.DRAFT)

    for actor in STAFF:
        user = person(world, actor)
        assert not permissions.can_view(dossier, user)
        with pytest.raises(NotFound):
            fire(Action.SUBMIT, dossier, user)
    with pytest.raises(NotFound):
        fire(Action.SUBMIT, dossier, world.home.desk_head)
    assert reload(dossier).state == State.DRAFT


def test_a_walk_in_draft_is_seen_by_the_desk_that_made_it(world):
    dossier = dossier_in(world, State.DRAFT, channel="in_person")

    assert permissions.actors_for(dossier, world.home.desk) == {Actor.DESK}
    assert services.available_actions(dossier, world.home.desk) == [Action.SUBMIT]


@pytest.mark.parametrize(
    "action", [Action.SUBMIT, Action.SUPPLEMENT, Action.REQUEST_WITHDRAWAL], ids=str
)
def test_the_applicant_may_submit_supplement_and_withdraw_their_own_dossier(world, action):
    dossier = ready(world, action)

    fire(action, dossier, world.citizen)

    event = events(dossier)[-1]
    assert (event.action, event.actor) == (action, world.citizen)


def test_an_inactive_officer_may_do_nothing(world):
    dossier = dossier_in(world, State.SUBMITTED)
    world.home.desk.is_active = False
    world.home.desk.save()

    assert permissions.actors_for(dossier, world.home.desk) == frozenset()
    with pytest.raises(NotFound):
        fire(Action.RECEIVE, dossier, world.home.desk)
    assert reload(dossier).state == State.SUBMITTED


def test_an_anonymous_visitor_cannot_create_a_dossier(world):
    with pytest.raises(NotAllowed):
        services.dossier_create(
            actor=AnonymousUser(),
            procedure_code=world.procedure.code,
            channel="online",
            agency_code="H92.31",
        )


@pytest.mark.parametrize("dossier_id", [uuid.UUID(int=1), "not-a-uuid", None, 42])
def test_an_unknown_or_malformed_dossier_id_is_not_found(world, dossier_id):
    with pytest.raises(NotFound):
        services.dossier_receive(dossier_id=dossier_id, actor=world.home.desk, checklist={})


def test_a_staff_member_of_another_agency_cannot_attach_files(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(NotFound):
        services.dossier_attach_file(
            dossier_id=dossier.pk, actor=world.away.specialist, upload=pdf()
        )


# ---- actors_for and available_actions ---------------------------------------------------------


def test_each_home_persona_stands_in_exactly_their_own_capacity(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    assert permissions.actors_for(dossier, world.citizen) == {Actor.APPLICANT}
    for actor in STAFF:
        assert permissions.actors_for(dossier, person(world, actor)) == {actor}


def test_strangers_stand_in_no_capacity(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    for user in (
        world.other_citizen,
        AnonymousUser(),
        world.home.desk_head,
        *(person(world, actor, side="away") for actor in STAFF),
    ):
        assert permissions.actors_for(dossier, user) == frozenset()


def test_the_staff_of_the_dossiers_units_may_view_it_and_no_one_else(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    for user in (world.citizen, world.home.desk_head, *(person(world, a) for a in STAFF)):
        assert permissions.can_view(dossier, user)
    for user in (world.other_citizen, AnonymousUser(), *(person(world, a, "away") for a in STAFF)):
        assert not permissions.can_view(dossier, user)


def test_a_leader_at_pending_approval_may_approve_deny_send_back_and_reschedule(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)

    actions = services.available_actions(dossier, world.home.leader)

    assert set(actions) == {Action.APPROVE, Action.DENY, Action.SEND_BACK, Action.RESCHEDULE}


def test_a_specialist_at_pending_approval_has_no_action(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)

    assert services.available_actions(dossier, world.home.specialist) == []


def test_the_leader_of_another_agency_has_no_action_at_pending_approval(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)

    assert services.available_actions(dossier, world.away.leader) == []


def test_the_applicant_of_a_submitted_dossier_may_only_withdraw_it(world):
    dossier = dossier_in(world, State.SUBMITTED)

    assert services.available_actions(dossier, world.citizen) == [Action.REQUEST_WITHDRAWAL]


def test_the_desk_sees_its_three_reception_outcomes_and_nothing_else(world):
    dossier = dossier_in(world, State.SUBMITTED)

    actions = services.available_actions(dossier, world.home.desk)

    assert set(actions) == {Action.REQUEST_COMPLETION, Action.REFUSE, Action.RECEIVE}


def test_reschedule_is_offered_only_until_it_has_been_used(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    assert Action.RESCHEDULE in services.available_actions(dossier, world.home.head)

    dossier = fire(Action.RESCHEDULE, dossier, world.home.head)

    assert Action.RESCHEDULE not in services.available_actions(dossier, world.home.head)


@pytest.mark.parametrize("state", [State.REFUSED, State.RETURNED, State.STOPPED])
def test_a_finished_dossier_offers_no_action_to_anyone(world, state):
    dossier = dossier_in(world, state)

    for actor in Actor:
        assert services.available_actions(dossier, person(world, actor)) == []


def test_available_actions_match_what_the_services_accept(world):
    """Every offered action goes through; the offer is not a promise the server breaks."""
    for state, actor in (
        (State.SUBMITTED, Actor.DESK),
        (State.IN_PROGRESS, Actor.SPECIALIST),
        (State.IN_PROGRESS, Actor.HEAD),
        (State.PENDING_APPROVAL, Actor.LEADER),
    ):
        offered = services.available_actions(dossier_in(world, state), person(world, actor))
        assert offered, f"nothing offered to {actor} at {state}: the test would prove nothing"
        for action in offered:
            fire(action, dossier_in(world, state), person(world, actor))
