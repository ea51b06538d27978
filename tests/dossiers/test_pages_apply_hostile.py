"""Hostile and broken input on the online application pages, and other people's drafts.

Each bad request is refused (or made harmless) with a clear Vietnamese message and a 4xx
status, and nothing already saved is lost: the files attached before are still there. No one
but the applicant opens, edits, uploads to, removes from, submits or downloads from a draft:
another citizen and the desk's staff get 404, as if it did not exist."""

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY
from django.urls import reverse

from dossiers.models import Dossier, DossierEvent, DossierFile
from dossiers.states import Action, State
from tests.dossiers.conftest import PDF, pdf
from tests.dossiers.helpers import empty_draft, reload

pytestmark = pytest.mark.usefixtures("frozen_monday")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def started(client, world):
    """The citizen's draft, signed in, with one file already attached to the required part."""
    dossier = empty_draft(world)
    client.force_login(world.citizen)
    client.post(
        reverse("dossiers:draft_upload", args=[dossier.pk]),
        {"component": world.required.pk, "files": [pdf("da-co.pdf")]},
    )
    assert dossier.files.count() == 1
    return dossier


def send(client, dossier, component, *files, xhr=False):
    return client.post(
        reverse("dossiers:draft_upload", args=[dossier.pk]),
        {"component": component.pk, "files": list(files)},
        headers={"X-Requested-With": "XMLHttpRequest"} if xhr else {},
    )


