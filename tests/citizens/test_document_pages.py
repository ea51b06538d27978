"""/tai-khoan/giay-to/: the applicant's personal document store as pages. The list groups the
results issued to them (with their result codes) and the papers they added; they add a paper
(checked by its bytes), download and delete their own. Nobody else's document exists for them
(404), on the pages as through the API."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from citizens.documents import document_add, document_store_result
from citizens.models import DocumentKind, StoredDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LIST = "/tai-khoan/giay-to/"
ADD = "/tai-khoan/giay-to/them/"
RESULT_CODE = "H92.31.01-260309-0001-KQ1"


def pdf(name="can-cuoc.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def browser(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def text(response):
    return response.content.decode()


@pytest.fixture
def paper(citizen):
    return document_add(owner=citizen, upload=pdf("ho-khau.pdf"), title="Sổ hộ khẩu")


@pytest.fixture
def result(citizen):
    return document_store_result(
        owner_id=citizen.pk,
        result_code=RESULT_CODE,
        title="Giấy chứng nhận đăng ký hộ kinh doanh",
        issuer="Ủy ban nhân dân phường Ninh Kiều",
        issued_at=datetime.datetime(2026, 3, 9, 20, 0, tzinfo=datetime.UTC),
        content=PDF,
        name="gcn.pdf",
    )


def download_url(document):
    return reverse("citizens:document_download", args=[document.pk])


def delete_url(document):
    return reverse("citizens:document_delete", args=[document.pk])


# ---- The list ------------------------------------------------------------------------------


def test_the_list_groups_the_results_with_their_codes_and_the_papers_added(citizen, paper, result):
    response = browser(citizen).get(LIST)

    assert response.status_code == 200
    page = text(response)
    results_part, own_part = page.split('id="own-heading"')
    assert RESULT_CODE in results_part
    assert "Giấy chứng nhận đăng ký hộ kinh doanh" in results_part
    assert "Ủy ban nhân dân phường Ninh Kiều" in results_part
    assert "10/03/2026" in results_part  # issued 20:00 UTC = the next morning in Việt Nam
    assert "Sổ hộ khẩu" in own_part and "ho-khau.pdf" in own_part
    assert "Sổ hộ khẩu" not in results_part
    assert download_url(result) in results_part
    assert delete_url(result) not in page  # a result cannot be deleted: no link offered
    assert download_url(paper) in own_part and delete_url(paper) in own_part


def test_an_empty_store_says_so_and_offers_to_add_a_paper(citizen):
    page = text(browser(citizen).get(LIST))

    assert "Chưa có kết quả nào." in page
    assert "Bạn chưa thêm giấy tờ nào." in page
    assert f'href="{ADD}"' in page


def test_a_result_handed_over_on_paper_is_listed_without_a_download(citizen):
    document_store_result(
        owner_id=citizen.pk,
        result_code=RESULT_CODE,
        title="Giấy phép",
        issuer="UBND",
        issued_at=None,
        content=None,
    )

    page = text(browser(citizen).get(LIST))

    assert RESULT_CODE in page
    assert "không có tệp điện tử" in page
    assert "/tai-ve/" not in page


def test_the_list_shows_only_the_users_own_documents(citizen, other_citizen, paper, result):
    page = text(browser(other_citizen).get(LIST))

    assert "Sổ hộ khẩu" not in page and RESULT_CODE not in page
    assert str(paper.pk) not in page


def test_the_list_runs_the_same_queries_however_many_documents(citizen):
    document_add(owner=citizen, upload=pdf(), title="Một")
    client = browser(citizen)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(5):
        document_add(owner=citizen, upload=pdf(), title=f"Giấy {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)

    assert text(response).count("/tai-ve/") == 6
    assert len(many) == len(few)


def test_the_pages_need_a_signed_in_user(paper):
    anonymous = browser()
    for url in (LIST, ADD, download_url(paper), delete_url(paper)):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/tai-khoan/dang-nhap/"), url
    assert anonymous.post(delete_url(paper)).status_code == 302
    assert StoredDocument.objects.filter(pk=paper.pk).exists()


def test_the_profile_links_to_the_store(citizen):
    assert f'href="{LIST}"' in text(browser(citizen).get("/tai-khoan/"))


# ---- Adding a paper ------------------------------------------------------------------------


def test_the_applicant_adds_a_pdf_and_sees_it_listed(citizen):
    client = browser(citizen)
    form = client.get(ADD)
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in text(form)
    assert 'accept=".pdf,' in text(form)

    response = client.post(ADD, {"title": "Căn cước công dân", "file": pdf()}, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    document = StoredDocument.objects.get(owner=citizen)
    assert document.kind == DocumentKind.OWN
    assert document.title == "Căn cước công dân"
    assert document.original_name == "can-cuoc.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert "Đã thêm “Căn cước công dân” vào kho dữ liệu cá nhân." in text(response)
    assert download_url(document) in text(response)


def test_without_a_title_the_file_name_is_the_title(citizen):
    browser(citizen).post(ADD, {"title": "  ", "file": pdf("giay-khai-sinh.pdf")})

    assert StoredDocument.objects.get(owner=citizen).title == "giay-khai-sinh"


def test_a_file_whose_bytes_are_not_an_accepted_kind_is_refused_and_nothing_saved(citizen, paper):
    response = browser(citizen).post(
        ADD, {"title": "Giả PDF", "file": pdf("gia.pdf", b"MZ\x90\x00 not a pdf at all")}
    )

    assert response.status_code == 400
    page = text(response)
    assert "Định dạng tệp không được chấp nhận; chỉ nhận PDF, JPG, PNG, DOCX" in page
    assert 'value="Giả PDF"' in page  # what was typed is kept
    assert 'id="error-summary"' in page and 'href="#id_file"' in page
    assert list(StoredDocument.objects.filter(owner=citizen)) == [paper]  # the old one stays


def test_an_oversize_file_is_refused_with_the_limit(citizen, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)

    response = browser(citizen).post(ADD, {"file": pdf("lon.pdf", big)})

    assert response.status_code == 400
    assert "Tệp vượt quá dung lượng cho phép (1 MB)." in text(response)
    assert not StoredDocument.objects.exists()


def test_an_empty_file_and_a_missing_file_are_refused(citizen):
    client = browser(citizen)

    empty = client.post(ADD, {"file": pdf("rong.pdf", b"")})
    missing = client.post(ADD, {"title": "Không có tệp"})

    assert empty.status_code == 400 and "Tệp rỗng." in text(empty)
    assert missing.status_code == 400 and "Chưa chọn tệp." in text(missing)
    assert not StoredDocument.objects.exists()


def test_a_title_too_long_is_refused(citizen):
    response = browser(citizen).post(ADD, {"title": "x" * 256, "file": pdf()})

    assert response.status_code == 400
    assert "Tên giấy tờ tối đa 255 ký tự." in text(response)
    assert not StoredDocument.objects.exists()


def test_a_path_in_the_file_name_is_dropped(citizen):
    browser(citizen).post(ADD, {"file": pdf("../../etc/passwd.pdf")})

    document = StoredDocument.objects.get(owner=citizen)
    assert document.original_name == "passwd.pdf"
    assert document.file.name.startswith(f"documents/{citizen.pk}/{document.pk}/")
    assert ".." not in document.file.name


# ---- Downloading ---------------------------------------------------------------------------


def test_the_owner_downloads_a_paper_and_a_result(citizen, paper, result):
    client = browser(citizen)
    for document, name in ((paper, "ho-khau.pdf"), (result, "gcn.pdf")):
        response = client.get(download_url(document))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_another_user_cannot_download_and_sees_a_plain_404(other_citizen, paper, result):
    client = browser(other_citizen)
    for url in (download_url(paper), download_url(result), "/tai-khoan/giay-to/khong-co/tai-ve/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"%PDF" not in response.content


def test_a_file_missing_from_storage_answers_404(citizen, paper):
    default_storage.delete(paper.file.name)

    assert browser(citizen).get(download_url(paper)).status_code == 404


# ---- Deleting ------------------------------------------------------------------------------


def test_deleting_asks_first_then_removes_the_paper_and_its_file(
    citizen, paper, django_capture_on_commit_callbacks
):
    client = browser(citizen)
    name = paper.file.name

    confirm = client.get(delete_url(paper))
    assert confirm.status_code == 200
    assert "Xóa giấy tờ khỏi kho?" in text(confirm) and "Sổ hộ khẩu" in text(confirm)
    assert StoredDocument.objects.filter(pk=paper.pk).exists()  # nothing happens on GET

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(paper), follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "Đã xóa “Sổ hộ khẩu” khỏi kho dữ liệu cá nhân." in text(response)
    assert not StoredDocument.objects.filter(pk=paper.pk).exists()
    assert not default_storage.exists(name)


def test_a_result_issued_by_an_agency_cannot_be_deleted(citizen, result):
    client = browser(citizen)

    confirm = client.get(delete_url(result))
    posted = client.post(delete_url(result))

    for response in (confirm, posted):
        assert response.status_code == 403
        assert "Kết quả giải quyết thủ tục hành chính được lưu lâu dài, không xóa được." in text(
            response
        )
        assert "<form" not in text(response).split("<main", 1)[1]
    assert StoredDocument.objects.filter(pk=result.pk).exists()


def test_another_user_cannot_delete_my_paper(other_citizen, paper):
    client = browser(other_citizen)

    assert client.get(delete_url(paper)).status_code == 404
    assert client.post(delete_url(paper)).status_code == 404
    assert StoredDocument.objects.filter(pk=paper.pk).exists()


def test_through_the_api_another_user_can_neither_list_nor_download_nor_delete(
    citizen, other_citizen, paper
):
    api = APIClient()
    api.force_authenticate(other_citizen)
    base = f"/api/v1/me/documents/{paper.pk}/"

    assert api.get("/api/v1/me/documents/").json()["results"] == []
    assert api.get(base).status_code == 404
    assert api.get(f"{base}file/").status_code == 404
    assert api.delete(base).status_code == 404
    assert StoredDocument.objects.filter(pk=paper.pk).exists()


# ---- Results land by themselves ------------------------------------------------------------


def test_a_returned_dossiers_result_appears_in_the_store_with_its_code(time_machine):
    from dossiers.results import store_results_of
    from dossiers.states import Action
    from tests.dossiers.conftest import build_world
    from tests.dossiers.helpers import MONDAY, approved_and_signed, fire, reload

    time_machine.move_to(MONDAY, tick=False)
    world = build_world()
    dossier = approved_and_signed(world)
    fire(Action.RETURN, dossier, world.home.desk, channel="online", details={})
    store_results_of(reload(dossier).pk)

    page = text(browser(world.citizen).get(LIST))

    results_part = page.split('id="own-heading"')[0]
    assert f"{dossier.code}-KQ1" in results_part
    assert world.home.committee.name in results_part
    stored = StoredDocument.objects.get(owner=world.citizen)
    assert download_url(stored) in results_part
