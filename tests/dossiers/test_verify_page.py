"""The public verification page (`/xac-thuc/`, issue 12): by the code printed on a result, or
by uploading the PDF; it says who issued and signed it and whether the file and its signature
hold, shows nothing of the applicant, and refuses bad input with a 4xx and words."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.signing import issue
from tests.dossiers.helpers import approved_and_signed

pytestmark = pytest.mark.usefixtures("frozen_monday")

VERIFY = reverse("dossiers:verify")


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed(world):
    dossier = approved_and_signed(world)
    result = dossier.results.get()
    with result.file.file.open("rb") as handle:
        return dossier, result, handle.read()


def words(response) -> str:
    return " ".join(response.content.decode().split())


def test_the_code_tells_who_issued_and_signed_it(client, world, signed):
    dossier, result, _content = signed

    response = client.get(VERIFY, {"ma": issue.grouped(result.verification_code).lower()})

    assert response.status_code == 200
    page = words(response)
    for expected in (
        f"Kết quả {result.code}",
        world.home.committee.name,
        result.issue_number,
        dossier.version.name,
        "Chữ ký hợp lệ, tệp không bị thay đổi sau khi ký.",
    ):
        assert expected in page, expected
    # Nothing of the applicant's beyond the result's own facts.
    assert dossier.applicant_name not in page
    assert world.citizen.phone not in page


def test_an_unknown_code_is_a_404_with_words(client, signed):
    response = client.get(VERIFY, {"ma": "0000-0000-0000"})
    assert response.status_code == 404
    assert "Không tìm thấy văn bản" in words(response)


def test_a_malformed_code_is_a_400_with_words(client):
    response = client.get(VERIFY, {"ma": "abc"})
    assert response.status_code == 400
    assert "Mã xác thực gồm 12 chữ và số." in words(response)


def test_the_issued_file_uploaded_is_recognised(client, signed):
    _dossier, result, content = signed
    upload = SimpleUploadedFile("ket-qua.pdf", content, content_type="application/pdf")

    response = client.post(VERIFY, {"tep": upload})

    assert response.status_code == 200
    page = words(response)
    assert "Tệp trùng khớp từng byte với văn bản do cổng phát hành." in page
    assert f"Kết quả {result.code}" in page
    assert "Chữ ký hợp lệ" in page


def test_a_tampered_file_is_not_the_issued_one_and_its_signature_fails(client, signed):
    _dossier, _result, content = signed
    tampered = bytearray(content)
    tampered[len(content) // 4] ^= 0x01

    response = client.post(
        VERIFY, {"tep": SimpleUploadedFile("ket-qua.pdf", bytes(tampered), "application/pdf")}
    )

    assert response.status_code == 200
    page = words(response)
    assert "Tệp không phải văn bản do cổng phát hành" in page or "Không đọc được tệp" in page
    assert "Chữ ký hợp lệ, tệp không bị thay đổi" not in page


def test_an_unsigned_pdf_says_it_has_no_signature(client, world):
    from weasyprint import HTML

    unsigned = HTML(string="<p>Giấy chứng nhận</p>").write_pdf()
    response = client.post(
        VERIFY, {"tep": SimpleUploadedFile("a.pdf", unsigned, "application/pdf")}
    )

    assert response.status_code == 200
    assert "Tệp không có chữ ký số." in words(response)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"", "application/pdf"), "Tệp rỗng."),
        (SimpleUploadedFile("a.txt", b"hello", "text/plain"), "Tệp này không phải PDF."),
    ],
)
def test_bad_uploads_are_400_with_words(client, upload, message):
    response = client.post(VERIFY, {"tep": upload})
    assert response.status_code == 400
    assert message in words(response)


def test_no_file_is_a_400(client):
    response = client.post(VERIFY, {})
    assert response.status_code == 400
    assert "Chọn tệp PDF." in words(response)


def test_lookups_are_counted_per_address(client, settings, signed):
    settings.PORTAL_TRACK_RATE_PER_IP_MINUTE = 2
    for _ in range(2):
        assert client.get(VERIFY, {"ma": "0000-0000-0000"}).status_code == 404
    limited = client.get(VERIFY, {"ma": "0000-0000-0000"})
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "quá nhiều lần" in words(limited)


def test_the_page_in_english(client, signed):
    _dossier, result, _content = signed
    response = client.get(VERIFY, {"ma": result.verification_code}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Verify" in words(response)
