"""The rules each use case enforces beyond the state graph (regulations.md §1).

The world's procedure takes 3 working days, counted from the day after reception: a dossier
received on Monday 9 March 2026 at 09:00 is due on Thursday 12 March at 17:00.
"""

import datetime

import pytest

from dossiers import services
from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.signing.issue import issue_pending
from dossiers.states import Action, State
from procedures.models import ClockOnSupplement, ProcedureVersion, VersionLocked
from procedures.services import version_new_draft, version_publish
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import (
    MONDAY,
    at,
    awaiting_approval_with_draft,
    dossier_in,
    draft,
    events,
    fire,
    local,
    reload,
)

pytestmark = pytest.mark.usefixtures("frozen_monday")

DUE = at("2026-03-12 17:00")


@pytest.fixture
def restart_version(world):
    """Version 2 of the world's procedure, in force now, whose clock restarts on a supplement."""
    version = version_new_draft(
        procedure_id=world.procedure.pk, effective_from=datetime.date(2026, 3, 1)
    )
    version.clock_on_supplement = ClockOnSupplement.RESTART
    version.save()
    return version_publish(version_id=version.pk)


def resubmitted_after_a_completion_request(world):
    dossier = dossier_in(world, State.COMPLETION_REQUESTED)
    fire(Action.SUBMIT, dossier, world.citizen)
    return reload(dossier)


def asked_for_a_supplement_and_answered(world):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)
    fire(Action.SUPPLEMENT, dossier, world.citizen)
    return reload(dossier)


# ---- One completion request before reception --------------------------------------------------


def test_a_completion_request_lists_what_is_missing_and_starts_no_clock(world):
    dossier = dossier_in(world, State.COMPLETION_REQUESTED)

    assert dossier.completion_requests == 1
    assert dossier.received_at is None and dossier.due_at is None
    assert not dossier.flagged_late
    assert events(dossier)[-1].data["missing"] == ["Giấy đề nghị đăng ký (có chữ ký)"]


@pytest.mark.parametrize(
    ("reason", "missing", "field"),
    [
        ("", ["Giấy đề nghị"], "reason"),
        ("Thiếu chữ ký", [], "missing"),
        ("Lý do", ["  "], "missing"),
    ],
)
def test_a_completion_request_needs_a_reason_and_every_missing_item(world, reason, missing, field):
    dossier = dossier_in(world, State.SUBMITTED)

    with pytest.raises(BadInput) as error:
        fire(Action.REQUEST_COMPLETION, dossier, world.home.desk, reason=reason, missing=missing)

    assert field in error.value.fields
    assert reload(dossier).state == State.SUBMITTED


def test_a_second_completion_request_without_override_is_a_conflict(world):
    dossier = resubmitted_after_a_completion_request(world)
    before = len(events(dossier))

    with pytest.raises(Conflict):
        fire(Action.REQUEST_COMPLETION, dossier, world.home.desk)

    assert reload(dossier).state == State.SUBMITTED
    assert len(events(dossier)) == before


def test_the_desks_head_of_unit_may_override_a_second_completion_request_which_counts_as_late(
    world,
):
    dossier = resubmitted_after_a_completion_request(world)

    fire(Action.REQUEST_COMPLETION, dossier, world.home.desk_head, override=True)

    dossier = reload(dossier)
    assert dossier.state == State.COMPLETION_REQUESTED
    assert dossier.completion_requests == 2
    assert dossier.flagged_late
    event = events(dossier)[-1]
    assert (event.actor, event.data["override"]) == (world.home.desk_head, True)


def test_a_plain_desk_officer_cannot_override_a_second_completion_request(world):
    dossier = resubmitted_after_a_completion_request(world)

    with pytest.raises(NotAllowed):
        fire(Action.REQUEST_COMPLETION, dossier, world.home.desk, override=True)

    assert not reload(dossier).flagged_late


def test_the_desks_head_of_unit_does_not_make_first_completion_requests(world):
    dossier = dossier_in(world, State.SUBMITTED)

    with pytest.raises(NotAllowed):
        fire(Action.REQUEST_COMPLETION, dossier, world.home.desk_head, override=True)


def test_another_desks_head_of_unit_cannot_override_a_completion_request(world):
    dossier = resubmitted_after_a_completion_request(world)

    with pytest.raises(NotFound):
        fire(Action.REQUEST_COMPLETION, dossier, world.away.desk_head, override=True)


