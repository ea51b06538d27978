"""A component can be attached from the applicant's personal document store instead of being
uploaded again: the stored file is copied into the dossier and marked as reused."""

import uuid

import pytest

from citizens.documents import document_add, document_store_result
from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.models import DossierFile, FileKind
from dossiers.services import dossier_attach_stored
from dossiers.states import State
from tests.dossiers.conftest import PDF, pdf
from tests.dossiers.helpers import MONDAY, dossier_in
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")


@pytest.fixture
def reusable(world):
    """The optional component of the world's procedure may come from the store."""
    world.optional.from_document_store = True
    world.optional.save(update_fields=["from_document_store"])
    return world.optional


@pytest.fixture
def paper(world):
    return document_add(owner=world.citizen, upload=pdf("uy-quyen.pdf"), title="Văn bản ủy quyền")


def attach(dossier, actor, component, document):
    return dossier_attach_stored(
        dossier_id=dossier.pk, actor=actor, component_id=component.pk, document_id=document.pk
    )


def from_store_url(dossier):
    return f"/api/v1/dossiers/{dossier.pk}/files/from-store/"


# ---- The service ---------------------------------------------------------------------------


def test_a_stored_paper_is_copied_into_the_draft_and_marked_reused(world, reusable, paper):
    dossier = dossier_in(world, State.DRAFT)

    copied = attach(dossier, world.citizen, reusable, paper)

    copied = DossierFile.objects.get(pk=copied.pk)
    assert copied.dossier_id == dossier.pk and copied.component == reusable
    assert copied.reused_from_store is True
    assert copied.kind == FileKind.APPLICATION
    assert copied.uploaded_by == world.citizen
    assert (copied.original_name, copied.size, copied.sha256, copied.content_type) == (
        paper.original_name,
        paper.size,
        paper.sha256,
        "application/pdf",
    )
    assert copied.file.name != paper.file.name  # a copy: deleting the paper keeps it
    with copied.file.open("rb") as handle:
        assert handle.read() == PDF


def test_a_result_in_the_store_can_be_reused_too(world, reusable):
    result = document_store_result(
        owner_id=world.citizen.pk,
        result_code="H92.31-260301-0001-KQ1",
        title="Giấy chứng nhận",
        issuer="UBND phường Ninh Kiều",
        issued_at=MONDAY,
        content=PDF,
        name="gcn.pdf",
    )
    dossier = dossier_in(world, State.DRAFT)

    copied = attach(dossier, world.citizen, reusable, result)

    assert copied.reused_from_store and copied.original_name == "gcn.pdf"


def test_a_supplement_from_the_store_is_a_supplement_file(world, reusable, paper):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)

    assert attach(dossier, world.citizen, reusable, paper).kind == FileKind.SUPPLEMENT


def test_someone_elses_document_is_not_found(world, reusable):
    theirs = document_add(owner=world.other_citizen, upload=pdf(), title="Của người khác")
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(NotFound):
        attach(dossier, world.citizen, reusable, theirs)
    assert not DossierFile.objects.filter(reused_from_store=True).exists()


def test_an_unknown_document_is_not_found(world, reusable):
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(NotFound):
        dossier_attach_stored(
            dossier_id=dossier.pk,
            actor=world.citizen,
            component_id=reusable.pk,
            document_id=uuid.uuid4(),
        )


def test_someone_elses_dossier_is_not_found(world, reusable):
    theirs = document_add(owner=world.other_citizen, upload=pdf(), title="Giấy tờ")
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(NotFound):
        attach(dossier, world.other_citizen, reusable, theirs)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.IN_PROGRESS, State.RETURNED])
def test_the_store_is_used_only_while_the_applicant_adds_papers(world, reusable, paper, state):
    dossier = dossier_in(world, state)

    with pytest.raises(Conflict):
        attach(dossier, world.citizen, reusable, paper)


def test_staff_cannot_attach_from_an_applicants_store(world, reusable):
    dossier = dossier_in(world, State.DRAFT, channel="in_person")
    own = document_add(owner=world.home.desk, upload=pdf(), title="Giấy tờ")

    with pytest.raises(NotAllowed):
        attach(dossier, world.home.desk, reusable, own)


def test_a_component_that_does_not_take_stored_papers_is_refused(world, paper):
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(BadInput) as error:
        attach(dossier, world.citizen, world.required, paper)  # from_document_store is off
    assert "component" in error.value.fields


def test_a_result_returned_on_paper_has_no_file_to_attach(world, reusable):
    paper_result = document_store_result(
        owner_id=world.citizen.pk,
        result_code="H92.31-260301-0002-KQ1",
        title="Giấy phép",
        issuer="UBND",
        issued_at=MONDAY,
        content=None,
    )
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(BadInput) as error:
        attach(dossier, world.citizen, reusable, paper_result)
    assert "document" in error.value.fields


# ---- The API -------------------------------------------------------------------------------


def test_the_applicant_attaches_from_the_store_through_the_api(world, reusable, paper):
    dossier = dossier_in(world, State.DRAFT)

    response = api(world.citizen).post(
        from_store_url(dossier),
        {"component": reusable.pk, "document": str(paper.pk)},
        format="json",
    )

    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reused_from_store"] is True
    assert data["component"] == reusable.pk and data["kind"] == "application"
    download = api(world.citizen).get(data["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_the_api_refuses_in_the_one_error_shape(world, reusable, paper):
    theirs = document_add(owner=world.other_citizen, upload=pdf(), title="Giấy tờ")
    draft = dossier_in(world, State.DRAFT)
    submitted = dossier_in(world, State.SUBMITTED)
    citizen = api(world.citizen)

    def post(dossier, document, component=reusable.pk, client=citizen):
        body = {"component": component, "document": str(document.pk)}
        return client.post(from_store_url(dossier), body, format="json")

    not_mine = post(draft, theirs)
    late = post(submitted, paper)
    stranger = post(draft, theirs, client=api(world.other_citizen))
    bad = citizen.post(from_store_url(draft), {"component": "x"}, format="json")
    anonymous = post(draft, paper, client=api())

    assert (not_mine.status_code, not_mine.json()["code"]) == (404, "not_found")
    assert (late.status_code, late.json()["code"]) == (409, "conflict")
    assert stranger.status_code == 404
    assert bad.status_code == 400 and set(bad.json()["fields"]) == {"component", "document"}
    assert anonymous.status_code == 401
