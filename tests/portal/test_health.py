import datetime

from django.core.management import call_command

from notifications.models import Delivery, DeliveryState
from tests.factories import UserFactory
from tests.notifications.conftest import tell

EMPTY = {"pending": 0, "oldest_pending_seconds": 0, "failed": 0}


def test_health_reports_ok_when_the_database_answers(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "outbox": EMPTY, "effects": EMPTY}


def test_health_reports_the_outbox_backlog_and_the_age_of_the_oldest_message(
    client, db, time_machine
):
    start = datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    tell(UserFactory(username="an"), key="a")
    tell(UserFactory(username="binh"), key="b")
    time_machine.move_to(start + datetime.timedelta(minutes=7), tick=False)

    outbox = client.get("/health/").json()["outbox"]

    assert outbox == {"pending": 2, "oldest_pending_seconds": 420, "failed": 0}


def test_the_outbox_command_lists_retries_sends_and_purges(db, capsys, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC), tick=False)
    tell(UserFactory(username="an"), key="a")
    Delivery.objects.update(state=DeliveryState.FAILED, last_error="Máy chủ thư từ chối.")

    call_command("outbox", "list", "--failed")
    listed = capsys.readouterr().out
    assert "failed   email  1" in listed
    assert "Máy chủ thư từ chối." in listed

    call_command("outbox", "retry", "--failed")
    assert "queued again: 1" in capsys.readouterr().out
    call_command("outbox", "send")
    assert "sent 1" in capsys.readouterr().out
    assert Delivery.objects.get().state == DeliveryState.SENT

    time_machine.shift(datetime.timedelta(days=31))
    call_command("outbox", "purge", "--older-than", "30")
    assert "deleted: 2" in capsys.readouterr().out  # the message and its delivery
    assert not Delivery.objects.exists()