# ---- One supplement request during processing ------------------------------------------------


def test_a_second_supplement_request_without_override_is_a_conflict(world):
    dossier = asked_for_a_supplement_and_answered(world)
    before = len(events(dossier))

    with pytest.raises(Conflict):
        fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist)

    assert reload(dossier).state == State.IN_PROGRESS
    assert len(events(dossier)) == before


def test_the_processing_units_head_may_override_a_second_supplement_request_which_counts_as_late(
    world,
):
    dossier = asked_for_a_supplement_and_answered(world)
    assert not dossier.flagged_late

    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.head, override=True)

    dossier = reload(dossier)
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.supplement_requests == 2
    assert dossier.flagged_late


def test_a_specialist_cannot_override_a_second_supplement_request(world):
    dossier = asked_for_a_supplement_and_answered(world)

    with pytest.raises(NotAllowed):
        fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist, override=True)

    assert reload(dossier).state == State.IN_PROGRESS


def test_a_late_flag_makes_the_result_late_whatever_the_date(world):
    dossier = asked_for_a_supplement_and_answered(world)
    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.head, override=True)
    fire(Action.SUPPLEMENT, dossier, world.citizen)
    fire(Action.SUBMIT_FOR_APPROVAL, dossier, world.home.specialist)

    fire(Action.APPROVE, dossier, world.home.leader)

    assert events(dossier)[-1].data["dossier_timeliness"] == "late"


def test_a_result_on_the_reception_day_is_early(world):
    dossier = dossier_in(world, State.RESOLVED)

    assert events(dossier)[-1].data["dossier_timeliness"] == "early"


# ---- The clock pauses while the applicant is waited for ---------------------------------------


def test_the_clock_starts_at_reception_and_counts_working_days_from_the_next_day(world):
    dossier = dossier_in(world, State.RECEIVED)

    assert local(dossier.received_at) == MONDAY
    assert local(dossier.due_at) == local(dossier.original_due_at) == DUE


def test_a_supplement_wait_moves_the_due_time_by_the_working_time_waited(world, time_machine):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(at("2026-03-10 09:00"))
    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-10 11:00"))

    fire(Action.SUPPLEMENT, dossier, world.citizen)

    dossier = reload(dossier)
    # Two office hours waited: Thursday 17:00 becomes Friday 09:30.
    assert local(dossier.due_at) == at("2026-03-13 09:30")
    assert local(dossier.original_due_at) == at("2026-03-13 09:30")
    start, end = (datetime.datetime.fromisoformat(moment) for moment in dossier.pauses[-1][:2])
    assert (start, end) == (at("2026-03-10 09:00"), at("2026-03-10 11:00"))


def test_a_wait_across_a_weekend_adds_only_the_working_hours_waited(world, time_machine):
    time_machine.move_to(at("2026-03-11 09:00"))  # Wednesday: due Monday 16 March 17:00
    dossier = dossier_in(world, State.IN_PROGRESS)
    assert local(dossier.due_at) == at("2026-03-16 17:00")
    time_machine.move_to(at("2026-03-13 15:00"))  # Friday
    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-16 09:00"))  # Monday

    fire(Action.SUPPLEMENT, dossier, world.citizen)

    # Friday 15:00-17:00 and Monday 07:30-09:00: 3.5 office hours, not 66 hours.
    assert local(reload(dossier).due_at) == at("2026-03-17 11:00")


