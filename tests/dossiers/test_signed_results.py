"""The issued result (issue 12): approval issues the final document from the approved draft's
content — its number, the result code, the signer, no "DỰ THẢO" — and it is signed for real
(PAdES, pyHanko) with the agency's certificate of the development PKI after the commit;
pyHanko's validator finds it intact and trusted, and one flipped byte breaks it. A signing
failure leaves the dossier resolved and the result visibly awaiting its signature, tells the
staff once, and the next attempt signs it."""

import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from dossiers.effects.models import EffectRun
from dossiers.effects.runner import run_effects
from dossiers.models import DossierResult, SignatureStatus
from dossiers.signing import issue
from dossiers.signing.validate import NotReadable, signatures_of
from dossiers.states import Action, State
from notifications.models import Notification
from procedures.models import Membership, Role
from tests.dossiers.helpers import (
    approved_and_signed,
    awaiting_approval_with_draft,
    fire,
    reload,
)

pytestmark = pytest.mark.usefixtures("frozen_monday")

BODY = "Cấp Giấy chứng nhận đăng ký hộ kinh doanh số 92A8000123 cho hộ kinh doanh Lan Anh."


@pytest.fixture
def artifacts():
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def titled_leader(world):
    Membership.objects.filter(
        user=world.home.leader, agency=world.home.committee, role=Role.LEADER
    ).update(title="Chủ tịch")
    world.home.leader.full_name = "Huỳnh Văn Khải"
    world.home.leader.save(update_fields=["full_name"])
    return world.home.leader


