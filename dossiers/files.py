"""Checking a file uploaded to a dossier: the rules of `citizens.files` (size, real content
type from the bytes, extension matching the content, whole PDFs, safe names, checksum), with
its refusals in the dossiers' error shape."""

from citizens import files as _rules

from .errors import BadInput

ACCEPTED = _rules.ACCEPTED


def max_upload_bytes() -> int:
    return _rules.max_upload_bytes()


def inspect_upload(upload) -> dict:
    """{original_name, size, sha256, content_type} of an UploadedFile, or BadInput."""
    try:
        return _rules.inspect_upload(upload)
    except _rules.FileRejected as rejected:
        raise BadInput(fields=rejected.fields) from None