def test_a_payment_wait_pauses_the_clock_too(world, time_machine):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(at("2026-03-10 09:00"))
    fire(Action.REQUEST_PAYMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-11 10:00"))

    fire(Action.RECORD_PAYMENT, dossier, world.home.desk)

    # Tuesday 09:00-17:00 (6.5 h) and Wednesday 07:30-10:00 (2.5 h): 9 office hours later.
    assert local(reload(dossier).due_at) == at("2026-03-16 08:30")


def test_a_procedure_that_restarts_the_clock_counts_again_from_the_supplement(
    world, restart_version, time_machine
):
    dossier = dossier_in(world, State.IN_PROGRESS)
    assert dossier.version == restart_version
    time_machine.move_to(at("2026-03-10 09:00"))
    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-11 10:00"))

    fire(Action.SUPPLEMENT, dossier, world.citizen)

    # Three working days again from Wednesday: Thursday, Friday, Monday 16 March.
    assert local(reload(dossier).due_at) == at("2026-03-16 17:00")


def test_a_procedure_that_restarts_on_a_supplement_only_pauses_for_a_payment(
    world, restart_version, time_machine
):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(at("2026-03-10 09:00"))
    fire(Action.REQUEST_PAYMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-11 10:00"))

    fire(Action.RECORD_PAYMENT, dossier, world.home.desk)

    assert local(reload(dossier).due_at) == at("2026-03-16 08:30")


def test_a_payment_after_a_restarting_supplement_pauses_the_restarted_clock(
    world, restart_version, time_machine
):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(at("2026-03-10 09:00"))
    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-11 10:00"))
    fire(Action.SUPPLEMENT, dossier, world.citizen)  # due Monday 16 March 17:00
    time_machine.move_to(at("2026-03-12 09:00"))
    fire(Action.REQUEST_PAYMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-12 11:00"))

    fire(Action.RECORD_PAYMENT, dossier, world.home.desk)

    assert local(reload(dossier).due_at) == at("2026-03-17 09:30")


# ---- Reschedule (Mẫu 04): once, in time, by the competent agency ------------------------------


def test_a_reschedule_moves_the_due_time_and_keeps_the_original_one(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    fire(Action.RESCHEDULE, dossier, world.home.leader, new_date=datetime.date(2026, 3, 18))

    dossier = reload(dossier)
    assert local(dossier.due_at) == at("2026-03-18 17:00")
    assert local(dossier.original_due_at) == DUE
    assert dossier.rescheduled_to == datetime.date(2026, 3, 18)
    event = events(dossier)[-1]
    assert event.reason == "Cần xác minh thêm tại địa phương."
    assert datetime.datetime.fromisoformat(event.data["previous_due_at"]) == DUE
    assert datetime.datetime.fromisoformat(event.data["new_due_at"]) == at("2026-03-18 17:00")


def test_a_new_date_on_a_day_off_means_the_next_working_day(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    fire(Action.RESCHEDULE, dossier, world.home.head, new_date=datetime.date(2026, 3, 21))

    assert local(reload(dossier).due_at) == at("2026-03-23 17:00")


def test_a_second_reschedule_is_a_conflict(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    fire(Action.RESCHEDULE, dossier, world.home.leader)

    with pytest.raises(Conflict):
        fire(Action.RESCHEDULE, dossier, world.home.head, new_date=datetime.date(2026, 3, 30))

    assert reload(dossier).rescheduled_to == datetime.date(2026, 3, 19)


def test_a_reschedule_is_possible_until_the_last_working_day_before_the_due_date(
    world, time_machine
):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(at("2026-03-11 16:59"))

    fire(Action.RESCHEDULE, dossier, world.home.leader)

    assert reload(dossier).rescheduled_to is not None


@pytest.mark.parametrize("moment", ["2026-03-12 07:30", "2026-03-13 09:00"])
def test_a_reschedule_on_the_due_date_or_later_is_a_conflict(world, time_machine, moment):
    dossier = dossier_in(world, State.IN_PROGRESS)
    time_machine.move_to(at(moment))

    with pytest.raises(Conflict):
        fire(Action.RESCHEDULE, dossier, world.home.leader)

    assert reload(dossier).rescheduled_to is None
    assert local(reload(dossier).due_at) == DUE


@pytest.mark.parametrize("who", ["desk", "specialist", "desk_head"])
def test_only_the_head_or_the_leader_of_the_competent_agency_may_reschedule(world, who):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(NotAllowed):
        fire(Action.RESCHEDULE, dossier, getattr(world.home, who))


def test_another_agencys_leader_cannot_reschedule(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(NotFound):
        fire(Action.RESCHEDULE, dossier, world.away.leader)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reschedule_needs_a_reason(world, reason):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(BadInput) as error:
        fire(Action.RESCHEDULE, dossier, world.home.leader, reason=reason)

    assert "reason" in error.value.fields
    assert reload(dossier).rescheduled_to is None


@pytest.mark.parametrize("new_date", [datetime.date(2026, 3, 12), datetime.date(2026, 3, 11), None])
def test_the_new_date_must_be_after_the_current_due_date(world, new_date):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(BadInput) as error:
        fire(Action.RESCHEDULE, dossier, world.home.leader, new_date=new_date)

    assert "new_date" in error.value.fields
    assert reload(dossier).rescheduled_to is None


def test_a_supplement_after_a_reschedule_keeps_the_new_date(world, time_machine):
    dossier = dossier_in(world, State.IN_PROGRESS)
    fire(Action.RESCHEDULE, dossier, world.home.leader, new_date=datetime.date(2026, 3, 18))
    time_machine.move_to(at("2026-03-10 09:00"))
    fire(Action.REQUEST_SUPPLEMENT, dossier, world.home.specialist)
    time_machine.move_to(at("2026-03-10 11:00"))

    fire(Action.SUPPLEMENT, dossier, world.citizen)

    dossier = reload(dossier)
    assert local(dossier.due_at) == at("2026-03-18 17:00")
    assert local(dossier.original_due_at) == at("2026-03-13 09:30")


# ---- Return of the result ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"collector_id_number": "092080001234"}, "collector_name"),
        ({"collector_name": "Nguyễn Văn An"}, "collector_id_number"),
        ({"collector_name": " ", "collector_id_number": "092080001234"}, "collector_name"),
    ],
)
def test_a_return_at_the_desk_records_who_collected_it_and_their_id(world, details, field):
    dossier = dossier_in(world, State.RESOLVED)

    with pytest.raises(BadInput) as error:
        fire(Action.RETURN, dossier, world.home.desk, details=details)

    assert field in error.value.fields
    assert reload(dossier).state == State.RESOLVED


def test_a_return_at_the_desk_keeps_the_collectors_name_and_id(world):
    dossier = dossier_in(world, State.RETURNED)

    assert dossier.return_channel == "desk"
    assert dossier.return_details == {
        "collector_name": "Nguyễn Văn An",
        "collector_id_number": "092080001234",
    }


def test_a_return_by_post_needs_a_tracking_number(world):
    dossier = dossier_in(world, State.RESOLVED)

    with pytest.raises(BadInput) as error:
        fire(Action.RETURN, dossier, world.home.desk, channel="post", details={})
    assert "tracking_number" in error.value.fields

    fire(
        Action.RETURN, dossier, world.home.desk, channel="post", details={"tracking_number": "EL1"}
    )
    assert reload(dossier).return_details == {"tracking_number": "EL1"}


def test_an_online_return_needs_an_electronic_result(world):
    dossier = dossier_in(world, State.RESOLVED)

    with pytest.raises(BadInput) as error:
        fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})

    assert "channel" in error.value.fields
    assert reload(dossier).state == State.RESOLVED


def test_an_online_return_hands_over_the_signed_result_file(world):
    dossier, draft = awaiting_approval_with_draft(world)
    fire(Action.APPROVE, dossier, world.home.leader, result_file_id=draft.pk)

    # Not before it is signed: the electronic result does not exist yet.
    with pytest.raises(BadInput) as error:
        fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})
    assert "chờ ký số" in str(error.value.fields["channel"][0])

    issue_pending(dossier.pk)
    fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})

    dossier = reload(dossier)
    assert dossier.state == State.RETURNED
    assert dossier.return_details == {"results": [f"{dossier.code}-KQ1"]}
    result = dossier.results.get()
    assert result.file.original_name == f"{dossier.code}-KQ1.pdf"
    assert result.file != draft and result.draft == draft


