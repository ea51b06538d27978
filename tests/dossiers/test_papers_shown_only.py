"""Papers the law says to show, not hand in (issue 11): a component marked `present_only`
("Xuất trình bản chính để đối chiếu, không nộp") is never asked for online — not in the draft,
not at submission, not at the online reception — and takes no upload from afar; at a walk-in
the desk compares the original and ticks it. Components without a file are alarming only when
they are required and sent from afar: optional ones and a walk-in's paper ones say so calmly.
"""

import pytest
from django.urls import reverse

from dossiers import services
from dossiers.errors import BadInput
from dossiers.slips.contexts import context_for
from dossiers.slips.legal_forms import Form
from dossiers.states import Action, State
from tests.dossiers.conftest import pdf
from tests.dossiers.helpers import empty_draft, events, reload, submitted
from tests.dossiers.test_pages_apply import signed_in, text
from tests.factories import ComponentFactory
from workspaces.papers import MISSING, paper_row

ID_PAPER = "Giấy tờ tùy thân của người nộp hồ sơ"
NOTE = "Xuất trình bản chính để đối chiếu, không nộp."


@pytest.fixture
def shown(world):
    """The world's procedure with a required paper that is only shown."""
    return ComponentFactory(
        version=world.version, order=3, name=ID_PAPER, present_only=True, note=NOTE
    )


def walk_in(world):
    """A walk-in's dossier, sent by the desk with no scan: its papers are on the desk."""
    dossier = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Nguyễn Văn An",
        applicant_phone="0912345678",
    )
    return services.dossier_submit(dossier_id=dossier.pk, actor=world.home.desk)


def test_an_online_dossier_is_sent_and_received_without_the_shown_paper(world, shown):
    dossier = submitted(world)
    assert dossier.state == State.SUBMITTED

    received = services.dossier_receive(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): True},
    )
    assert received.state == State.RECEIVED


def test_no_file_is_taken_for_a_shown_paper_from_afar(world, shown):
    dossier = empty_draft(world)
    with pytest.raises(BadInput) as refused:
        services.dossier_attach_file(
            dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=shown.pk
        )
    assert "chỉ xuất trình bản chính" in str(refused.value.fields["component"][0])
    assert not reload(dossier).files.exists()


def test_a_walk_in_desk_compares_the_original_and_ticks_it(world, shown):
    dossier = walk_in(world)
    # Not ticked: the desk has not compared it yet.
    with pytest.raises(BadInput) as refused:
        services.dossier_receive(
            dossier_id=dossier.pk,
            actor=world.home.desk,
            checklist={str(world.required.pk): "original"},
        )
    assert any(ID_PAPER in m for m in refused.value.fields["checklist"])
    received = services.dossier_receive(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): "original", str(shown.pk): True},
    )
    assert received.state == State.RECEIVED
    # Mẫu 01 lists what was handed in; the original shown was handed back.
    receipt = [e for e in events(received) if e.action == Action.RECEIVE][0]
    listed = [c["name"] for c in context_for(Form.RECEIPT, received, receipt)["components"]]
    assert listed == [world.required.name]


def test_the_draft_and_review_list_the_shown_paper_without_an_upload(client, world, shown):
    dossier = empty_draft(world)
    services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    signed_in(client, world.citizen)

    draft = client.get(reverse("dossiers:draft", args=[dossier.pk]))
    html = draft.content.decode()
    assert "Giấy tờ chỉ xuất trình, không tải lên" in text(draft)
    assert ID_PAPER in text(draft) and NOTE in text(draft)
    assert f'id="file-{shown.pk}"' not in html  # nothing to upload for it
    assert f'id="file-{world.required.pk}"' in html

    review = client.get(reverse("dossiers:review", args=[dossier.pk]))
    assert "Đã có đủ các thành phần hồ sơ bắt buộc." in text(review)
    assert "Giấy tờ chỉ xuất trình, không tải lên" in text(review)


def test_the_procedure_page_says_the_paper_is_shown_not_handed_in(client, world, shown):
    page = client.get(reverse("procedures:detail", args=[world.procedure.code]))
    assert "Chỉ xuất trình, không nộp" in text(page)


def test_the_api_says_which_papers_are_shown_only(client, world, shown):
    response = client.get(f"/api/v1/procedures/{world.procedure.code}/")
    assert response.status_code == 200
    flags = {c["name"]: c["present_only"] for c in response.json()["components"]}
    assert flags == {world.required.name: False, world.optional.name: False, ID_PAPER: True}


def _notes(response) -> dict:
    rows = response.context["checklist"] if "checklist" in response.context else []
    return {row["component"].name: (row["absence"], row["missing"]) for row in rows}


def test_the_desk_alarms_only_for_a_required_file_missing_from_afar(client, world, shown):
    dossier = submitted(world)
    client.force_login(world.home.desk)

    page = client.get(reverse("workspaces:desk_dossier", args=[dossier.pk]))

    assert page.status_code == 200
    assert _notes(page) == {
        world.required.name: ("", False),
        world.optional.name: ("optional", False),
        ID_PAPER: ("shown", False),
    }
    html = page.content.decode()
    assert "desk-item--missing" not in html and "desk-item__none--missing" not in html
    assert "Không nộp (không bắt buộc)." in text(page)
    assert "Chỉ xuất trình bản chính để đối chiếu, không nộp." in text(page)
    assert "Chưa có tệp." not in text(page)


def test_a_walk_in_paper_dossier_shows_no_missing_file(client, world, shown):
    dossier = walk_in(world)
    services.dossier_receive(
        dossier_id=dossier.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): "original", str(shown.pk): True},
    )
    client.force_login(world.home.desk)

    page = client.get(reverse("workspaces:desk_dossier", args=[dossier.pk]))

    assert _notes(page)[world.required.name] == ("paper", False)
    assert "Nộp bản giấy tại Bộ phận Một cửa, không có bản quét." in text(page)
    assert "Chưa có tệp." not in text(page)


def test_only_a_required_file_missing_from_afar_is_alarming(world, shown):
    online = empty_draft(world)
    paper = walk_in(world)
    table = {
        (dossier.channel, component.name): paper_row(component, [], dossier)["absence"]
        for dossier in (online, paper)
        for component in (world.required, world.optional, shown)
    }
    assert table == {
        ("online", world.required.name): MISSING,
        ("online", world.optional.name): "optional",
        ("online", ID_PAPER): "shown",
        ("in_person", world.required.name): "paper",
        ("in_person", world.optional.name): "paper",
        ("in_person", ID_PAPER): "shown",
    }
    assert paper_row(world.required, ["a file"], online)["absence"] == ""
