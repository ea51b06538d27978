"""POST /api/v1/dossiers/{id}/files/ and GET …/files/{file_id}/: uploads are checked (size,
real type, component), downloads are for those who may see the dossier."""

import datetime
import hashlib
import io
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import services
from dossiers.models import DossierFile
from tests.dossiers.conftest import PDF, pdf
from tests.dossiers.helpers import empty_draft as _draft
from tests.factories import ComponentFactory, make_procedure
from tests.helpers import api

pytestmark = pytest.mark.usefixtures("frozen_monday")

HANOI = datetime.timezone(datetime.timedelta(hours=7))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"


def files_url(dossier):
    return f"/api/v1/dossiers/{dossier.pk}/files/"


def upload(user, dossier, file, component=None):
    data = {"file": file}
    if component is not None:
        data["component"] = component
    return api(user).post(files_url(dossier), data, format="multipart")


def assert_bad_file(response, field, message):
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"] == {field: [message]}


def _with_file(world):
    dossier = _draft(world)
    stored = services.dossier_attach_file(
        dossier_id=dossier.pk, actor=world.citizen, upload=pdf(), component_id=world.required.pk
    )
    return services.dossier_submit(dossier_id=dossier.pk, actor=world.citizen), stored


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- Uploads ------------------------------------------------------------------------------------


def test_an_applicant_uploads_a_component_and_gets_its_checked_description(world):
    dossier = _draft(world)

    response = upload(world.citizen, dossier, pdf("don-de-nghi.pdf"), world.required.pk)

    assert response.status_code == 201, response.content
    body = response.json()
    stored = DossierFile.objects.get(pk=body["id"])
    assert body == {
        "id": str(stored.pk),
        "component": world.required.pk,
        "component_name": "Giấy đề nghị đăng ký",
        "kind": "application",
        "name": "don-de-nghi.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "uploaded_at": "2026-03-09T09:00:00+07:00",
        "reused_from_store": False,
        "url": f"http://testserver/api/v1/dossiers/{dossier.pk}/files/{stored.pk}/",
    }


def test_the_type_comes_from_the_content_not_the_name_or_the_declared_type(world):
    dossier = _draft(world)
    photo = SimpleUploadedFile("anh-chup.png", PNG, content_type="application/pdf")
    disguised = SimpleUploadedFile("anh-chup.pdf", PNG, content_type="application/pdf")

    response = upload(world.citizen, dossier, photo, world.required.pk)
    refused = upload(world.citizen, dossier, disguised, world.required.pk)

    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"
    assert_bad_file(refused, "file", "Nội dung tệp không khớp với đuôi .pdf: đây là tệp PNG.")


def test_a_pdf_cut_short_is_refused(world):
    dossier = _draft(world)
    cut = SimpleUploadedFile("don.pdf", PDF[:-8])

    response = upload(world.citizen, dossier, cut, world.required.pk)

    assert_bad_file(response, "file", "Tệp PDF bị hỏng hoặc không trọn vẹn; hãy lưu hoặc quét lại.")


