"""The personal document store's services: the applicant's own papers (checked by their
bytes), results kept by their codes (idempotent), and nobody else's documents ever."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from citizens import files
from citizens.documents import (
    BadDocument,
    DocumentNotFound,
    DocumentProtected,
    document_add,
    document_delete,
    document_of,
    document_store_result,
    documents_of,
)
from citizens.models import DocumentKind, StoredDocument

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
ISSUED = datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC)


def upload(content=PDF, name="can-cuoc.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def zipped(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return upload(buffer.getvalue(), name, "application/octet-stream")


def store_result(owner, code="H92.31-260309-0001-KQ1", content=PDF, **overrides):
    arguments = {
        "owner_id": owner.pk,
        "result_code": code,
        "title": "Giấy chứng nhận đăng ký hộ kinh doanh",
        "issuer": "Ủy ban nhân dân phường Ninh Kiều",
        "issued_at": ISSUED,
        "content": content,
        "name": "gcn.pdf",
        **overrides,
    }
    return document_store_result(**arguments)


# ---- Own papers ----------------------------------------------------------------------------


def test_an_own_paper_is_kept_with_its_checked_type_size_and_checksum(citizen):
    document = document_add(owner=citizen, upload=upload(), title="  Căn cước công dân ")

    document = StoredDocument.objects.get(pk=document.pk)
    assert document.owner == citizen and document.kind == DocumentKind.OWN
    assert document.title == "Căn cước công dân"
    assert (document.original_name, document.size) == ("can-cuoc.pdf", len(PDF))
    assert document.content_type == "application/pdf"
    assert len(document.sha256) == 64 and document.result_code == "" and document.issuer == ""
    assert document.file.name.startswith(f"documents/{citizen.pk}/{document.pk}/")
    with document.file.open("rb") as handle:
        assert handle.read() == PDF


def test_without_a_title_the_file_name_is_the_title(citizen):
    assert document_add(owner=citizen, upload=upload(), title="").title == "can-cuoc"


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PNG, "anh.png", "image/png"),
        (JPEG, "anh.jpg", "image/jpeg"),
        (PNG, "anh-khong-duoi", "image/png"),  # the bytes decide, not the name
    ],
)
def test_the_type_is_read_from_the_bytes(citizen, content, name, expected):
    assert (
        document_add(owner=citizen, upload=upload(content, name), title="x").content_type
        == expected
    )


def test_a_name_saying_another_kind_is_refused(citizen):
    with pytest.raises(BadDocument) as refused:
        document_add(owner=citizen, upload=upload(PNG, "anh-doi-ten.pdf"), title="x")

    assert refused.value.fields == {
        "file": ["Nội dung tệp không khớp với đuôi .pdf: đây là tệp PNG."]
    }


def test_office_documents_are_told_apart_by_their_extension(citizen):
    document = document_add(owner=citizen, upload=zipped("to-khai.docx"), title="Tờ khai")

    assert document.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00 a program", "hop-dong.pdf"),  # bytes do not match the extension
        (b"<html><script>alert(1)</script>", "trang.pdf"),
        (b"plain text", "ghi-chu.txt"),
        (b"", "rong.pdf"),
    ],
)
def test_files_whose_bytes_are_not_an_accepted_kind_are_refused(citizen, content, name):
    with pytest.raises(BadDocument) as error:
        document_add(owner=citizen, upload=upload(content, name), title="x")

    assert list(error.value.fields) == ["file"]
    assert not StoredDocument.objects.exists()


def test_a_zip_that_is_not_an_office_document_is_refused(citizen):
    with pytest.raises(BadDocument):
        document_add(owner=citizen, upload=zipped("tai-lieu.zip"), title="x")


def test_an_oversize_file_is_refused_with_the_limit_in_the_message(citizen, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = upload(PDF + b"0" * (2 * 1024 * 1024), "lon.pdf")

    with pytest.raises(BadDocument) as error:
        document_add(owner=citizen, upload=big, title="x")

    assert "2 MB" in error.value.fields["file"][0]


def test_a_path_in_the_file_name_is_dropped(citizen):
    document = document_add(owner=citizen, upload=upload(name="a.pdf"), title="x")
    # UploadedFile already drops folders; the store's own check covers other callers too.
    assert files.safe_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert files.safe_name("..\\..\\windows\\system.pdf") == "system.pdf"
    assert files.safe_name("..") == "tep"
    assert document.file.name.startswith(f"documents/{citizen.pk}/")


def test_a_title_too_long_is_refused(citizen):
    with pytest.raises(BadDocument) as error:
        document_add(owner=citizen, upload=upload(), title="x" * 256)

    assert list(error.value.fields) == ["title"]


def test_a_missing_file_is_refused(citizen):
    with pytest.raises(BadDocument):
        document_add(owner=citizen, upload=None, title="x")


# ---- Results -------------------------------------------------------------------------------


def test_a_result_is_kept_by_its_code_with_its_issuer(citizen):
    document = store_result(citizen)

    assert document.kind == DocumentKind.RESULT
    assert document.result_code == "H92.31-260309-0001-KQ1"
    assert document.issuer == "Ủy ban nhân dân phường Ninh Kiều"
    assert document.issued_at == ISSUED
    assert document.content_type == "application/pdf" and document.original_name == "gcn.pdf"


def test_storing_a_result_twice_keeps_one_document(citizen):
    first = store_result(citizen)
    again = store_result(citizen, title="Khác")

    assert again.pk == first.pk and again.title == first.title
    assert StoredDocument.objects.count() == 1


def test_a_result_first_stored_without_a_file_gets_it_later(citizen):
    store_result(citizen, content=None)
    document = store_result(citizen)

    assert document.file and document.size == len(PDF)
    assert StoredDocument.objects.count() == 1


def test_the_same_result_code_may_be_kept_by_two_owners(citizen, other_citizen):
    store_result(citizen)
    store_result(other_citizen)

    assert StoredDocument.objects.count() == 2


def test_a_result_needs_its_code(citizen):
    with pytest.raises(BadDocument):
        store_result(citizen, code="  ")


# ---- Reading and deleting ------------------------------------------------------------------


def test_the_store_lists_only_the_owners_documents(citizen, other_citizen):
    mine = document_add(owner=citizen, upload=upload(), title="Của tôi")
    result = store_result(citizen)
    document_add(owner=other_citizen, upload=upload(), title="Của người khác")

    assert set(documents_of(citizen)) == {mine, result}
    assert document_of(owner=other_citizen, document_id=mine.pk) is None
    assert document_of(owner=citizen, document_id="not-a-uuid") is None


def test_an_anonymous_user_has_no_store(citizen):
    from django.contrib.auth.models import AnonymousUser

    document_add(owner=citizen, upload=upload(), title="x")

    assert list(documents_of(AnonymousUser())) == []
    with pytest.raises(DocumentNotFound):
        document_add(owner=AnonymousUser(), upload=upload(), title="x")


def test_the_owner_deletes_an_own_paper_and_its_file_after_the_commit(
    citizen, django_capture_on_commit_callbacks
):
    document = document_add(owner=citizen, upload=upload(), title="x")
    name = document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        document_delete(owner=citizen, document_id=document.pk)

    assert not StoredDocument.objects.exists()
    assert not default_storage.exists(name)


def test_a_result_cannot_be_deleted(citizen):
    result = store_result(citizen)

    with pytest.raises(DocumentProtected):
        document_delete(owner=citizen, document_id=result.pk)
    assert StoredDocument.objects.filter(pk=result.pk).exists()


def test_nobody_deletes_someone_elses_document(citizen, other_citizen):
    document = document_add(owner=citizen, upload=upload(), title="x")

    with pytest.raises(DocumentNotFound):
        document_delete(owner=other_citizen, document_id=document.pk)
    assert StoredDocument.objects.filter(pk=document.pk).exists()