def test_an_uploaded_file_cannot_be_chosen_as_the_result(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)
    uploaded = services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.home.leader, upload=pdf("ket-qua.pdf")
    )

    with pytest.raises(BadInput) as error:
        fire(Action.APPROVE, dossier, world.home.leader, result_file_id=uploaded.pk)

    assert "dự thảo kết quả lập trên hệ thống" in str(error.value.fields["result_file"][0])
    assert reload(dossier).state == State.PENDING_APPROVAL


def test_an_applicants_own_paper_cannot_be_passed_off_as_the_result(world):
    dossier = dossier_in(world, State.PENDING_APPROVAL)
    application = dossier.files.get()

    with pytest.raises(BadInput):
        fire(Action.APPROVE, dossier, world.home.leader, result_file_id=application.pk)

    assert reload(dossier).state == State.PENDING_APPROVAL
    assert dossier.files.get().kind == "application"


def test_an_unknown_return_channel_is_bad_input(world):
    dossier = dossier_in(world, State.RESOLVED)

    with pytest.raises(BadInput):
        fire(Action.RETURN, dossier, world.home.desk, channel="pigeon", details={})


# ---- Reception -------------------------------------------------------------------------------


@pytest.mark.parametrize("checklist", [{}, "unchecked"])
def test_reception_refuses_a_checklist_that_misses_a_required_component(world, checklist):
    dossier = dossier_in(world, State.SUBMITTED)
    if checklist == "unchecked":
        checklist = {str(world.required.pk): False, str(world.optional.pk): True}

    with pytest.raises(BadInput) as error:
        fire(Action.RECEIVE, dossier, world.home.desk, checklist=checklist)

    assert "Giấy đề nghị đăng ký" in str(error.value.fields["checklist"])
    dossier = reload(dossier)
    assert dossier.state == State.SUBMITTED
    assert dossier.received_at is None


