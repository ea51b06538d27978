"""Checking an uploaded file: size, real content type (by its first bytes), checksum.

The declared content type and the file name are not trusted: the type comes from the
file's signature, and only the kinds an office can open and archive are accepted.
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import BadInput

MAX_UPLOAD_BYTES = getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

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
ACCEPTED = _("PDF, JPG, PNG, DOCX, XLSX hoặc ODT")


def detect_content_type(head: bytes, name: str) -> str | None:
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(b"PK\x03\x04"):
        suffix = name[name.rfind(".") :].lower() if "." in name else ""
        return _ZIP_TYPES.get(suffix)
    return None


def inspect_upload(upload) -> dict:
    """{original_name, size, sha256, content_type} of an UploadedFile, or BadInput."""
    if upload is None:
        raise BadInput(fields={"file": [_("Chưa chọn tệp.")]})
    if upload.size == 0:
        raise BadInput(fields={"file": [_("Tệp rỗng.")]})
    if upload.size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise BadInput(
            fields={"file": [_("Tệp vượt quá dung lượng cho phép (%(mb)s MB).") % {"mb": limit}]}
        )
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if not head:
            head = chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "tep").rsplit("/", 1)[-1][:255]
    content_type = detect_content_type(head, name)
    if content_type is None:
        raise BadInput(
            fields={
                "file": [
                    _("Định dạng tệp không được chấp nhận; chỉ nhận %(kinds)s.")
                    % {"kinds": ACCEPTED}
                ]
            }
        )
    return {
        "original_name": name,
        "size": upload.size,
        "sha256": digest.hexdigest(),
        "content_type": content_type,
    }
