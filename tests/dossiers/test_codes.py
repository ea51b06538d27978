"""Dossier codes `<receiving unit code>-YYMMDD-NNNN` and result codes `<code>-KQn` (§3)."""

import datetime
import re

import pytest

from dossiers import codes
from dossiers.errors import Conflict
from dossiers.models import DailyCounter, DossierResult
from dossiers.states import Action, State
from tests.dossiers.helpers import (
    MONDAY,
    at,
    dossier_in,
    draft,
    events,
    fire,
    local,
    reload,
)

pytestmark = pytest.mark.usefixtures("frozen_monday")


def submitted(world, **options):
    dossier = draft(world, **options)
    fire(Action.SUBMIT, dossier, dossier.applicant or world.home.desk)
    return reload(dossier)


def test_a_code_is_the_receiving_unit_the_reception_date_and_a_four_digit_number(world):
    dossier = submitted(world)

    assert dossier.code == "H92.31.01-260309-0001"
    assert re.fullmatch(r"[A-Z0-9.]{1,35}-\d{6}-\d{4}", dossier.code)
    assert dossier.code.startswith(dossier.receiving_unit.code + "-")


def test_a_draft_has_no_code_yet(world):
    dossier = draft(world)

    assert dossier.code is None
    assert str(dossier) == "Hồ sơ chưa nộp"


def test_an_online_dossier_sent_on_saturday_is_officially_received_and_coded_on_monday(
    world, time_machine
):
    time_machine.move_to(at("2026-03-14 10:00"))  # Saturday

    dossier = submitted(world)

    assert dossier.code == "H92.31.01-260316-0001"
    assert local(dossier.official_reception_at) == at("2026-03-16 07:30")
    official = events(dossier)[-1].data["official_reception_at"]
    assert datetime.datetime.fromisoformat(official) == at("2026-03-16 07:30")


def test_an_online_dossier_sent_in_the_evening_is_coded_with_the_next_working_day(
    world, time_machine
):
    time_machine.move_to(at("2026-03-09 18:30"))

    dossier = submitted(world)

    assert dossier.code == "H92.31.01-260310-0001"
    assert local(dossier.official_reception_at) == at("2026-03-10 07:30")


def test_an_online_dossier_sent_inside_office_hours_is_received_at_that_moment(world):
    dossier = submitted(world)

    assert local(dossier.official_reception_at) == MONDAY


def test_a_saturday_dossier_shares_mondays_sequence_with_mondays_own_dossiers(world, time_machine):
    time_machine.move_to(at("2026-03-14 10:00"))
    saturday = submitted(world)
    time_machine.move_to(at("2026-03-16 08:00"))

    monday = submitted(world)

    assert (saturday.code, monday.code) == ("H92.31.01-260316-0001", "H92.31.01-260316-0002")


def test_a_walk_in_dossier_is_coded_with_the_day_the_desk_takes_it(world):
    dossier = submitted(world, channel="in_person")

    assert dossier.code == "H92.31.01-260309-0001"


def test_the_sequence_counts_up_within_a_day_at_one_unit(world):
    numbers = [submitted(world).code for _ in range(3)]

    assert numbers == [f"H92.31.01-260309-000{n}" for n in (1, 2, 3)]


def test_each_receiving_unit_has_its_own_sequence(world):
    home = submitted(world)
    away = submitted(world, side="away")
    home_again = submitted(world)

    assert home.code == "H92.31.01-260309-0001"
    assert away.code == "H92.32.01-260309-0001"
    assert home_again.code == "H92.31.01-260309-0002"


def test_the_sequence_starts_again_the_next_day(world, time_machine):
    submitted(world)
    submitted(world)
    time_machine.move_to(at("2026-03-10 08:00"))

    assert submitted(world).code == "H92.31.01-260310-0001"


def test_a_refused_dossier_keeps_its_number_and_the_next_one_does_not_reuse_it(world):
    refused = dossier_in(world, State.REFUSED)

    assert refused.code == "H92.31.01-260309-0001"
    assert submitted(world).code == "H92.31.01-260309-0002"


def test_the_code_does_not_change_after_a_completion_request_and_a_resubmission(
    world, time_machine
):
    dossier = dossier_in(world, State.COMPLETION_REQUESTED)
    code = dossier.code
    time_machine.move_to(at("2026-03-11 10:00"))

    fire(Action.SUBMIT, dossier, world.citizen)

    dossier = reload(dossier)
    assert dossier.code == code == "H92.31.01-260309-0001"
    assert DailyCounter.objects.get(unit=dossier.receiving_unit, day="2026-03-09").last == 1
    assert not DailyCounter.objects.filter(day="2026-03-11").exists()


def test_the_code_does_not_change_after_a_supplement_nor_at_the_end(world, time_machine):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    code = dossier.code
    time_machine.move_to(at("2026-03-10 10:00"))
    fire(Action.SUPPLEMENT, dossier, world.citizen)
    fire(Action.SUBMIT_FOR_APPROVAL, dossier, world.home.specialist)
    fire(Action.APPROVE, dossier, world.home.leader)
    fire(Action.RETURN, dossier, world.home.desk)

    assert reload(dossier).code == code == "H92.31.01-260309-0001"


def test_a_units_ten_thousandth_dossier_of_a_day_is_refused(world):
    DailyCounter.objects.create(
        unit=world.home.centre, day=datetime.date(2026, 3, 9), last=codes.MAX_DAILY
    )
    dossier = draft(world)

    with pytest.raises(Conflict):
        fire(Action.SUBMIT, dossier, world.citizen)

    dossier = reload(dossier)
    assert (dossier.state, dossier.code) == (State.DRAFT, None)


# ---- Result codes -----------------------------------------------------------------------------


def test_the_first_result_of_a_dossier_is_coded_kq1(world):
    dossier = dossier_in(world, State.RESOLVED)

    result = dossier.results.get()
    assert result.code == "H92.31.01-260309-0001-KQ1"
    assert result.number == 1
    assert events(dossier)[-1].data["result_code"] == result.code


def test_a_denial_is_a_result_with_its_own_code_too(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)

    fire(Action.DENY, dossier, world.home.leader)

    result = reload(dossier).results.get()
    assert (result.code, result.outcome) == ("H92.31.01-260309-0001-KQ1", "denied")


def test_further_results_of_a_dossier_are_numbered_kq2_and_on(world):
    dossier = dossier_in(world, State.RESOLVED)

    number = codes.next_result_number(dossier)
    second = DossierResult.objects.create(
        dossier=dossier,
        number=number,
        code=codes.result_code(dossier.code, number),
        outcome="approved",
        issued_at=MONDAY,
        issued_by=world.home.leader,
    )

    assert second.code == "H92.31.01-260309-0001-KQ2"
    assert codes.result_code(dossier.code, codes.next_result_number(dossier)).endswith("-KQ3")


def test_result_numbers_are_counted_per_dossier(world):
    first = dossier_in(world, State.RESOLVED)
    second = dossier_in(world, State.RESOLVED)

    assert first.results.get().code.endswith("0001-KQ1")
    assert second.results.get().code.endswith("0002-KQ1")
