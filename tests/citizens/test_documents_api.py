"""/api/v1/me/documents/: the signed-in applicant's own store; another applicant can never see
or touch it (404 for the list's items, the detail, the file and a delete)."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizens.documents import document_add, document_store_result
from citizens.models import StoredDocument
from tests.helpers import api

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "/api/v1/me/documents/"


def pdf(name="giay-to.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def paper(citizen):
    return document_add(owner=citizen, upload=pdf("ho-khau.pdf"), title="Sổ hộ khẩu")


@pytest.fixture
def result(citizen):
    return document_store_result(
        owner_id=citizen.pk,
        result_code="H92.31-260309-0001-KQ1",
        title="Giấy chứng nhận",
        issuer="Ủy ban nhân dân phường Ninh Kiều",
        issued_at=datetime.datetime(2026, 3, 9, 2, tzinfo=datetime.UTC),
        content=PDF,
        name="gcn.pdf",
    )


def test_the_applicant_uploads_a_paper_and_downloads_it_back(citizen):
    created = api(citizen).post(URL, {"file": pdf(), "title": "Căn cước"}, format="multipart")

    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["kind"] == "own" and data["title"] == "Căn cước" and data["deletable"] is True
    assert created["Location"].endswith(f"{URL}{data['id']}/")
    download = api(citizen).get(data["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == PDF


def test_the_list_shows_own_papers_and_results_with_their_codes(
    citizen, other_citizen, paper, result
):
    document_add(owner=other_citizen, upload=pdf(), title="Của người khác")

    response = api(citizen).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    by_kind = {item["kind"]: item for item in body["results"]}
    assert by_kind["result"]["result_code"] == "H92.31-260309-0001-KQ1"
    assert by_kind["result"]["issuer"] == "Ủy ban nhân dân phường Ninh Kiều"
    assert by_kind["result"]["deletable"] is False
    assert by_kind["own"]["title"] == "Sổ hộ khẩu"


def test_the_list_costs_the_same_queries_whatever_its_length(citizen):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api(citizen).get(URL).status_code == 200
        return len(captured)

    document_add(owner=citizen, upload=pdf(), title="1")
    one = queries()
    for n in range(5):
        document_add(owner=citizen, upload=pdf(), title=str(n))

    assert queries() == one


def test_a_file_that_is_not_accepted_is_refused_in_the_one_error_shape(citizen):
    fake = SimpleUploadedFile("hop-dong.pdf", b"MZ\x90\x00", content_type="application/pdf")

    response = api(citizen).post(URL, {"file": fake}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["file"]
    assert not StoredDocument.objects.exists()


def test_an_oversize_upload_is_refused(citizen, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024

    response = api(citizen).post(URL, {"file": pdf(content=PDF + b"0" * 2048)}, format="multipart")

    assert response.status_code == 400 and "file" in response.json()["fields"]


def test_a_body_without_a_file_is_refused(citizen):
    response = api(citizen).post(URL, {"title": "x"}, format="multipart")

    assert response.status_code == 400
    assert response.json()["fields"]["file"] == ["Chưa chọn tệp."]


def test_the_owner_reads_and_deletes_an_own_paper(citizen, paper):
    detail = api(citizen).get(f"{URL}{paper.pk}/")
    deleted = api(citizen).delete(f"{URL}{paper.pk}/")

    assert detail.status_code == 200 and detail.json()["title"] == "Sổ hộ khẩu"
    assert deleted.status_code == 204
    assert not StoredDocument.objects.filter(pk=paper.pk).exists()


def test_a_result_cannot_be_deleted(citizen, result):
    response = api(citizen).delete(f"{URL}{result.pk}/")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert StoredDocument.objects.filter(pk=result.pk).exists()


@pytest.mark.parametrize("which", ["paper", "result"])
def test_another_applicant_can_never_see_or_touch_the_documents(request, other_citizen, which):
    document = request.getfixturevalue(which)
    stranger = api(other_citizen)

    listed = stranger.get(URL).json()["results"]
    detail = stranger.get(f"{URL}{document.pk}/")
    file = stranger.get(f"{URL}{document.pk}/file/")
    deleted = stranger.delete(f"{URL}{document.pk}/")

    assert listed == []
    for response in (detail, file, deleted):
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert StoredDocument.objects.filter(pk=document.pk).exists()


def test_staff_cannot_read_an_applicants_store_either(citizen, desk_officer, paper):
    assert api(desk_officer).get(f"{URL}{paper.pk}/").status_code == 404
    assert api(desk_officer).get(f"{URL}{paper.pk}/file/").status_code == 404


def test_unknown_and_malformed_ids_are_not_found(citizen):
    for path in (f"{URL}{uuid.uuid4()}/", f"{URL}../file/", f"{URL}nope/", f"{URL}nope/file/"):
        response = api(citizen).get(path)
        assert response.status_code == 404, path


def test_a_result_returned_on_paper_has_no_file_to_download(citizen):
    paper_result = document_store_result(
        owner_id=citizen.pk,
        result_code="H92.31-260309-0002-KQ1",
        title="Giấy phép",
        issuer="UBND",
        issued_at=None,
        content=None,
    )

    detail = api(citizen).get(f"{URL}{paper_result.pk}/").json()
    file = api(citizen).get(f"{URL}{paper_result.pk}/file/")

    assert detail["url"] is None
    assert file.status_code == 404


def test_the_store_needs_a_signed_in_user(paper):
    for response in (
        api().get(URL),
        api().post(URL, {"file": pdf()}, format="multipart"),
        api().get(f"{URL}{paper.pk}/"),
        api().get(f"{URL}{paper.pk}/file/"),
        api().delete(f"{URL}{paper.pk}/"),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
