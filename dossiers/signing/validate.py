"""Reading the signatures of a PDF (pyHanko's validator, against the configured trust roots
only: no operating-system trust list, no fetching), in words people read. The revocation
data a long-term (B-LT) signature carries in its document security store is used: a
certificate it says was revoked makes the signature invalid.

Used by the public verification page for a result issued here and for any PDF uploaded
there, and by the officers' pages for the PDFs applicants send (an electronic certified copy
is only worth its signature).
"""

import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .signer import off_loop, trust_roots

log = logging.getLogger(__name__)


class NotReadable(Exception):
    """Not a PDF that can be read."""


@dataclass(frozen=True)
class Signature:
    """One signature of a PDF, as checked."""

    signer: str  # the certificate's subject, as people read it
    issuer: str  # the certificate authority that issued it
    signed_at: object  # the signer's own claim of the time (datetime or None)
    timestamp: object  # the time stamped by a timestamp authority (datetime or None)
    intact: bool  # the signed bytes are unchanged
    trusted: bool  # the certificate chains to a configured trust root
    covers_file: bool  # nothing was added after the signature
    valid: bool  # all of the above, and the signature itself is sound
    revoked: bool = False  # the revocation data the file carries says the certificate was revoked

    @property
    def verdict(self) -> str:
        if not self.intact:
            return _("Tệp đã bị thay đổi sau khi ký: chữ ký không còn giá trị.")
        if self.revoked:
            return _("Chứng thư số của người ký đã bị thu hồi: chữ ký không có giá trị.")
        if not self.trusted:
            return _(
                "Chữ ký đúng về mặt kỹ thuật nhưng chứng thư số không thuộc tổ chức chứng thực "
                "được tin cậy."
            )
        if not self.covers_file:
            return _("Có nội dung được thêm vào tệp sau khi ký.")
        if not self.valid:
            return _("Chữ ký không hợp lệ.")
        return _("Chữ ký hợp lệ, tệp không bị thay đổi sau khi ký.")


def signatures_of(content: bytes) -> list[Signature]:
    """The signatures of a PDF, each checked; [] when it has none. NotReadable when the
    bytes are not a PDF pyHanko can read."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 - any parse failure means "not readable"
        raise NotReadable(str(error)) from error
    roots = trust_roots()
    found = []
    for signature in embedded:
        context = _context(reader, roots)
        try:
            status = off_loop(validate_pdf_signature, signature, context)
        except Exception as error:  # noqa: BLE001 - a signature that breaks the validator
            log.info("signature could not be validated: %s", error)
            found.append(_broken(signature))
            continue
        timestamp = status.timestamp_validity
        found.append(
            Signature(
                signer=_common_name(status.signing_cert.subject),
                issuer=_common_name(status.signing_cert.issuer),
                signed_at=status.signer_reported_dt,
                timestamp=timestamp.timestamp if timestamp is not None else None,
                intact=status.intact,
                trusted=status.trusted,
                covers_file=_covers_file(status),
                valid=bool(status.bottom_line),
                revoked=status.revoked,
            )
        )
    return found


def _context(reader, roots):
    """A validation context with the roots, and what the file's document security store holds
    (certificates, OCSP answers, CRLs) when it has one."""
    from pyhanko.sign.validation import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError
    from pyhanko_certvalidator import ValidationContext

    settings = {"trust_roots": roots, "allow_fetching": False}
    try:
        return DocumentSecurityStore.read_dss(reader).as_validation_context(settings)
    except NoDSSFoundError:
        return ValidationContext(**settings)
    except Exception as error:  # noqa: BLE001 - a broken store: judge the signature without it
        log.info("document security store unreadable: %s", error)
        return ValidationContext(**settings)


def _covers_file(status) -> bool:
    """Nothing was added after signing but validation data (the DSS a B-LT signature or a
    later archive timestamp appends) or further signatures."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    # A later signature (the agency's after its leader's) fills a form field: allowed too.
    return status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and (
        status.modification_level
        in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    )


def _common_name(name) -> str:
    """The name people read (CN), else the whole distinguished name."""
    native = name.native
    return native.get("common_name") or name.human_friendly


def _broken(signature) -> Signature:
    try:
        cert = signature.signer_cert
        signer, issuer = _common_name(cert.subject), _common_name(cert.issuer)
    except Exception:  # noqa: BLE001 - nothing readable in it
        signer = issuer = ""
    return Signature(signer, issuer, None, None, False, False, False, False)
