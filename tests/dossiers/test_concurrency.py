"""Officers acting at the same moment on PostgreSQL: exactly one wins, the others get a 409.

Each thread has its own database connection and transaction; a barrier releases them
together. SQLite serialises writers anyway, so these run only on PostgreSQL.
"""

import threading

import pytest
from django.db import connection

from dossiers.errors import Conflict
from dossiers.models import Dossier, DossierEvent
from dossiers.states import Action, State
from tests.dossiers.helpers import dossier_in, draft, fire, reload

pytestmark = [
    pytest.mark.usefixtures("frozen_monday"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and threads"
    ),
    pytest.mark.usefixtures("transactional_db"),
]

THREADS = 8


def race(*calls):
    """Run each call in its own thread, all released at once; return what each returned or
    raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck on a lock"
    return outcomes


def test_many_desk_officers_receiving_the_same_dossier_at_once_receive_it_once(world):
    dossier = dossier_in(world, State.SUBMITTED)

    outcomes = race(*(lambda: fire(Action.RECEIVE, dossier, world.home.desk),) * THREADS)

    won = [o for o in outcomes if isinstance(o, Dossier)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, THREADS - 1), outcomes
    assert reload(dossier).state == State.RECEIVED
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.RECEIVE).count() == 1


def test_a_refusal_and_a_reception_at_once_leave_exactly_one_outcome(world):
    dossier = dossier_in(world, State.SUBMITTED)

    outcomes = race(
        lambda: fire(Action.REFUSE, dossier, world.home.desk),
        lambda: fire(Action.RECEIVE, dossier, world.home.desk),
    )

    assert sum(isinstance(o, Dossier) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1, outcomes
    winner = reload(dossier).state
    assert winner in (State.REFUSED, State.RECEIVED)
    actions = list(
        DossierEvent.objects.filter(dossier=dossier)
        .exclude(action=Action.SUBMIT)
        .values_list("action", flat=True)
    )
    assert actions == [Action.REFUSE if winner == State.REFUSED else Action.RECEIVE]


def test_twenty_submissions_to_one_unit_on_one_day_get_twenty_distinct_numbers(world):
    drafts = [draft(world) for _ in range(20)]

    outcomes = race(*(lambda d=d: fire(Action.SUBMIT, d, world.citizen) for d in drafts))

    assert all(isinstance(o, Dossier) for o in outcomes), outcomes
    numbers = sorted(reload(d).code for d in drafts)
    assert numbers == [f"H92.31.01-260309-{n:04d}" for n in range(1, 21)]
