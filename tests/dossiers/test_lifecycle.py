"""A dossier's whole life, through the services, as the law orders it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from dossiers import services
from dossiers.models import DossierEvent
from dossiers.states import State
from tests.dossiers.helpers import submitted as _submitted

HANOI = datetime.timezone(datetime.timedelta(hours=7))


@time_machine.travel(datetime.datetime(2026, 3, 9, 9, 0, tzinfo=HANOI), tick=False)
def test_an_online_dossier_goes_from_draft_to_returned_with_one_event_per_step(world):
    home = world.home
    dossier = _submitted(world)
    assert dossier.code == "H92.31.01-260309-0001"
    assert dossier.state == State.SUBMITTED

    dossier = services.dossier_receive(
        dossier_id=dossier.pk, actor=home.desk, checklist={str(world.required.pk): True}
    )
    assert dossier.state == State.RECEIVED
    # 3 working days counted from the next day: Tue, Wed, Thu → Thursday 12 March 17:00.
    local_due = timezone.localtime(dossier.due_at)
    assert local_due == datetime.datetime(2026, 3, 12, 17, 0, tzinfo=HANOI)

    services.dossier_transfer(
        dossier_id=dossier.pk, actor=home.desk, assignee_id=home.specialist.pk
    )
    services.dossier_submit_for_approval(dossier_id=dossier.pk, actor=home.specialist)
    dossier = services.dossier_approve(dossier_id=dossier.pk, actor=home.leader, summary="Cấp GCN")
    assert dossier.state == State.RESOLVED
    assert dossier.results.get().code == "H92.31.01-260309-0001-KQ1"

    dossier = services.dossier_return(
        dossier_id=dossier.pk,
        actor=home.desk,
        channel="desk",
        details={"collector_name": "Nguyễn Văn An", "collector_id_number": "092080001234"},
    )
    assert dossier.state == State.RETURNED
    actions = list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert actions == ["submit", "receive", "transfer", "submit-for-approval", "approve", "return"]


def test_a_citizens_unsent_draft_is_theirs_alone(world):
    from dossiers import permissions
    from dossiers.errors import NotFound

    draft = services.dossier_create(
        actor=world.citizen, procedure_code="1.001612", channel="online", agency_code="H92.31"
    )

    assert permissions.can_view(draft, world.citizen)
    for staff in (world.home.desk, world.home.leader, world.home.specialist):
        assert not permissions.can_view(draft, staff)
    with pytest.raises(NotFound):
        services.dossier_submit(dossier_id=draft.pk, actor=world.home.desk)