def test_reception_does_not_need_the_optional_components(world):
    dossier = dossier_in(world, State.SUBMITTED)

    fire(Action.RECEIVE, dossier, world.home.desk, checklist={str(world.required.pk): True})

    assert reload(dossier).state == State.RECEIVED


@pytest.mark.parametrize(
    ("action", "state", "who"),
    [
        (Action.REFUSE, State.SUBMITTED, "desk"),
        (Action.SEND_BACK, State.PENDING_APPROVAL, "leader"),
        (Action.DENY, State.PENDING_APPROVAL, "leader"),
        (Action.STOP, State.WITHDRAWAL_REQUESTED, "desk"),
    ],
    ids=str,
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_refusing_sending_back_denying_and_stopping_need_a_reason(
    world, action, state, who, reason
):
    dossier = dossier_in(world, state)

    with pytest.raises(BadInput) as error:
        fire(action, dossier, getattr(world.home, who), reason=reason)

    assert "reason" in error.value.fields
    assert reload(dossier).state == state


def test_a_refusal_can_name_the_right_agency(world):
    dossier = dossier_in(world, State.SUBMITTED)

    fire(Action.REFUSE, dossier, world.home.desk, redirect_to="H92.32")

    assert events(dossier)[-1].data["redirect_to"]["code"] == "H92.32"


# ---- Submission ----------------------------------------------------------------------------


def test_an_online_submission_needs_a_file_for_every_required_component(world):
    dossier = services.dossier_create(
        actor=world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
    )

    with pytest.raises(BadInput) as error:
        fire(Action.SUBMIT, dossier, world.citizen)

    assert "Giấy đề nghị đăng ký" in str(error.value.fields["files"])
    assert reload(dossier).state == State.DRAFT
    assert reload(dossier).code is None


def test_an_online_submission_does_not_need_the_optional_components(world):
    dossier = draft(world)
    assert not dossier.files.filter(component=world.optional).exists()

    fire(Action.SUBMIT, dossier, world.citizen)

    assert reload(dossier).state == State.SUBMITTED


def test_a_walk_in_dossier_is_submitted_by_the_desk_without_uploaded_files(world):
    dossier = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Văn Cường",
    )

    fire(Action.SUBMIT, dossier, world.home.desk)

    dossier = reload(dossier)
    assert dossier.state == State.SUBMITTED
    assert dossier.applicant is None


# ---- The procedure version a dossier uses is locked -------------------------------------------


def test_submitting_a_dossier_locks_its_procedure_version(world):
    dossier = dossier_in(world, State.SUBMITTED)

    version = ProcedureVersion.objects.get(pk=dossier.version_id)
    assert version.locked_at is not None
    version.name = "Tên đã sửa"
    with pytest.raises(VersionLocked):
        version.save()
    component = version.components.get(pk=world.required.pk)
    component.required = False
    with pytest.raises(VersionLocked):
        component.save()


def test_a_draft_already_pins_and_locks_its_procedure_version(world):
    dossier = services.dossier_create(
        actor=world.citizen,
        procedure_code=world.procedure.code,
        channel="online",
        agency_code="H92.31",
    )

    assert ProcedureVersion.objects.get(pk=dossier.version_id).locked_at is not None
    with pytest.raises(VersionLocked):
        world.required.delete()


def test_a_version_no_dossier_has_used_stays_editable(world):
    version = ProcedureVersion.objects.get(pk=world.version.pk)

    version.name = "Đăng ký hộ kinh doanh (sửa)"
    version.save()

    assert ProcedureVersion.objects.get(pk=version.pk).locked_at is None
