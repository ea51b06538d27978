"""Uploads: the type comes from the bytes, the size and checksum are kept, and only the right
people add files, in the states where they may, to the components of the dossier's version."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import services
from dossiers.errors import BadInput, Conflict, NotAllowed, NotFound
from dossiers.models import DossierFile, FileKind
from dossiers.states import State
from tests.dossiers.conftest import PDF, pdf
from tests.dossiers.helpers import dossier_in
from tests.factories import ComponentFactory

pytestmark = pytest.mark.usefixtures("frozen_monday")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 40
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40


def upload(name, content, declared="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=declared)


def attach(world, dossier, file, *, actor=None, component="required"):
    component_id = getattr(world, component).pk if component else None
    return services.dossier_attach_file(
        dossier_id=dossier.pk,
        actor=actor or world.citizen,
        upload=file,
        component_id=component_id,
    )


def file_error(error) -> str:
    return " ".join(str(m) for m in error.value.fields["file"])


# ---- What is stored -------------------------------------------------------------------------


def test_a_pdf_is_stored_with_its_size_checksum_and_type(world):
    dossier = dossier_in(world, State.DRAFT)

    stored = attach(world, dossier, pdf("don-de-nghi.pdf"))

    stored = DossierFile.objects.get(pk=stored.pk)
    assert stored.content_type == "application/pdf"
    assert stored.size == len(PDF)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.original_name == "don-de-nghi.pdf"
    assert (stored.kind, stored.component, stored.uploaded_by) == (
        FileKind.APPLICATION,
        world.required,
        world.citizen,
    )
    with stored.file.open("rb") as content:
        assert content.read() == PDF


def test_the_type_comes_from_the_bytes_not_from_the_name_or_the_declared_type(world):
    dossier = dossier_in(world, State.DRAFT)

    stored = attach(world, dossier, upload("anh-chup.png", PNG, declared="application/pdf"))
    with pytest.raises(BadInput) as error:
        attach(world, dossier, upload("anh-chup.pdf", PNG, declared="application/pdf"))

    assert stored.content_type == "image/png"
    assert "không khớp với đuôi .pdf" in file_error(error)


def test_a_jpeg_photo_is_accepted(world):
    dossier = dossier_in(world, State.DRAFT)

    assert attach(world, dossier, upload("cccd.jpg", JPEG)).content_type == "image/jpeg"


def test_a_word_document_is_recognised_from_its_zip_bytes_and_its_name(world):
    dossier = dossier_in(world, State.DRAFT)

    stored = attach(world, dossier, upload("to-khai.docx", ZIP))

    assert stored.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE),
        ("giay-to.pdf", EXE),
        ("du-lieu.bin", bytes(range(7, 200))),
        ("van-ban.txt", "Đơn đề nghị".encode()),
        ("nen.zip", ZIP),
    ],
    ids=["exe", "exe-named-pdf", "random-bytes", "plain-text", "bare-zip"],
)
def test_a_file_of_another_kind_is_refused_with_a_vietnamese_message(world, name, content):
    dossier = dossier_in(world, State.DRAFT)
    count = DossierFile.objects.count()

    with pytest.raises(BadInput) as error:
        attach(world, dossier, upload(name, content))

    assert "Định dạng tệp không được chấp nhận" in file_error(error)
    assert "PDF" in file_error(error)
    assert DossierFile.objects.count() == count


def test_an_empty_file_is_refused(world):
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(BadInput) as error:
        attach(world, dossier, upload("rong.pdf", b""))

    assert "Tệp rỗng" in file_error(error)


def test_a_missing_file_is_refused(world):
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(BadInput) as error:
        attach(world, dossier, None)

    assert "Chưa chọn tệp" in file_error(error)


def test_a_file_over_the_size_limit_is_refused(world, settings):
    dossier = dossier_in(world, State.DRAFT)
    settings.PORTAL_MAX_UPLOAD_BYTES = len(PDF) - 1
    count = DossierFile.objects.count()

    with pytest.raises(BadInput) as error:
        attach(world, dossier, pdf())

    assert "vượt quá dung lượng" in file_error(error)
    assert DossierFile.objects.count() == count


def test_a_file_exactly_at_the_size_limit_is_accepted(world, settings):
    dossier = dossier_in(world, State.DRAFT)
    settings.PORTAL_MAX_UPLOAD_BYTES = len(PDF)

    assert attach(world, dossier, pdf()).size == len(PDF)


# ---- Components ------------------------------------------------------------------------------


def test_a_component_of_another_procedure_version_is_refused(world):
    dossier = dossier_in(world, State.DRAFT)
    elsewhere = ComponentFactory(name="Tờ khai khác")

    with pytest.raises(BadInput) as error:
        services.dossier_attach_file(
            dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=elsewhere.pk
        )

    assert "component" in error.value.fields


def test_an_applicants_file_must_name_its_component(world):
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(BadInput) as error:
        attach(world, dossier, pdf(), component=None)

    assert "component" in error.value.fields


def test_the_optional_component_takes_a_file_too(world):
    dossier = dossier_in(world, State.DRAFT)

    assert attach(world, dossier, pdf(), component="optional").component == world.optional


def test_a_supplement_file_is_kept_as_such(world):
    dossier = dossier_in(world, State.SUPPLEMENT_REQUESTED)

    assert attach(world, dossier, pdf()).kind == FileKind.SUPPLEMENT


def test_working_papers_of_the_specialist_need_no_component(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    stored = attach(
        world, dossier, pdf("bien-ban.pdf"), actor=world.home.specialist, component=None
    )

    assert (stored.kind, stored.component) == (FileKind.ATTACHMENT, None)


# ---- Who and when ----------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.REFUSED, State.RETURNED, State.STOPPED])
def test_no_file_can_be_added_to_a_finished_dossier(world, state):
    dossier = dossier_in(world, state)
    count = DossierFile.objects.count()

    for actor in (world.citizen, world.home.desk, world.home.specialist, world.home.leader):
        with pytest.raises(Conflict):
            attach(world, dossier, pdf(), actor=actor)

    assert DossierFile.objects.count() == count


@pytest.mark.parametrize("state", [State.SUBMITTED, State.RECEIVED, State.RESOLVED])
def test_no_file_can_be_added_while_the_dossier_waits_for_the_desk_or_the_applicant(world, state):
    dossier = dossier_in(world, state)

    with pytest.raises(Conflict):
        attach(world, dossier, pdf(), actor=world.citizen)


def test_no_officer_can_add_a_file_to_a_citizens_unsent_draft(world):
    dossier = dossier_in(world, State.DRAFT)

    for who in ("desk", "desk_head", "specialist", "head", "leader"):
        with pytest.raises(NotFound):
            attach(world, dossier, pdf(), actor=getattr(world.home, who))

    assert dossier.files.count() == 1


@pytest.mark.parametrize(
    ("state", "who"),
    [
        (State.DRAFT, "specialist"),
        (State.DRAFT, "leader"),
        (State.SUPPLEMENT_REQUESTED, "specialist"),
        (State.IN_PROGRESS, "desk"),
        (State.PENDING_APPROVAL, "specialist"),
    ],
)
def test_the_wrong_officer_of_the_agency_is_not_allowed_to_add_a_file(world, state, who):
    # A draft that officers see at all is a walk-in's, made at the desk.
    dossier = dossier_in(world, state, **({"channel": "in_person"} if state == State.DRAFT else {}))

    with pytest.raises(NotAllowed):
        attach(world, dossier, pdf(), actor=getattr(world.home, who), component=None)


def test_the_applicant_cannot_add_files_while_the_agency_processes_the_dossier(world):
    dossier = dossier_in(world, State.IN_PROGRESS)

    with pytest.raises(NotAllowed):
        attach(world, dossier, pdf())


def test_another_citizen_cannot_add_a_file_to_someone_elses_dossier(world):
    dossier = dossier_in(world, State.DRAFT)

    with pytest.raises(NotFound):
        attach(world, dossier, pdf(), actor=world.other_citizen)

    assert dossier.files.count() == 1


def test_the_desk_may_add_files_for_a_walk_in_applicant(world):
    dossier = dossier_in(world, State.DRAFT, channel="in_person")

    assert dossier.files.get().uploaded_by == world.home.desk
