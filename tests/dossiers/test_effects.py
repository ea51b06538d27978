"""Who hears what after each action: the effects table writes messages and jobs with the
event, in its transaction; the applicant's legal notices say what the law asks them to."""

import datetime

import pytest
from django.core import mail
from django.db import transaction

from dossiers import services
from dossiers.effects import EFFECTS, Run, Tell
from dossiers.effects.models import EffectRun
from dossiers.states import Action, State
from notifications import dispatch as dispatcher
from notifications.models import Notification
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import dossier_in, fire, reload

pytestmark = pytest.mark.usefixtures("frozen_monday")

D = "dossiers/messages/"


def messages(template, user=None):
    rows = Notification.objects.filter(template=D + template)
    return rows.filter(recipient=user) if user else rows


def test_every_action_of_the_lifecycle_has_a_row_in_the_effects_table():
    assert set(EFFECTS) == set(Action)
    for effects in EFFECTS.values():
        assert all(isinstance(e, Tell | Run) for e in effects)


def test_receiving_tells_the_applicant_the_appointment_date(world):
    dossier = dossier_in(world, State.RECEIVED)

    (notice,) = messages("received", world.citizen)
    assert datetime.datetime.fromisoformat(notice.context["due_at"]) == reload(dossier).due_at
    assert notice.link == f"/ho-so/cua-toi/{dossier.pk}/"
    dispatcher.dispatch()
    (email,) = [m for m in mail.outbox if m.subject.startswith(f"Hồ sơ {dossier.code} đã")]
    assert "Ngày hẹn trả kết quả: 17:00, thứ Năm, 12/03/2026" in email.body


def test_a_completion_request_is_a_legal_notice_naming_every_missing_paper(world):
    dossier = dossier_in(world, State.SUBMITTED)
    fire(
        Action.REQUEST_COMPLETION,
        dossier,
        world.home.desk,
        reason="Giấy tờ chưa hợp lệ.",
        missing=["Giấy đề nghị có chữ ký", "Bản sao căn cước"],
    )

    (notice,) = messages("completion_requested", world.citizen)
    assert notice.legal
    dispatcher.dispatch()
    (email,) = [m for m in mail.outbox if m.subject.startswith("Cần hoàn thiện")]
    assert email.to == [world.citizen.email]
    assert email.subject == f"Cần hoàn thiện hồ sơ {dossier.code}"
    assert "- Giấy đề nghị có chữ ký\n- Bản sao căn cước" in email.body
    assert "Lý do: Giấy tờ chưa hợp lệ." in email.body


@pytest.mark.parametrize(
    "action, state, template",
    [
        (Action.REFUSE, State.SUBMITTED, "refused"),
        (Action.REQUEST_SUPPLEMENT, State.IN_PROGRESS, "supplement_requested"),
        (Action.REQUEST_PAYMENT, State.IN_PROGRESS, "payment_requested"),
        (Action.APPROVE, State.PENDING_APPROVAL, "result_ready"),
        (Action.DENY, State.PENDING_APPROVAL, "result_ready"),
        (Action.RESCHEDULE, State.IN_PROGRESS, "rescheduled"),
    ],
)
def test_the_notices_the_law_requires_are_legal(world, action, state, template):
    dossier = dossier_in(world, state)
    actor = {
        Action.REFUSE: world.home.desk,
        Action.APPROVE: world.home.leader,
        Action.DENY: world.home.leader,
        Action.RESCHEDULE: world.home.head,
    }.get(action, world.home.specialist)
    fire(action, dossier, actor)

    (notice,) = messages(template, world.citizen)
    assert notice.legal
    assert notice.deliveries.get().channel == "email"


def test_a_payment_request_says_how_much_and_where_to_pay(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    fire(Action.REQUEST_PAYMENT, dossier, world.home.specialist, amount=150000)
    dispatcher.dispatch()

    (email,) = [m for m in mail.outbox if "đề nghị nộp phí" in m.subject]
    assert email.to == [world.citizen.email]
    assert "Số tiền: 150.000 đồng" in email.body
    assert f"nộp tại {world.home.centre.name}" in email.body


def test_staff_hear_of_dossiers_entering_their_queue_but_not_of_their_own_acts(world):
    dossier = dossier_in(world, State.RECEIVED)
    fire(Action.TRANSFER, dossier, world.home.desk, assignee_id=world.home.specialist.pk)
    fire(Action.SUBMIT_FOR_APPROVAL, reload(dossier), world.home.specialist)

    assert messages("staff_new_submission", world.home.desk).count() == 1
    assert [n.recipient for n in messages("staff_transferred")] == [world.home.specialist]
    assert [n.recipient for n in messages("staff_awaiting_approval")] == [world.home.leader]
    assert all(n.digest for n in Notification.objects.filter(template__contains="/staff_"))
    assert not messages("staff_transferred", world.home.desk).exists()
    # Nobody of the other commune hears anything.
    assert not Notification.objects.filter(
        recipient__in=[world.away.desk, world.away.specialist, world.away.leader]
    ).exists()


def test_a_walk_in_without_an_account_hears_by_the_contacts_given_at_the_desk(world):
    dossier = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Thị Hoa",
        applicant_phone="0987654321",
        applicant_email="hoa@example.vn",
    )
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.home.desk, upload=pdf(), component_id=world.required.pk
    )
    fire(Action.SUBMIT, dossier, world.home.desk)
    fire(Action.RECEIVE, dossier, world.home.desk)
    dossier = reload(dossier)

    assert not messages("submitted").exists()  # handed in at the desk: the receipt is paper
    (notice,) = messages("received")
    assert notice.recipient is None
    assert (notice.name, notice.email) == ("Lê Thị Hoa", "hoa@example.vn")
    assert [d.channel for d in notice.deliveries.all()] == ["email"]
    assert notice.fallback == ["sms"]
    assert notice.link == f"/tra-cuu/?code={dossier.code}"


def test_messages_and_jobs_roll_back_with_the_event(world):
    dossier = dossier_in(world, State.SUBMITTED)
    before = Notification.objects.count(), EffectRun.objects.count()

    with pytest.raises(RuntimeError), transaction.atomic():
        fire(Action.RECEIVE, dossier, world.home.desk)
        assert EffectRun.objects.filter(kind="slip").exists()
        raise RuntimeError

    assert (Notification.objects.count(), EffectRun.objects.count()) == before