def pdf_text(content: bytes) -> str:
    """The words of the document, whitespace collapsed (lines wrap anywhere)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def signed_bytes(result) -> bytes:
    with result.file.file.open("rb") as handle:
        return handle.read()


def test_approval_records_the_result_and_its_document_follows_signed(world, titled_leader):
    dossier, draft = awaiting_approval_with_draft(world, body=BODY)

    fire(Action.APPROVE, dossier, titled_leader, result_file_id=draft.pk)

    result = DossierResult.objects.get(dossier=dossier)
    assert reload(dossier).state == State.RESOLVED
    assert result.signature_status == SignatureStatus.PENDING
    assert result.file is None  # the draft is never the result's file
    assert result.draft == draft and result.body == BODY
    assert result.issue_number == "1/KQ-UBND" and result.issue_year == 2026
    assert (result.signer_name, result.signer_title) == ("Huỳnh Văn Khải", "Chủ tịch")
    assert len(result.verification_code) == issue.CODE_LENGTH
    # The job that follows the approval event is written with it.
    assert EffectRun.objects.filter(event__dossier=dossier, kind="issue_results").exists()

    run_effects()

    result.refresh_from_db()
    assert result.signature_status == SignatureStatus.SIGNED and result.signed_at
    assert result.file.original_name == f"{dossier.code}-KQ1.pdf"
    content = signed_bytes(result)
    words = pdf_text(content)
    assert "DỰ THẢO" not in words and "……" not in words
    for expected in (
        "Số: 1/KQ-UBND",
        f"Mã kết quả: {dossier.code}-KQ1",
        "CHỦ TỊCH",
        "Huỳnh Văn Khải",
        "92A8000123",
        issue.grouped(result.verification_code),
        "/xac-thuc/",
    ):
        assert expected in words, expected


def test_the_signature_is_valid_and_one_flipped_byte_breaks_it(world, titled_leader, artifacts):
    dossier = approved_and_signed(world, body=BODY)
    content = signed_bytes(dossier.results.get())
    (artifacts / "issued-result.pdf").write_bytes(content)

    [signature] = signatures_of(content)
    assert signature.valid and signature.intact and signature.trusted and signature.covers_file
    assert signature.signer == world.home.committee.name
    assert "thử nghiệm" in signature.issuer
    assert signature.verdict == "Chữ ký hợp lệ, tệp không bị thay đổi sau khi ký."

    tampered = bytearray(content)
    tampered[len(content) // 4] ^= 0x01  # inside the signed revision
    try:
        checked = signatures_of(bytes(tampered))
    except NotReadable:
        checked = []
    assert not any(s.valid for s in checked)


def test_the_issued_document_fits_its_page_with_the_signature_in_its_box(
    world, titled_leader, artifacts, tmp_path
):
    dossier = approved_and_signed(world, body=BODY)
    content = signed_bytes(dossier.results.get())
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    [field] = [a.get_object() for a in reader.pages[0]["/Annots"]]
    x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
    assert 250 < x1 < x2 < 560 and 60 < y1 < y2 < 700  # on the right half, inside the page
    (tmp_path / "issued.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(tmp_path / "issued.pdf"), str(artifacts / "issued")],
        check=True,
    )


def test_a_denial_is_issued_from_the_denial_draft(world):
    dossier, draft = awaiting_approval_with_draft(
        world, outcome="denied", body="Ngành nghề đăng ký thuộc danh mục cấm kinh doanh."
    )
    fire(
        Action.DENY,
        dossier,
        world.home.leader,
        reason="Ngành nghề bị cấm.",
        result_file_id=draft.pk,
    )
    [result] = issue.issue_pending(dossier.pk)

    words = pdf_text(signed_bytes(result))
    assert "từ chối giải quyết" in words and "danh mục cấm kinh doanh" in words
    assert "khiếu nại, khởi kiện" in words


def test_a_draft_of_the_other_outcome_cannot_be_issued(world):
    from dossiers.errors import BadInput

    dossier, draft = awaiting_approval_with_draft(world, outcome="denied", body="Lý do.")
    with pytest.raises(BadInput) as error:
        fire(Action.APPROVE, dossier, world.home.leader, result_file_id=draft.pk)
    assert "dự thảo từ chối" in str(error.value.fields["result_file"][0])


def test_results_are_numbered_per_issuing_agency_and_year(world):
    first = approved_and_signed(world).results.get()
    second = approved_and_signed(world).results.get()
    assert (first.issue_sequence, second.issue_sequence) == (1, 2)
    assert second.issue_number == "2/KQ-UBND"


def test_a_signing_failure_leaves_the_result_awaiting_and_tells_the_staff_once(
    world, settings, client
):
    dossier, draft = awaiting_approval_with_draft(world)
    fire(Action.APPROVE, dossier, world.home.leader, result_file_id=draft.pk)
    settings.SIGNING_DEV_PKI = False  # no credential configured for the agency

    told = Notification.objects.filter(template="dossiers/messages/staff_signing_failed")
    with pytest.raises(Exception, match="chưa được cấu hình chứng thư số"):
        issue.issue_pending(dossier.pk)
    told_once = sorted(n.recipient_id for n in told)
    with pytest.raises(Exception, match="chưa được cấu hình chứng thư số"):
        issue.issue_pending(dossier.pk)

    result = DossierResult.objects.get(dossier=dossier)
    assert result.signature_status == SignatureStatus.FAILED and result.file is None
    assert "chưa được cấu hình chứng thư số" in result.signature_error
    assert reload(dossier).state == State.RESOLVED
    # The desk and the leaders heard it once; the second failure told nobody again.
    assert world.home.desk.pk in told_once and world.home.leader.pk in told_once
    assert sorted(n.recipient_id for n in told) == told_once
    # The desk sees it on the dossier's page.
    client.force_login(world.home.desk)
    page = client.get(reverse("workspaces:desk_dossier", args=[dossier.pk]))
    assert "Đang chờ ký số" in page.content.decode() or "thử lại" in page.content.decode()

    settings.SIGNING_DEV_PKI = True
    [result] = issue.issue_pending(dossier.pk)
    assert result.signature_status == SignatureStatus.SIGNED and result.signature_error == ""


def test_the_job_is_idempotent(world):
    dossier = approved_and_signed(world)
    result = dossier.results.get()
    again = issue.issue_result(result.pk)
    assert again.file_id == result.file_id


@pytest.mark.parametrize(
    ("typed", "clean"),
    [("7k3m-q9tp-2xwd", "7K3MQ9TP2XWD"), (" 7K3M Q9TP 2XWD ", "7K3MQ9TP2XWD"), ("OIL", "011")],
)
def test_codes_are_read_as_people_type_them(typed, clean):
    assert issue.clean_code(typed) == clean


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Ủy ban nhân dân phường Ninh Kiều", "UBND"),
        ("Sở Tư pháp thành phố Cần Thơ", "STP"),
        ("Công an phường Ninh Kiều", "CA"),
    ],
)
def test_the_document_symbol_is_the_agencys_initials(name, symbol):
    from procedures.models import Agency

    assert issue.document_symbol(Agency(code="X", name=name)) == symbol


def test_a_configured_pkcs12_credential_signs_and_the_configured_roots_trust_it(
    world, settings, tmp_path, monkeypatch
):
    from dossiers.signing import pki
    from dossiers.signing.models import SigningCredential

    archive = tmp_path / "ubnd-ninh-kieu.p12"
    archive.write_bytes(pki.agency_credential(world.home.committee).pkcs12)
    root = tmp_path / "root.pem"
    root.write_bytes(pki.root_pem())
    monkeypatch.setenv("SIGNING_PASS_TEST", settings.SIGNING_DEV_PASSPHRASE)
    SigningCredential.objects.create(
        agency=world.home.committee,
        pkcs12_path=str(archive),
        passphrase_env="SIGNING_PASS_TEST",
        appearance="seal",
    )
    settings.SIGNING_DEV_PKI = False  # production: only what is configured
    settings.SIGNING_TRUST_ROOTS = [str(root)]

    dossier = approved_and_signed(world)

    content = signed_bytes(dossier.results.get())
    [signature] = signatures_of(content)
    assert signature.valid and signature.trusted
    # The seal's appearance names the agency, not a person.
    assert world.home.committee.name in pdf_text(content)

    settings.SIGNING_TRUST_ROOTS = []  # no roots configured: valid bytes, but not trusted
    [untrusted] = signatures_of(content)
    assert untrusted.intact and not untrusted.trusted and not untrusted.valid


def test_only_system_administrators_configure_signing_credentials(client, world):
    from tests.factories import UserFactory

    url = reverse("admin:dossiers_signingcredential_changelist")
    leader = world.home.leader
    leader.is_staff = True
    leader.save(update_fields=["is_staff"])
    client.force_login(leader)
    assert client.get(url).status_code == 403

    client.force_login(UserFactory(username="quan-tri", is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200
    added = client.post(
        reverse("admin:dossiers_signingcredential_add"),
        {
            "agency": world.home.committee.pk,
            "kind": "pkcs12",
            "pkcs12_path": "/khong-co/tep.p12",
            "passphrase_env": "KHONG_CO_BIEN_NAY",
            "appearance": "leader",
            "enabled": "on",
        },
    )
    assert added.status_code == 200
    page = added.content.decode()
    assert "Không tìm thấy tệp trên máy chủ." in page
    assert "Biến môi trường này chưa được đặt trên máy chủ." in page


def test_officers_see_what_the_signatures_of_an_applicants_pdf_are_worth(client, world):
    """An electronic certified copy is only worth its signature: a signed PDF the applicant
    sends (here another agency's signed result) is checked when it arrives; a tampered one and
    an unsigned one say so."""
    from dossiers import services
    from tests.dossiers.conftest import PDF
    from tests.dossiers.helpers import empty_draft

    other = approved_and_signed(world, side="away")
    signed_copy = signed_bytes(other.results.get())
    tampered = bytearray(signed_copy)
    tampered[len(signed_copy) // 4] ^= 0x01
    dossier = empty_draft(world)
    for name, content in (
        ("ban-sao-dien-tu.pdf", signed_copy),
        ("ban-sao-da-sua.pdf", bytes(tampered)),
        ("giay-de-nghi.pdf", PDF),
    ):
        services.dossier_attach_file(
            dossier_id=dossier.pk,
            actor=world.citizen,
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
            component_id=world.required.pk,
        )
    services.dossier_submit(dossier_id=dossier.pk, actor=world.citizen)

    files = {f.original_name: f.signatures for f in reload(dossier).files.all()}
    [good] = files["ban-sao-dien-tu.pdf"]
    assert good["valid"] and good["signer"] == world.away.committee.name
    assert not any(s["valid"] for s in files["ban-sao-da-sua.pdf"])
    assert files["giay-de-nghi.pdf"] == []

    client.force_login(world.home.desk)
    page = client.get(reverse("workspaces:desk_dossier", args=[dossier.pk]))
    words = " ".join(page.content.decode().split())
    assert f"Chữ ký số hợp lệ: {world.away.committee.name}" in words
    assert "không có chữ ký số" in words


def test_with_a_timestamp_authority_the_signature_carries_a_trusted_timestamp(world, settings):
    """PAdES B-T and B-LT: the local RFC 3161 authority stamps the signature, the validator
    trusts the stamp through the same roots, and the validation data is embedded."""
    from tests.dossiers.tsa_server import running_tsa

    with running_tsa() as (url, issued):
        settings.SIGNING_TSA_URL = url
        dossier = approved_and_signed(world)

    assert issued  # the authority was asked (pyHanko also asks once to size the token)
    content = signed_bytes(dossier.results.get())
    [signature] = signatures_of(content)
    assert signature.valid and signature.timestamp is not None and signature.covers_file
    assert signature.verdict == "Chữ ký hợp lệ, tệp không bị thay đổi sau khi ký."
    # B-LT: the document security store carries the chain for checks after expiry.
    store = PdfReader(io.BytesIO(content)).trailer["/Root"]["/DSS"]
    assert len(store["/Certs"]) >= 2


def test_an_agency_that_chooses_to_sign_its_slips_gets_them_signed(world, tmp_path, monkeypatch):
    from dossiers.services import slip_render
    from dossiers.signing import pki
    from dossiers.signing.models import SigningCredential
    from dossiers.slips.legal_forms import Form
    from dossiers.slips.models import DossierSlip
    from tests.dossiers.helpers import dossier_in

    def signed_receipt(dossier):
        slip_render(dossier_id=dossier.pk, form=Form.RECEIPT)
        with DossierSlip.objects.get(dossier=dossier, form=Form.RECEIPT).file.open("rb") as f:
            return signatures_of(f.read())

    assert signed_receipt(dossier_in(world, State.RECEIVED)) == []  # not chosen: unsigned

    archive = tmp_path / "trung-tam.p12"
    archive.write_bytes(pki.agency_credential(world.home.centre).pkcs12)
    monkeypatch.setenv("SIGNING_PASS_CENTRE", pki.passphrase().decode())
    SigningCredential.objects.create(
        agency=world.home.centre,
        pkcs12_path=str(archive),
        passphrase_env="SIGNING_PASS_CENTRE",
        sign_slips=True,
    )

    [signature] = signed_receipt(dossier_in(world, State.RECEIVED))
    assert signature.valid and signature.signer == world.home.centre.name


SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"


@pytest.fixture
def token(world, tmp_path, monkeypatch):
    """A SoftHSM token of its own (a private configuration and token folder), holding the
    committee's key and certificate under the label "ubnd-ninh-kieu"."""
    import os

    if not os.path.exists(SOFTHSM):
        pytest.skip("PKCS#11 tests need SoftHSM (apt install softhsm2; `make system-packages`)")
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from dossiers.signing import pki

    (tmp_path / "tokens").mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", "mot-cua-test"]
        + ["--pin", "123456", "--so-pin", "12345678"],
        check=True,
        capture_output=True,
    )
    key, cert, _chain = pkcs12.load_key_and_certificates(
        pki.agency_credential(world.home.committee).pkcs12, pki.passphrase()
    )
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    subprocess.run(
        ["softhsm2-util", "--import", str(key_file), "--token", "mot-cua-test"]
        + ["--label", "ubnd-ninh-kieu", "--id", "01", "--pin", "123456"],
        check=True,
        capture_output=True,
    )
    key_file.unlink()
    library = pkcs11.lib(SOFTHSM)
    with library.get_token(token_label="mot-cua-test").open(rw=True, user_pin="123456") as s:
        s.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.LABEL: "ubnd-ninh-kieu",
                pkcs11.Attribute.ID: b"\x01",
                pkcs11.Attribute.SUBJECT: cert.subject.public_bytes(),
                pkcs11.Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    monkeypatch.setenv("SIGNING_PIN_TEST", "123456")
    return "mot-cua-test"


