"""Signing a PDF with an agency's credential (pyHanko, PAdES).

`sign_pdf` adds one PAdES signature (B-B; B-T where a timestamp authority is configured) in a
visible field at the box the document left for it, with the signer's name, title and time in
Noto Serif so that Vietnamese names print whole. The credential is the agency's configured
PKCS#12 file (`SigningCredential`), else — only while the development PKI is on — the
development certificate of that agency (`pki`). No credential is an error the caller keeps
and retries (`SigningUnavailable`), never a silent unsigned result.
"""

import asyncio
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ..slips.pdf import FONT_FACES
from . import pki
from .models import CredentialKind

log = logging.getLogger(__name__)

FIELD_NAME = "Sig_CoQuan"
PERSON_FIELD_NAME = "Sig_LanhDao"
POINTS_PER_CSS_PX = 0.75


class SigningUnavailable(Exception):
    """The agency has no usable signing credential (configure one in the admin)."""


@dataclass(frozen=True)
class Box:
    """Where the visible signature goes: page index and (x1, y1, x2, y2) in PDF points."""

    page: int
    rect: tuple[int, int, int, int]


def _asn1(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _configured(agency=None, person=None):
    from .models import SigningCredential

    if person is not None:
        return SigningCredential.objects.filter(person=person, enabled=True).first()
    return SigningCredential.objects.filter(agency=agency, enabled=True).first()


def has_personal_credential(user) -> bool:
    return _configured(person=user) is not None


@contextmanager
def open_signer(agency, person=None):
    """A pyHanko signer holding `agency`'s key — or `person`'s, a leader with a personal
    credential — for the time of the `with` block (a PKCS#11 session stays open that long)."""
    credential = _configured(agency, person)
    owner = person or agency
    if person is not None and credential is None:
        raise SigningUnavailable(_("Lãnh đạo chưa có chứng thư số cá nhân."))
    if credential is not None and credential.kind == CredentialKind.PKCS11:
        with _token_signer(owner, credential) as signer:
            yield signer
        return
    yield _file_signer(owner, credential)


def _file_signer(agency, credential):
    from pyhanko.sign import signers

    if credential is not None:
        data, passphrase = credential.pkcs12_bytes(), credential.passphrase()
        chain = ()
    elif pki.enabled():
        dev = pki.agency_credential(agency)
        data, passphrase, chain = dev.pkcs12, dev.passphrase, tuple(map(_asn1, dev.chain))
    else:
        raise SigningUnavailable(
            _("Cơ quan %(agency)s chưa được cấu hình chứng thư số để ký kết quả.")
            % {"agency": _name_of(agency)}
        )
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=chain, passphrase=passphrase)
    except (ValueError, OSError) as error:
        raise SigningUnavailable(
            _("Không đọc được chứng thư số của %(agency)s: %(error)s")
            % {"agency": _name_of(agency), "error": error}
        ) from error


@contextmanager
def _token_signer(agency, credential):
    """The key on a PKCS#11 token or HSM, found by its label; the certificate with it."""
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    try:
        session = open_pkcs11_session(
            credential.pkcs11_library,
            token_criteria=TokenCriteria(label=credential.token_label),
            user_pin=(credential.passphrase() or b"").decode() or None,
        )
    except Exception as error:  # noqa: BLE001 - any token failure: the result awaits, retried
        raise SigningUnavailable(
            _("Không mở được token ký số của %(agency)s: %(error)s")
            % {"agency": _name_of(agency), "error": error}
        ) from error
    try:
        # The digest is computed here and the token signs it raw (CKM_RSA_PKCS, CKM_ECDSA):
        # the mechanisms every token has (SoftHSM and many HSMs lack ECDSA-with-SHA256).
        yield PKCS11Signer(
            session,
            cert_label=credential.key_label,
            key_label=credential.key_label,
            use_raw_mechanism=True,
        )
    finally:
        session.close()


def _name_of(owner) -> str:
    """An agency's name, or a person's."""
    name = getattr(owner, "name", None)
    return name or owner.get_full_name() or owner.get_username()


