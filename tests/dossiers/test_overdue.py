"""Overdue means past the due time while the clock runs: one rule for the model, the queues
and the API."""

import time_machine

from dossiers import selectors, services
from dossiers.models import Dossier
from dossiers.states import Action, State
from tests.dossiers.helpers import at, dossier_in


def test_a_dossier_waiting_for_the_applicant_is_never_overdue(world):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        dossier = dossier_in(world, State.IN_PROGRESS)
        services.dossier_request_supplement(
            dossier_id=dossier.pk,
            actor=world.home.specialist,
            reason="Thiếu giấy tờ",
            missing=["Giấy đề nghị có chữ ký"],
        )
    with time_machine.travel(at("2026-04-20 09:00"), tick=False):
        dossier.refresh_from_db()
        assert dossier.due_at < at("2026-04-20 09:00")

        assert not dossier.is_overdue()
        assert not Dossier.objects.filter(selectors.overdue_q()).exists()


def test_a_running_dossier_past_its_due_time_is_overdue_everywhere(world):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        dossier = dossier_in(world, State.IN_PROGRESS)
    with time_machine.travel(at("2026-04-20 09:00"), tick=False):
        dossier.refresh_from_db()

        assert dossier.is_overdue()
        assert list(Dossier.objects.filter(selectors.overdue_q())) == [dossier]
        listed = selectors.dossier_list_for(world.home.specialist, overdue=True)
        assert list(listed) == [dossier]


def test_the_desk_head_is_offered_the_overriding_second_completion_request(world):
    with time_machine.travel(at("2026-03-09 09:00"), tick=False):
        dossier = dossier_in(world, State.COMPLETION_REQUESTED)
        dossier = services.dossier_submit(dossier_id=dossier.pk, actor=world.citizen)

    assert Action.REQUEST_COMPLETION in services.available_actions(dossier, world.home.desk_head)
    assert Action.REQUEST_COMPLETION not in services.available_actions(
        dossier, world.away.desk_head
    )
