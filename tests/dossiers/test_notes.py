"""Internal notes on a dossier: the dossier's officers write and read them on the appraisal
page; the applicant, other agencies and the public never see them."""

import pytest
from django.test import Client
from django.urls import reverse

from dossiers import services
from dossiers.consult.services import consultation_ask
from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.models import DossierNote
from dossiers.states import State
from tests.dossiers.helpers import MONDAY, dossier_in
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.usefixtures("frozen_monday")

SECRET = "Đã gọi điện cho người nộp: hẹn bổ sung bản sao hợp đồng thuê nhà."


def note(world, dossier, user, text=SECRET):
    return services.dossier_note_add(dossier_id=dossier.pk, actor=user, text=text)


def test_each_officer_of_the_dossier_writes_a_note_that_all_of_them_read(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    for officer in (world.home.specialist, world.home.head, world.home.leader):
        note(world, dossier, officer, f"{SECRET} ({officer.username})")

    notes = services.notes_for(dossier, world.home.desk)
    assert [n.author for n in notes] == [
        world.home.specialist,
        world.home.head,
        world.home.leader,
    ]
    assert notes[0].author_name == world.home.specialist.get_full_name()
    assert notes[0].created_at == MONDAY


def test_the_applicant_and_other_agencies_neither_write_nor_read_notes(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    note(world, dossier, world.home.specialist)

    with pytest.raises(NotAllowed):
        note(world, dossier, world.citizen)
    for stranger in (world.away.specialist, world.away.desk, world.other_citizen):
        with pytest.raises(NotFound):
            note(world, dossier, stranger)
    assert services.notes_for(dossier, world.citizen) == []
    assert services.notes_for(dossier, world.away.specialist) == []
    assert DossierNote.objects.count() == 1


def test_an_empty_or_overlong_note_is_refused_and_a_finished_dossier_takes_none(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(BadInput) as empty:
        note(world, dossier, world.home.specialist, "   ")
    with pytest.raises(BadInput) as long:
        note(world, dossier, world.home.specialist, "x" * (services.NOTE_MAX + 1))
    finished = dossier_in(world, State.RETURNED)
    with pytest.raises(Conflict):
        note(world, finished, world.home.specialist)

    assert empty.value.fields == {"text": ["Cần nhập nội dung ghi chú."]}
    assert "tối đa 4000 ký tự" in long.value.fields["text"][0]
    assert not DossierNote.objects.exists()


def test_the_appraisal_page_shows_and_takes_notes(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    client = Client()
    client.force_login(world.home.specialist)
    page = reverse("workspaces:work_dossier", args=[dossier.pk])
    act = reverse("workspaces:work_act", args=[dossier.pk, "ghi-chu"])

    refused = client.post(act, {"note-text": ""})
    saved = client.post(act, {"note-text": SECRET})

    assert refused.status_code == 400
    assert "Cần nhập nội dung ghi chú." in refused.content.decode()
    assert saved.status_code == 302
    html = client.get(page).content.decode()
    assert SECRET in html
    assert world.home.specialist.get_full_name() in html


def test_the_applicant_never_sees_a_note_on_their_pages(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    note(world, dossier, world.home.specialist)
    client = Client()
    client.force_login(world.citizen)

    html = client.get(reverse("dossiers:mine_detail", args=[dossier.pk])).content.decode()
    api = client.get(f"/api/v1/dossiers/{dossier.pk}/events/").content.decode()

    assert "hẹn bổ sung bản sao" not in html
    assert "hẹn bổ sung bản sao" not in api


def test_the_admin_lists_notes_and_consultations_only_within_reach(world):
    dossier = dossier_in(world, State.IN_PROGRESS)
    note(world, dossier, world.home.specialist)
    for user in (world.home.leader, world.away.leader):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    home, away = Client(), Client()
    home.force_login(world.home.leader)
    away.force_login(world.away.leader)

    mine = home.get(reverse("admin:dossiers_dossiernote_changelist"))
    theirs = away.get(reverse("admin:dossiers_dossiernote_changelist"))
    consultation_ask(
        dossier_id=dossier.pk,
        actor=world.home.specialist,
        agency_code="H92.32",
        question="Xin ý kiến về địa điểm kinh doanh giáp ranh.",
        days=2,
    )
    asked = reverse("admin:dossiers_consultation_changelist")
    stranger = UserFactory(is_staff=True)
    MembershipFactory(agency=AgencyFactory(code="H92.99"), role="leader", user=stranger)
    elsewhere = Client()
    elsewhere.force_login(stranger)

    assert mine.status_code == 200
    assert SECRET in mine.content.decode()
    assert theirs.status_code == 200
    assert SECRET not in theirs.content.decode()
    assert "giáp ranh" in home.get(asked).content.decode()  # asked by the home agency
    assert "giáp ranh" in away.get(asked).content.decode()  # asked of the away agency
    assert "giáp ranh" not in elsewhere.get(asked).content.decode()
