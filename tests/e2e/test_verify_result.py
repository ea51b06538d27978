"""Checking a signed result on a phone (issue 12), as someone handed the paper would: the
address and code printed beside the QR code (read here from the PDF's text, as a camera would
read the QR) open the verification page, which names the issuing agency and says the
signature is valid; uploading the PDF says it is the very file issued; a file changed by one
byte is not, and its signature fails."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.dossiers.conftest import build_world
from tests.dossiers.helpers import approved_and_signed
from tests.e2e.accessibility import serious_violations

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def signed_result(transactional_db):
    world = build_world()
    dossier = approved_and_signed(world)
    result = dossier.results.get()
    with result.file.file.open("rb") as handle:
        return world, result, handle.read()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_result_is_verified_by_its_printed_code_and_by_its_file(
    page, signed_result, console_errors, artifacts, viewport, tmp_path
):
    world, result, content = signed_result
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    printed = re.search(r"Xác thực tại (\S+) với mã (\S{4}-\S{4}-\S{4})", text)
    assert printed, text
    address, code = printed.groups()
    assert address.endswith("/xac-thuc/")

    page.goto(f"/xac-thuc/?ma={code}")
    verdict = page.get_by_test_id("verdict")
    expect(verdict).to_contain_text(f"Kết quả {result.code}")
    expect(verdict).to_contain_text(world.home.committee.name)
    expect(verdict).to_contain_text("Chữ ký hợp lệ, tệp không bị thay đổi sau khi ký.")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "verify-by-code.png"), full_page=True)

    issued = tmp_path / f"{result.code}.pdf"
    issued.write_bytes(content)
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(issued))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_test_id("verdict")).to_contain_text(
        "Tệp trùng khớp từng byte với văn bản do cổng phát hành."
    )

    tampered = bytearray(content)
    tampered[len(content) // 4] ^= 0x01
    changed = tmp_path / "da-sua.pdf"
    changed.write_bytes(bytes(tampered))
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(changed))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    verdict = page.get_by_test_id("verdict")
    expect(verdict).not_to_contain_text("trùng khớp")
    expect(verdict).not_to_contain_text("Chữ ký hợp lệ, tệp không bị thay đổi")
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "verify-tampered.png"), full_page=True)
    assert console_errors == []