def test_a_key_on_a_pkcs11_token_signs_the_result(world, settings, token, tmp_path):
    from dossiers.signing import pki
    from dossiers.signing.models import SigningCredential

    SigningCredential.objects.create(
        agency=world.home.committee,
        kind="pkcs11",
        pkcs11_library=SOFTHSM,
        token_label=token,
        key_label="ubnd-ninh-kieu",
        passphrase_env="SIGNING_PIN_TEST",
    )
    root = tmp_path / "root.pem"
    root.write_bytes(pki.root_pem())
    settings.SIGNING_DEV_PKI = False  # only the token can sign
    settings.SIGNING_TRUST_ROOTS = [str(root)]

    dossier = approved_and_signed(world)

    [signature] = signatures_of(signed_bytes(dossier.results.get()))
    assert signature.valid and signature.signer == world.home.committee.name


def test_a_wrong_pin_leaves_the_result_awaiting_its_signature(world, token, monkeypatch):
    from dossiers.signing.models import SigningCredential

    SigningCredential.objects.create(
        agency=world.home.committee,
        kind="pkcs11",
        pkcs11_library=SOFTHSM,
        token_label=token,
        key_label="ubnd-ninh-kieu",
        passphrase_env="SIGNING_PIN_TEST",
    )
    monkeypatch.setenv("SIGNING_PIN_TEST", "000000")
    dossier, draft = awaiting_approval_with_draft(world)
    fire(Action.APPROVE, dossier, world.home.leader, result_file_id=draft.pk)

    with pytest.raises(Exception, match="Không mở được token ký số"):
        issue.issue_pending(dossier.pk)
    assert DossierResult.objects.get(dossier=dossier).signature_status == SignatureStatus.FAILED