def raw_upload(client, dossier, component, filename: str, content: bytes):
    """A multipart body written by hand, so the file name reaches the server as sent (the test
    client would otherwise strip its folders before sending)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="component"\r\n\r\n'
        f"{component.pk}\r\n".encode(),
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n",
        f"--{BOUNDARY}--\r\n".encode(),
    ]
    return client.post(
        reverse("dossiers:draft_upload", args=[dossier.pk]),
        data=b"".join(parts),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def still_there(dossier):
    """The file attached before the bad request is kept, with its bytes."""
    kept = DossierFile.objects.get(dossier=dossier, original_name="da-co.pdf")
    with kept.file.open("rb") as handle:
        assert handle.read() == PDF


# ---- Files that do not fit -----------------------------------------------------------------


def test_an_oversize_file_is_refused_and_the_earlier_file_stays(client, world, started, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

    response = send(client, started, world.required, big)

    assert response.status_code == 400
    assert "lon.pdf: Tệp vượt quá dung lượng cho phép (1 MB)." in text(response)
    assert 'role="alert"' in response.content.decode()
    assert started.files.count() == 1
    still_there(started)


def test_an_oversize_file_sent_by_script_is_refused_in_json(client, world, started, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))

    response = send(client, started, world.required, big, xhr=True)

    assert response.status_code == 400
    answer = response.json()
    assert answer["ok"] is False
    assert answer["errors"] == ["lon.pdf: Tệp vượt quá dung lượng cho phép (1 MB)."]
    assert "da-co.pdf" in answer["html"]  # the list still shows what was saved
    still_there(started)


def test_the_size_limit_is_said_on_the_page(client, world, started, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 5 * 1024 * 1024

    page = client.get(reverse("dossiers:draft", args=[started.pk]))

    assert "mỗi tệp tối đa 5 MB" in text(page)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("giay-to.pdf", "Đơn đề nghị, chỉ là chữ".encode()),
        ("chuong-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40),
        ("hong.pdf", b"\x00\x00PDF-1.4 1 0 obj<<>> hong"),
    ],
    ids=["text-named-pdf", "program-named-pdf", "corrupt-pdf-header"],
)
def test_bytes_that_are_not_an_accepted_kind_are_refused(client, world, started, name, content):
    response = send(client, started, world.required, SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert f"{name}: Định dạng tệp không được chấp nhận; chỉ nhận PDF" in text(response)
    assert started.files.count() == 1
    still_there(started)


def test_an_empty_pdf_is_refused(client, world, started):
    response = send(client, started, world.required, SimpleUploadedFile("rong.pdf", b""))

    assert response.status_code == 400
    assert "rong.pdf: Tệp rỗng." in text(response)
    still_there(started)


def test_a_png_named_pdf_is_refused_and_nothing_is_stored(client, world, started):
    response = send(client, started, world.required, SimpleUploadedFile("anh.pdf", PNG))

    assert response.status_code == 400
    assert "Nội dung tệp không khớp với đuôi .pdf: đây là tệp PNG." in text(response)
    assert not started.files.filter(original_name="anh.pdf").exists()


def test_one_bad_file_among_good_ones_keeps_the_good_ones(client, world, started):
    response = send(
        client,
        started,
        world.optional,
        pdf("tot.pdf"),
        SimpleUploadedFile("xau.pdf", b"plain text"),
    )

    assert response.status_code == 400
    words = text(response)
    assert "Đã đính kèm: tot.pdf." in words
    assert "xau.pdf: Định dạng tệp không được chấp nhận" in words
    assert set(started.files.values_list("original_name", flat=True)) == {"da-co.pdf", "tot.pdf"}


def test_no_file_chosen_is_said_plainly(client, world, started):
    response = send(client, started, world.required)

    assert response.status_code == 400
    assert "Chưa chọn tệp." in text(response)
    still_there(started)


@pytest.mark.parametrize(
    "filename",
    ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf"],
    ids=["dots", "backslashes", "absolute"],
)
def test_a_path_in_the_file_name_is_stored_safely_under_a_harmless_name(
    client, world, started, filename
):
    response = raw_upload(client, started, world.required, filename, PDF)

    assert response.status_code == 302
    stored = started.files.exclude(original_name="da-co.pdf").get()
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    assert ".." not in Path(stored.file.name).parts
    assert stored.file.name.startswith(f"dossiers/{started.pk}/")
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(stored.file.path).resolve().is_relative_to(media / "dossiers" / str(started.pk))
    still_there(started)


def test_a_component_of_another_procedure_is_not_found(client, world, started):
    from tests.factories import ComponentFactory

    elsewhere = ComponentFactory(name="Tờ khai khác")

    response = send(client, started, elsewhere, pdf())

    assert response.status_code == 404
    assert started.files.count() == 1


def test_a_document_of_someone_elses_store_cannot_be_reused(client, world, started):
    from citizens.documents import document_add

    theirs = document_add(owner=world.other_citizen, upload=pdf("cua-nguoi-khac.pdf"))

    response = client.post(
        reverse("dossiers:draft_reuse", args=[started.pk]),
        {"component": world.required.pk, "document": theirs.pk},
    )

    assert response.status_code in (400, 404)
    assert started.files.count() == 1
    still_there(started)


# ---- Stale pages and double submits ----------------------------------------------------------


def test_a_stale_draft_page_does_not_overwrite_a_newer_save(client, world, started, time_machine):
    from datetime import timedelta

    from dossiers import services

    old_stamp = reload(started).updated_at.isoformat()
    time_machine.shift(timedelta(minutes=5))
    services.dossier_update_draft(
        dossier_id=started.pk, actor=world.citizen, applicant_phone="0911111111"
    )

    response = client.post(
        reverse("dossiers:draft", args=[started.pk]),
        {
            "applicant_name": "Tên cũ",
            "applicant_phone": "0922222222",
            "delivery_channel": "desk",
            "updated_at": old_stamp,
        },
    )

    assert response.status_code == 409
    assert "Bản nháp đã được thay đổi ở nơi khác" in text(response)
    assert "0922222222" in text(response)  # what was typed is shown, not lost
    saved = reload(started)
    assert (saved.applicant_phone, saved.applicant_name) == ("0911111111", "Nguyễn Văn An")
    still_there(started)


@pytest.mark.parametrize(
    "stamp", ["", "hôm qua", "2026-03-09T09:00:00"], ids=["none", "junk", "naive"]
)
def test_a_missing_or_mangled_stamp_counts_as_stale(client, world, started, stamp):
    response = client.post(
        reverse("dossiers:draft", args=[started.pk]),
        {"applicant_name": "Người khác", "delivery_channel": "desk", "updated_at": stamp},
    )

    assert response.status_code == 409
    assert reload(started).applicant_name == "Nguyễn Văn An"


def test_a_double_submit_makes_one_submission_and_leads_to_the_confirmation(client, world, started):
    review = reverse("dossiers:review", args=[started.pk])

    responses = [client.post(review) for _ in range(3)]

    confirmation = reverse("dossiers:submitted", args=[started.pk])
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {confirmation}
    assert DossierEvent.objects.filter(dossier=started, action=Action.SUBMIT).count() == 1
    assert Dossier.objects.filter(applicant=world.citizen).count() == 1


def test_a_sent_dossier_takes_no_more_files_and_keeps_its_own(client, world, started):
    client.post(reverse("dossiers:review", args=[started.pk]))

    response = send(client, started, world.optional, pdf("muon.pdf"), xhr=True)
    removed = client.post(
        reverse("dossiers:draft_remove", args=[started.pk, started.files.get().pk]),
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    assert response.status_code == 409
    assert "Không thể thêm tệp ở trạng thái hiện tại của hồ sơ." in response.json()["errors"][0]
    assert removed.status_code == 302  # back to the confirmation, nothing removed
    assert reload(started).state == State.SUBMITTED
    still_there(started)


# ---- Someone else's draft ------------------------------------------------------------------


def _every_request(client, dossier, file_id):
    """(method, url, data) for every page and action of the apply flow on `dossier`."""
    return [
        ("get", reverse("dossiers:draft", args=[dossier.pk]), None),
        (
            "post",
            reverse("dossiers:draft", args=[dossier.pk]),
            {"applicant_name": "Kẻ lạ", "delivery_channel": "desk", "updated_at": ""},
        ),
        (
            "post",
            reverse("dossiers:draft_upload", args=[dossier.pk]),
            {"component": dossier.version.components.first().pk, "files": [pdf("la.pdf")]},
        ),
        ("post", reverse("dossiers:draft_remove", args=[dossier.pk, file_id]), {}),
        ("get", reverse("dossiers:draft_file", args=[dossier.pk, file_id]), None),
        ("get", reverse("dossiers:review", args=[dossier.pk]), None),
        ("post", reverse("dossiers:review", args=[dossier.pk]), {}),
        ("get", reverse("dossiers:submitted", args=[dossier.pk]), None),
        (
            "post",
            reverse("dossiers:draft_reuse", args=[dossier.pk]),
            {"component": dossier.version.components.first().pk, "document": str(uuid.uuid4())},
        ),
    ]


@pytest.mark.parametrize("who", ["other_citizen", "desk", "desk_head", "specialist", "leader"])
def test_no_one_else_opens_or_touches_a_citizens_draft(client, world, started, who):
    intruder = getattr(world, who, None) or getattr(world.home, who)
    file_id = started.files.get().pk
    before = reload(started)
    client.force_login(intruder)

    for method, url, data in _every_request(client, started, file_id):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, (who, method, url, response.status_code)

    after = reload(started)
    assert (after.state, after.applicant_name, after.updated_at) == (
        State.DRAFT,
        before.applicant_name,
        before.updated_at,
    )
    assert after.files.count() == 1
    still_there(started)


def test_a_desk_officer_cannot_use_these_pages_on_a_walk_in_draft_of_the_desk(client, world):
    from dossiers import services

    walk_in = services.dossier_create(
        actor=world.home.desk,
        procedure_code=world.procedure.code,
        channel="in_person",
        agency_code="H92.31",
        applicant_name="Lê Thị Hoa",
    )
    stored = services.dossier_attach_file(
        dossier_id=walk_in.pk, actor=world.home.desk, upload=pdf(), component_id=world.required.pk
    )
    client.force_login(world.home.desk)

    for method, url, data in _every_request(client, walk_in, stored.pk):
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 404, (method, url, response.status_code)

    assert reload(walk_in).state == State.DRAFT
    assert walk_in.files.count() == 1


def test_someone_elses_sent_dossier_has_no_confirmation_page_for_me(client, world, started):
    client.post(reverse("dossiers:review", args=[started.pk]))
    client.force_login(world.other_citizen)

    response = client.get(reverse("dossiers:submitted", args=[started.pk]))

    assert response.status_code == 404
    assert reload(started).code not in response.content.decode()


def test_the_applicant_pages_need_a_signed_in_user(client, world):
    dossier = empty_draft(world)
    for url in (
        reverse("dossiers:draft", args=[dossier.pk]),
        reverse("dossiers:review", args=[dossier.pk]),
        reverse("dossiers:submitted", args=[dossier.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("citizens:login"))
    assert client.post(reverse("dossiers:review", args=[dossier.pk])).status_code == 302
    assert reload(dossier).state == State.DRAFT


def test_a_file_id_of_another_dossier_is_not_found(client, world, started):
    other = empty_draft(world, applicant=world.other_citizen)
    from dossiers import services

    theirs = services.dossier_attach_file(
        dossier_id=other.pk, actor=world.other_citizen, upload=pdf(), component_id=world.required.pk
    )

    assert (
        client.get(reverse("dossiers:draft_file", args=[started.pk, theirs.pk])).status_code == 404
    )
    assert (
        client.post(reverse("dossiers:draft_remove", args=[started.pk, theirs.pk])).status_code
        == 404
    )
    assert other.files.count() == 1
