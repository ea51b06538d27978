"""Consultations between agencies (liên thông): asking, answering once, cancelling; the due
time in working days from the deadline engine; the dossier's clock keeps running."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.consult import services
from dossiers.consult.models import Consultation, ConsultationState
from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.models import DossierEvent, FileKind
from dossiers.states import Action, State
from procedures.calendar import calendar_for
from procedures.models import AgencyKind, Level
from tests.dossiers.conftest import PDF
from tests.dossiers.helpers import MONDAY, at, dossier_in, fire, local, reload
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tax(world):
    """A third agency, never consulted in these tests unless said: the tax office."""
    agency = AgencyFactory(
        code="H92.99",
        name="Thuế cơ sở 1 thành phố Cần Thơ",
        kind=AgencyKind.OTHER,
        level=Level.PROVINCE,
        has_desk=False,
    )
    return MembershipFactory(agency=agency, role="specialist", user__username="tax-specialist").user


def in_progress(world, moment=MONDAY):
    with time_machine.travel(moment, tick=False):
        return dossier_in(world, State.IN_PROGRESS)


def ask(world, dossier, *, actor=None, agency="H92.32", days="1", **overrides):
    arguments = {
        "dossier_id": dossier.pk,
        "actor": actor or world.home.specialist,
        "agency_code": agency,
        "question": "Đề nghị xác nhận địa điểm kinh doanh thuộc địa bàn phường.",
        "days": days,
        **overrides,
    }
    return services.consultation_ask(**arguments)


def answer(consultation, actor, text="Địa điểm thuộc địa bàn phường Cái Khế.", **extra):
    return services.consultation_answer(
        consultation_id=consultation.pk, actor=actor, answer=text, **extra
    )


# ---- Ask ----------------------------------------------------------------------------------------


def test_the_specialist_asks_another_agency_with_its_own_due_time_and_files(world):
    dossier = in_progress(world)
    file = dossier.files.get()
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier, days="1.5", file_ids=[str(file.pk)])

    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.state == ConsultationState.OPEN
    assert consultation.from_agency == world.home.committee
    assert consultation.to_agency == world.away.committee
    assert consultation.asked_by == world.home.specialist
    assert consultation.budget_days == Decimal("1.5")
    # From the next working day: Tuesday 07:30 + 12 office hours = Wednesday 11:30.
    assert local(consultation.due_at) == at("2026-03-11 11:30")
    assert list(consultation.files.all()) == [file]


def test_the_due_time_skips_the_weekend(world):
    dossier = in_progress(world, at("2026-03-06 08:00"))  # Friday
    with time_machine.travel(at("2026-03-06 10:00"), tick=False):
        consultation = ask(world, dossier, days="1")
    assert local(consultation.due_at) == at("2026-03-09 17:00")  # Monday


def test_the_due_time_skips_public_holidays(world):
    calendar = calendar_for(92)
    assert not calendar.is_working_day(datetime.date(2026, 4, 30))
    assert not calendar.is_working_day(datetime.date(2026, 5, 1))
    dossier = in_progress(world, at("2026-04-29 08:00"))  # Wednesday before 30/4 and 1/5
    with time_machine.travel(at("2026-04-29 10:00"), tick=False):
        consultation = ask(world, dossier, days="2")
    # Thursday 30/4 and Friday 1/5 are holidays, then the weekend: Monday and Tuesday.
    assert local(consultation.due_at) == at("2026-05-05 17:00")
    assert consultation.due_at <= reload(dossier).due_at


def test_the_dossiers_clock_keeps_running_and_no_dossier_event_is_written(world):
    dossier = in_progress(world)
    before = reload(dossier)
    count = DossierEvent.objects.filter(dossier=dossier).count()
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier)
    with time_machine.travel(at("2026-03-10 10:00"), tick=False):
        answer(consultation, world.away.specialist)
    after = reload(dossier)
    assert after.state == State.IN_PROGRESS
    assert (after.due_at, after.pauses, after.step_due_at) == (
        before.due_at,
        before.pauses,
        before.step_due_at,
    )
    assert DossierEvent.objects.filter(dossier=dossier).count() == count


def test_the_head_of_unit_may_ask_too(world):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier, actor=world.home.head)
    assert consultation.asked_by == world.home.head


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("leader", NotAllowed),
        ("desk", NotAllowed),
        ("citizen", NotAllowed),
        ("away-specialist", NotFound),
        ("tax", NotFound),
    ],
)
def test_only_the_dossiers_specialist_or_head_may_ask(world, tax, who, error):
    dossier = in_progress(world)
    actor = {
        "leader": world.home.leader,
        "desk": world.home.desk,
        "citizen": world.citizen,
        "away-specialist": world.away.specialist,
        "tax": tax,
    }[who]
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        with pytest.raises(error):
            ask(world, dossier, actor=actor)
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    "state", [State.RECEIVED, State.PENDING_APPROVAL, State.SUPPLEMENT_REQUESTED]
)
def test_a_consultation_is_asked_only_while_the_dossier_is_in_progress(world, state):
    with time_machine.travel(MONDAY, tick=False):
        dossier = dossier_in(world, state)
    actor = world.home.head if state == State.RECEIVED else world.home.specialist
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        with pytest.raises(Conflict):
            ask(world, dossier, actor=actor)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agency": "H92.31"}, "agency"),  # the dossier's own competent agency
        ({"agency": "H92.32.01"}, "agency"),  # a service centre only receives
        ({"agency": "NO.SUCH"}, "agency"),
        ({"question": "   "}, "question"),
        ({"days": "0"}, "days"),
        ({"days": "0.3"}, "days"),
        ({"days": "abc"}, "days"),
        ({"days": "31"}, "days"),
        ({"days": "3.5"}, "days"),  # past the dossier's own due time
        ({"file_ids": ["00000000-0000-0000-0000-000000000000"]}, "files"),
    ],
)
def test_bad_input_is_refused_field_by_field(world, overrides, field):
    dossier = in_progress(world)
    arguments = {"agency": overrides.pop("agency", "H92.32"), **overrides}
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        with pytest.raises(BadInput) as refused:
            ask(world, dossier, **arguments)
    assert set(refused.value.fields) == {field}


def test_a_file_of_another_dossier_cannot_be_shared(world):
    dossier = in_progress(world)
    other = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        with pytest.raises(BadInput):
            ask(world, dossier, file_ids=[str(other.files.get().pk)])


def test_one_open_consultation_per_agency_and_dossier(world, tax):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        first = ask(world, dossier)
        with pytest.raises(Conflict):
            ask(world, dossier)
        ask(world, dossier, agency="H92.99")  # another agency: fine
        services.consultation_cancel(
            consultation_id=first.pk, actor=world.home.specialist, reason="Hỏi lại rõ hơn."
        )
        ask(world, dossier)  # asked again once the first is cancelled
    assert dossier.consultations.filter(state=ConsultationState.OPEN).count() == 2


# ---- Answer ---------------------------------------------------------------------------------


def test_the_consulted_agency_answers_once_with_a_file(world):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier)
    upload = SimpleUploadedFile("xac-nhan.pdf", PDF, content_type="application/pdf")
    with time_machine.travel(at("2026-03-10 09:00"), tick=False):
        done = answer(consultation, world.away.head, upload=upload)

    done = Consultation.objects.get(pk=done.pk)
    assert done.state == ConsultationState.ANSWERED
    assert done.answered_by == world.away.head
    assert local(done.answered_at) == at("2026-03-10 09:00")
    assert done.answer == "Địa điểm thuộc địa bàn phường Cái Khế."
    assert done.timeliness == "on_time"
    stored = done.answer_file
    assert stored.dossier_id == dossier.pk
    assert stored.kind == FileKind.ATTACHMENT
    assert stored.original_name == "xac-nhan.pdf"
    assert stored.uploaded_by == world.away.head
    assert stored in done.files.all()

    with pytest.raises(Conflict):
        answer(done, world.away.specialist, "Lần hai")
    assert Consultation.objects.get(pk=done.pk).answered_by == world.away.head


def test_a_late_answer_is_recorded_as_late(world):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier, days="0.5")
    with time_machine.travel(at("2026-03-10 14:00"), tick=False):
        done = answer(consultation, world.away.leader)
    assert done.timeliness == "late"


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("home-specialist", NotAllowed),  # sees the dossier, but does not answer for the other
        ("home-leader", NotAllowed),
        ("away-desk", NotFound),  # a desk role is not a processing role
        ("tax", NotFound),  # not consulted
        ("citizen-b", NotFound),
    ],
)
def test_only_the_consulted_agencys_processing_staff_may_answer(world, tax, who, error):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier)
    actor = {
        "home-specialist": world.home.specialist,
        "home-leader": world.home.leader,
        "away-desk": world.away.desk,
        "tax": tax,
        "citizen-b": world.other_citizen,
    }[who]
    with pytest.raises(error):
        answer(consultation, actor)
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.OPEN


def test_an_answer_needs_text_and_a_valid_file(world):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier)
    with pytest.raises(BadInput) as empty:
        answer(consultation, world.away.specialist, "  ")
    assert set(empty.value.fields) == {"answer"}
    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(BadInput):
        answer(consultation, world.away.specialist, upload=fake)
    assert Consultation.objects.get(pk=consultation.pk).state == ConsultationState.OPEN


def test_no_answer_once_the_dossier_is_finished(world):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier)
    fire(Action.REQUEST_WITHDRAWAL, dossier, world.citizen)
    fire(Action.STOP, dossier, world.home.desk)
    with pytest.raises(Conflict):
        answer(consultation, world.away.specialist)


def test_an_unknown_consultation_is_not_found(world):
    with pytest.raises(NotFound):
        services.consultation_answer(
            consultation_id="nope", actor=world.away.specialist, answer="x"
        )
    with pytest.raises(NotFound):
        services.consultation_answer(
            consultation_id=987654, actor=world.away.specialist, answer="x"
        )


# ---- Cancel ---------------------------------------------------------------------------------


def test_the_asking_side_cancels_an_open_consultation_with_a_reason(world):
    dossier = in_progress(world)
    with time_machine.travel(at("2026-03-09 10:00"), tick=False):
        consultation = ask(world, dossier)
    with pytest.raises(BadInput):
        services.consultation_cancel(
            consultation_id=consultation.pk, actor=world.home.head, reason=""
        )
    with pytest.raises(NotAllowed):
        services.consultation_cancel(
            consultation_id=consultation.pk, actor=world.away.specialist, reason="Không cần."
        )
    with time_machine.travel(at("2026-03-09 11:00"), tick=False):
        done = services.consultation_cancel(
            consultation_id=consultation.pk, actor=world.home.head, reason="Đã có kết quả xác minh."
        )
    assert done.state == ConsultationState.CANCELLED
    assert done.cancelled_by == world.home.head
    assert local(done.cancelled_at) == at("2026-03-09 11:00")
    with pytest.raises(Conflict):
        answer(done, world.away.specialist)
    with pytest.raises(Conflict):
        services.consultation_cancel(
            consultation_id=consultation.pk, actor=world.home.head, reason="Lần hai."
        )
