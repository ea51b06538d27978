"""Checking a file for the personal document store: size, real content type, checksum.

The one set of rules for every upload (the dossiers' uploads use it through `dossiers.files`):
the type comes from the file's first bytes, never from its declared type, and only the kinds
an office can open and archive are accepted: PDF, JPEG, PNG, and DOCX/XLSX/ODT (a ZIP
container, told apart by the name's extension). A name whose extension says another kind is
refused, and so is a PDF cut short (no end-of-file marker). Folders in a name are dropped.
The size limit is the setting PORTAL_MAX_UPLOAD_BYTES (20 MB by default).
"""

import hashlib
import posixpath

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED = gettext_lazy("PDF, JPG, PNG, DOCX, XLSX hoặc ODT")

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}
# The extensions a file of each kind may carry: a name that says otherwise is refused.
_EXTENSIONS = {
    "application/pdf": ({".pdf"}, "PDF"),
    "image/png": ({".png"}, "PNG"),
    "image/jpeg": ({".jpg", ".jpeg", ".jpe", ".jfif"}, "JPG"),
    **{content_type: ({suffix}, suffix[1:].upper()) for suffix, content_type in _ZIP_TYPES.items()},
}
# A whole PDF ends with its end-of-file marker within its last 1,024 bytes (ISO 32000).
_PDF_TAIL = 1024


class FileRejected(Exception):
    """400: the file does not fit; `fields` says why, as {"file": [message]}."""

    def __init__(self, message):
        self.fields = {"file": [str(message)]}
        super().__init__(str(message))


def max_upload_bytes() -> int:
    return getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def detect_content_type(head: bytes, name: str) -> str | None:
    """The content type read from the first bytes, or None for a kind not accepted."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"PK\x03\x04"):
        suffix = posixpath.splitext(name.lower())[1]
        return _ZIP_TYPES.get(suffix)
    return None


def safe_name(name: str | None, default: str = "tep") -> str:
    """The last part of a file name, without any folder (nor a Windows one), at most 255."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "").strip()
    if name in ("", ".", ".."):
        return default
    return name[-255:]


def inspect_upload(upload) -> dict:
    """{original_name, size, sha256, content_type} of an UploadedFile, or FileRejected."""
    if upload is None:
        raise FileRejected(_("Chưa chọn tệp."))
    if not upload.size:
        raise FileRejected(_("Tệp rỗng."))
    limit = max_upload_bytes()
    if upload.size > limit:
        raise FileRejected(
            _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )
    digest = hashlib.sha256()
    head = tail = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        tail = (tail + chunk)[-_PDF_TAIL:]
        digest.update(chunk)
    upload.seek(0)
    name = safe_name(upload.name)
    content_type = detect_content_type(head, name)
    if content_type is None:
        raise FileRejected(
            _("Định dạng tệp không được chấp nhận; chỉ nhận %(kinds)s.") % {"kinds": ACCEPTED}
        )
    suffix = posixpath.splitext(name.lower())[1]
    extensions, kind = _EXTENSIONS[content_type]
    if suffix and suffix not in extensions:
        raise FileRejected(
            _("Nội dung tệp không khớp với đuôi %(suffix)s: đây là tệp %(kind)s.")
            % {"suffix": suffix, "kind": kind}
        )
    if content_type == "application/pdf" and b"%%EOF" not in tail:
        raise FileRejected(_("Tệp PDF bị hỏng hoặc không trọn vẹn; hãy lưu hoặc quét lại."))
    return {
        "original_name": name,
        "size": upload.size,
        "sha256": digest.hexdigest(),
        "content_type": content_type,
    }


def inspect_bytes(content: bytes, name: str) -> dict:
    """The same record for bytes the portal itself produced (an issued result): no size
    limit, and a kind not recognised is kept as an opaque file."""
    name = safe_name(name, default="ket-qua")
    return {
        "original_name": name,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content_type": detect_content_type(content[:16], name) or "application/octet-stream",
    }