def test_the_api_gives_the_result_its_signature_and_where_to_verify_it(world):
    from tests.helpers import api

    dossier = approved_and_signed(world)
    result = dossier.results.get()

    body = api(world.citizen).get(f"/api/v1/dossiers/{dossier.pk}/").json()

    [given] = body["results"]
    assert given["file"] == str(result.file_id)
    assert given["signature_status"] == "signed" and given["signed_at"]
    assert given["issue_number"] == "1/KQ-UBND"
    assert given["verify_url"].endswith(f"/xac-thuc/?ma={issue.grouped(result.verification_code)}")


def test_a_leader_with_a_personal_certificate_signs_before_the_agency(world, tmp_path, monkeypatch):
    """NĐ 30/2020: the person signs first (the visible box), then the agency."""
    from dossiers.signing import pki
    from dossiers.signing.models import SigningCredential

    leader = world.home.leader
    archive = tmp_path / "lanh-dao.p12"
    archive.write_bytes(pki.person_credential(leader, world.home.committee).pkcs12)
    monkeypatch.setenv("SIGNING_PASS_LEADER", pki.passphrase().decode())
    SigningCredential.objects.create(
        person=leader, pkcs12_path=str(archive), passphrase_env="SIGNING_PASS_LEADER"
    )

    dossier = approved_and_signed(world)

    first, second = signatures_of(signed_bytes(dossier.results.get()))
    assert first.signer == leader.get_full_name() and second.signer == world.home.committee.name
    assert first.valid and second.valid
    assert first.covers_file  # the agency's signature after it is allowed