def test_office_documents_are_recognised_by_their_extension_inside_a_zip(world):
    dossier = _draft(world)

    docx = upload(
        world.citizen, dossier, SimpleUploadedFile("to-khai.docx", _docx()), world.required.pk
    )
    zipped = upload(
        world.citizen, dossier, SimpleUploadedFile("ho-so.zip", _docx()), world.required.pk
    )

    assert docx.status_code == 201
    assert docx.json()["content_type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert zipped.status_code == 400


@pytest.mark.parametrize(
    "name, content",
    [
        ("chuong-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("ghi-chu.txt", "Giấy đề nghị".encode()),
        ("trang.html", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_files_of_other_types_are_refused_with_a_vietnamese_message(world, name, content):
    dossier = _draft(world)

    response = upload(world.citizen, dossier, SimpleUploadedFile(name, content), world.required.pk)

    assert_bad_file(
        response,
        "file",
        "Định dạng tệp không được chấp nhận; chỉ nhận PDF, JPG, PNG, DOCX, XLSX hoặc ODT.",
    )
    assert not DossierFile.objects.exists()


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024
    dossier = _draft(world)
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024))

    response = upload(world.citizen, dossier, big, world.required.pk)

    assert_bad_file(response, "file", "Tệp vượt quá dung lượng cho phép (1 MB).")


def test_an_empty_file_or_no_file_is_refused(world):
    dossier = _draft(world)

    empty = upload(world.citizen, dossier, SimpleUploadedFile("rong.pdf", b""), world.required.pk)
    missing = api(world.citizen).post(
        files_url(dossier), {"component": world.required.pk}, format="multipart"
    )

    assert_bad_file(empty, "file", "Tệp rỗng.")
    assert_bad_file(missing, "file", "Chưa chọn tệp.")


def test_a_component_of_another_procedure_is_refused(world):
    other = make_procedure("1.000002", "Chứng thực bản sao từ bản chính")
    foreign = ComponentFactory(version=other.current_version, name="Bản chính")
    dossier = _draft(world)

    response = upload(world.citizen, dossier, pdf(), foreign.pk)

    assert_bad_file(response, "component", "Thành phần này không thuộc thủ tục của hồ sơ.")


def test_an_applicants_file_needs_a_component(world):
    dossier = _draft(world)

    response = upload(world.citizen, dossier, pdf())

    assert_bad_file(response, "component", "Cần chọn thành phần hồ sơ cho tệp.")


def test_a_component_that_is_not_a_number_is_refused(world):
    dossier = _draft(world)

    response = upload(world.citizen, dossier, pdf(), "first")

    assert_bad_file(response, "component", "Cần một số nguyên.")


def test_a_json_body_is_not_an_upload(world):
    dossier = _draft(world)

    response = api(world.citizen).post(files_url(dossier), {"component": 1}, format="json")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_specialist_attaches_working_papers_without_a_component(world):
    dossier, _stored = _with_file(world)
    services.dossier_receive(
        dossier_id=dossier.pk, actor=world.home.desk, checklist={str(world.required.pk): True}
    )
    services.dossier_transfer(dossier_id=dossier.pk, actor=world.home.desk)

    response = upload(world.home.specialist, dossier, pdf("bien-ban.pdf"))

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "attachment"
    assert response.json()["component"] is None


def test_who_may_not_upload_gets_403_404_409_or_401(world):
    draft = _draft(world)
    submitted, _stored = _with_file(world)

    # a citizen's unsent draft is private: staff do not even see it
    assert upload(world.home.leader, draft, pdf(), world.required.pk).status_code == 404
    in_progress, _stored = _with_file(world)
    services.dossier_receive(
        dossier_id=in_progress.pk,
        actor=world.home.desk,
        checklist={str(world.required.pk): True},
    )
    services.dossier_transfer(dossier_id=in_progress.pk, actor=world.home.desk)
    # in processing only the unit's specialists and heads add working papers
    assert upload(world.home.leader, in_progress, pdf(), None).status_code == 403
    assert upload(world.other_citizen, draft, pdf(), world.required.pk).status_code == 404
    assert upload(world.away.desk, draft, pdf(), world.required.pk).status_code == 404
    conflict = upload(world.citizen, submitted, pdf(), world.required.pk)
    assert conflict.status_code == 409
    assert conflict.json()["message"] == "Không thể thêm tệp ở trạng thái hiện tại của hồ sơ."
    assert upload(None, draft, pdf(), world.required.pk).status_code == 401
    missing = api(world.citizen).post(
        "/api/v1/dossiers/not-a-uuid/files/", {"file": pdf()}, format="multipart"
    )
    assert missing.status_code == 404


# --- Downloads ----------------------------------------------------------------------------------


def download_url(dossier, stored):
    return f"/api/v1/dossiers/{dossier.pk}/files/{getattr(stored, 'pk', stored)}/"


def test_the_applicant_and_the_agencys_staff_download_the_file(world):
    dossier, stored = _with_file(world)

    for person in (world.citizen, world.home.desk, world.home.leader):
        response = api(person).get(download_url(dossier, stored))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="giay-to.pdf"'
        assert response["Cache-Control"] == "private, no-store"


def test_a_download_is_served_whatever_the_accept_header(world):
    dossier, stored = _with_file(world)

    response = api(world.citizen).get(download_url(dossier, stored), HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200


def test_others_cannot_download(world):
    dossier, stored = _with_file(world)

    for person in (world.other_citizen, world.away.desk, world.away.leader):
        response = api(person).get(download_url(dossier, stored))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert api().get(download_url(dossier, stored)).status_code == 401


def test_a_file_is_only_found_under_its_own_dossier(world):
    dossier, stored = _with_file(world)
    other, _other_file = _with_file(world)
    citizen = api(world.citizen)

    assert citizen.get(download_url(other, stored)).status_code == 404
    assert citizen.get(download_url(dossier, uuid.uuid4())).status_code == 404
    assert citizen.get(download_url(dossier, "not-a-uuid")).status_code == 404


def test_a_file_missing_from_storage_is_a_404_not_a_500(world):
    dossier, stored = _with_file(world)
    stored.file.storage.delete(stored.file.name)

    response = api(world.citizen).get(download_url(dossier, stored))

    assert response.status_code == 404
    assert response.json()["message"] == "Không tìm thấy tệp."