def off_loop(function, *args, **kwargs):
    """Call `function` (pyHanko's sync API runs its own event loop with asyncio.run) in this
    thread, or in a short-lived worker thread when this one already runs an event loop (an
    ASGI server, a browser test)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def _long_term() -> dict:
    """Embedding validation information (B-LT). Revocation data is fetched from the CA's
    OCSP responders and CRLs when SIGNING_FETCH_REVOCATION is on (production); a chain
    without any (the development PKI) is embedded as it is ("soft-fail")."""
    from pyhanko_certvalidator import ValidationContext

    return {
        "embed_validation_info": True,
        "validation_context": ValidationContext(
            trust_roots=trust_roots(),
            allow_fetching=settings.SIGNING_FETCH_REVOCATION,
            revocation_mode="soft-fail",
        ),
    }


def timestamper():
    """The configured RFC 3161 timestamp authority, or None."""
    url = getattr(settings, "SIGNING_TSA_URL", "")
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=settings.SIGNING_TSA_TIMEOUT)


def _stamp_style():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    return TextStampStyle(
        stamp_text="%(line1)s\n%(line2)s\n%(line3)s\n%(when)s",
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(str(FONT_FACES["regular"]), font_size=8)
        ),
        border_width=1,
    )


def sign_pdf(
    content: bytes,
    *,
    agency,
    box: Box | None,
    lines: tuple[str, str, str],
    reason: str,
    location: str,
    person=None,
    field_name: str = FIELD_NAME,
) -> bytes:
    """`content` with the agency's signature added (an incremental update); visible in `box`,
    or invisible without one (NĐ 30/2020's agency signature on copies and attachments)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.general import SigningError

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    spec = (
        fields.SigFieldSpec(field_name, on_page=box.page, box=box.rect)
        if box is not None
        else fields.SigFieldSpec(field_name)
    )
    fields.append_signature_field(writer, spec)
    stamper = timestamper()
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=lines[0],
        # With a timestamp, PAdES B-LT: the chain and what revocation data the CA publishes
        # are embedded, so the signature can be checked after the certificates expire.
        **(_long_term() if stamper is not None else {}),
    )
    when = timezone.localtime().strftime("%H:%M:%S %d/%m/%Y")
    output = io.BytesIO()
    with open_signer(agency, person) as signer:
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=_stamp_style() if box is not None else None,
            timestamper=stamper,
        )
        try:
            off_loop(
                pdf_signer.sign_pdf,
                writer,
                output=output,
                appearance_text_params={
                    "line1": lines[0],
                    "line2": lines[1],
                    "line3": lines[2],
                    "when": _("Ký lúc %(when)s") % {"when": when},
                },
            )
        except SigningError as error:
            raise _unusable(person or agency, error) from error
    return output.getvalue()


def _unusable(owner, error) -> SigningUnavailable:
    """pyHanko refused to sign: in words the staff read, a revoked certificate named as such
    (found when the validation data of a B-LT signature is collected)."""
    from pyhanko_certvalidator.errors import RevokedError

    cause = error.__cause__
    if isinstance(cause, RevokedError):
        return SigningUnavailable(
            _("Chứng thư số của %(owner)s đã bị thu hồi: cần cấu hình chứng thư số mới.")
            % {"owner": _name_of(owner)}
        )
    return SigningUnavailable(
        _("Chứng thư số của %(owner)s không dùng được để ký: %(error)s")
        % {"owner": _name_of(owner), "error": cause or error}
    )


def sign_slip(content: bytes, agency, *, title: str) -> bytes:
    """A slip signed by `agency` (invisibly) when it chose to sign its slips; else as is. A
    failure keeps the slip unsigned (it must be there for the desk and the applicant) and is
    logged."""
    from .models import SigningCredential

    if (
        agency is None
        or not SigningCredential.objects.filter(
            agency=agency, enabled=True, sign_slips=True
        ).exists()
    ):
        return content
    try:
        return sign_pdf(
            content,
            agency=agency,
            box=None,
            lines=(agency.name, "", ""),
            reason=title,
            location=agency.name,
        )
    except Exception:  # noqa: BLE001 - an unsigned slip beats no slip
        log.exception("slip of %s could not be signed", agency.code)
        return content


def trust_roots():
    """The roots a signature must chain to (asn1crypto certificates)."""
    from cryptography import x509

    roots = []
    for path in getattr(settings, "SIGNING_TRUST_ROOTS", []):
        data = Path(path).read_bytes()
        roots.append(_asn1(x509.load_pem_x509_certificate(data)))
    if pki.enabled():
        roots.append(_asn1(pki.root()[0]))
    return roots