def test_a_credential_belongs_to_an_agency_or_a_person_not_both(world):
    from django.core.exceptions import ValidationError

    from dossiers.signing.models import SigningCredential

    both = SigningCredential(agency=world.home.committee, person=world.home.leader)
    with pytest.raises(ValidationError) as refused:
        both.full_clean(exclude=["pkcs12_path"])
    assert "Chọn một cơ quan hoặc một lãnh đạo (chỉ một)." in str(refused.value)


@pytest.fixture
def published_revocation(settings, tmp_path):
    """A fresh development PKI whose certificates name a CRL and an OCSP responder served on
    a local port, and a timestamp authority of that PKI: signatures are PAdES B-LT with the
    revocation data fetched at signing time."""
    from tests.dossiers.revocation_server import running_revocation_service
    from tests.dossiers.tsa_server import running_tsa

    settings.SIGNING_PKI_DIR = str(tmp_path / "pki")
    settings.SIGNING_FETCH_REVOCATION = True
    with running_revocation_service() as (url, served):
        settings.SIGNING_DEV_PKI_REVOCATION_URL = url
        with running_tsa() as (tsa_url, _issued):
            settings.SIGNING_TSA_URL = tsa_url
            yield served


def test_b_lt_embeds_the_revocation_data_the_ca_publishes(world, published_revocation):
    """The chain's OCSP answers and CRLs are fetched when signing and kept in the document
    security store, so the signature validates later with no network and a validator that
    insists on revocation data ("hard-fail")."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from dossiers.signing.signer import trust_roots

    dossier = approved_and_signed(world)

    result = dossier.results.get()
    assert result.signature_status == SignatureStatus.SIGNED, result.signature_error
    assert "ocsp" in published_revocation  # asked as the CA publishes it
    content = signed_bytes(result)
    store = PdfReader(io.BytesIO(content)).trailer["/Root"]["/DSS"]
    assert len(store.get("/OCSPs", [])) + len(store.get("/CRLs", [])) >= 1

    reader = PdfFileReader(io.BytesIO(content))
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {"trust_roots": trust_roots(), "allow_fetching": False, "revocation_mode": "hard-fail"}
    )
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    assert status.bottom_line and not status.revoked
    # Without the embedded data the same strict check cannot decide: the data is what counts.
    bare = validate_pdf_signature(
        PdfFileReader(io.BytesIO(content)).embedded_signatures[0],
        ValidationContext(
            trust_roots=trust_roots(),
            allow_fetching=False,
            revocation_mode="hard-fail",
            ocsps=[],
            crls=[],
        ),
    )
    assert not bare.bottom_line
    [mine] = signatures_of(content)
    assert mine.valid and not mine.revoked


def test_a_revoked_agency_certificate_cannot_sign_and_the_staff_hear_of_it(
    world, published_revocation
):
    from cryptography import x509 as crypto_x509
    from cryptography.hazmat.primitives.serialization import pkcs12

    from dossiers.signing import pki

    credential = pki.agency_credential(world.home.committee)
    _key, certificate, _chain = pkcs12.load_key_and_certificates(
        credential.pkcs12, credential.passphrase
    )
    assert isinstance(certificate, crypto_x509.Certificate)
    pki.revoke(certificate)
    assert "crl" not in published_revocation  # OCSP first, as pyHanko asks

    with pytest.raises(Exception, match="đã bị thu hồi"):
        approved_and_signed(world)

    result = DossierResult.objects.get(dossier__version=world.version)
    assert reload(result.dossier).state == State.RESOLVED
    assert result.signature_status == SignatureStatus.FAILED and result.file is None
    assert result.signature_error == (
        f"Chứng thư số của {world.home.committee.name} đã bị thu hồi: cần cấu hình chứng thư "
        "số mới."
    )
    told = Notification.objects.filter(template="dossiers/messages/staff_signing_failed")
    assert world.home.leader.pk in {n.recipient_id for n in told}
