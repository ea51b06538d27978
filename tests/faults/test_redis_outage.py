"""Redis (broker, cache and result backend at once) stops: requests still answer, nothing
committed is lost, and each message goes out exactly once when Redis is back.

Each test starts its own redis-server on a free port and stops only that process."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.urls import reverse

from citizens.models import StoredDocument
from dossiers import services
from dossiers.models import Dossier
from dossiers.states import Action, State
from notifications.models import Delivery, DeliveryState, Notification
from portal.celery import app
from tests.dossiers.conftest import build_world, pdf
from tests.dossiers.helpers import dossier_in, empty_draft, valid_input
from tests.faults.conftest import wait_for
from tests.helpers import celery_on

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Workers in other threads share the database: an in-memory SQLite one is not shared.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _sent_all():
    return not Delivery.objects.exclude(state=DeliveryState.SENT).exists()


def _catch_up():
    """What the beat does every minute: dispatch the outboxes."""
    app.send_task("notifications.dispatch", ignore_result=True)
    app.send_task("dossiers.run_effects", ignore_result=True)


def test_fifty_submissions_during_an_outage_all_stand_and_each_receipt_goes_once(
    private_redis, client
):
    world = build_world()
    drafts = []
    for _ in range(50):
        draft = empty_draft(world)
        services.dossier_attach_file(
            dossier_id=draft.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
        )
        drafts.append(draft)
    client.force_login(world.citizen)

    private_redis.stop()
    answers = [client.post(reverse("dossiers:review", args=[d.pk])).status_code for d in drafts]

    assert answers == [302] * 50
    assert Dossier.objects.filter(state=State.SUBMITTED).count() == 50
    receipts = Notification.objects.filter(template="dossiers/messages/submitted")
    assert receipts.count() == 50
    assert mail.outbox == []  # nothing could be sent: no worker had been told

    private_redis.start()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        _catch_up()
        wait_for(_sent_all, what="every delivery to be sent")

    to_citizen = [m for m in mail.outbox if m.to == [world.citizen.email]]
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert sorted(m.subject.split()[4] for m in to_citizen) == codes  # each once, none lost


def test_with_redis_down_every_page_and_api_call_answers_and_nothing_is_lost(private_redis, client):
    world = build_world()
    resolved = dossier_in(world, State.RESOLVED)
    submitted = dossier_in(world, State.SUBMITTED)
    private_redis.stop()

    anonymous = [
        client.get("/"),
        client.get(reverse("procedures:list")),
        client.get(reverse("dossiers:track")),
        client.post(reverse("dossiers:track"), {"code": submitted.code, "verify": "0000"}),
        client.get("/api/v1/track/", {"code": submitted.code, "verify": "0000"}),
        client.post(reverse("api-token"), {"username": "nobody", "password": "wrong"}),
        client.get("/health/"),
    ]
    statuses = [r.status_code for r in anonymous]
    assert statuses[:4] == [200, 200, 200, 200] and statuses[-1] == 200
    assert all(status < 500 for status in statuses), statuses

    client.force_login(world.home.desk)
    pages = [
        client.get(reverse("workspaces:desk")),
        client.get(reverse("workspaces:desk_dossier", args=[submitted.pk])),
        client.get(reverse("notifications:inbox")),
    ]
    assert [r.status_code for r in pages] == [200, 200, 200]
    received = client.post(
        f"/api/v1/dossiers/{submitted.pk}/receive/",
        valid_input(Action.RECEIVE, submitted),
        content_type="application/json",
    )
    returned = client.post(
        f"/api/v1/dossiers/{resolved.pk}/return/",
        valid_input(Action.RETURN, resolved),
        content_type="application/json",
    )
    assert (received.status_code, returned.status_code) == (200, 200)
    assert Dossier.objects.get(pk=resolved.pk).state == State.RETURNED

    private_redis.start()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        _catch_up()
        wait_for(_sent_all, what="every delivery to be sent")
        wait_for(
            lambda: StoredDocument.objects.filter(owner=world.citizen).exists(),
            what="the result in the applicant's store",
        )

    assert StoredDocument.objects.get(owner=world.citizen).result_code.startswith(resolved.code)
    subjects = [m.subject for m in mail.outbox if m.to == [world.citizen.email]]
    assert f"Hồ sơ {submitted.code} đã được tiếp nhận" in subjects
    assert f"Hồ sơ {resolved.code} đã trả kết quả" in subjects


def test_the_real_worker_on_the_real_redis_sends_the_submission_receipt(settings, client):
    """Not a fault: the everyday path, with the suite's Redis and a worker of this test."""
    url = settings.REDIS_URL or "redis://127.0.0.1:6379/0"
    with celery_on(url):
        world = build_world()
        draft = empty_draft(world)
        services.dossier_attach_file(
            dossier_id=draft.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
        )
        client.force_login(world.citizen)
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            client.post(reverse("dossiers:review", args=[draft.pk]))  # the kick after commit
            wait_for(
                lambda: any(m.to == [world.citizen.email] for m in mail.outbox),
                what="the receipt e-mail",
            )

    code = Dossier.objects.get(pk=draft.pk).code
    (receipt,) = [m for m in mail.outbox if m.to == [world.citizen.email]]
    assert code in receipt.subject
