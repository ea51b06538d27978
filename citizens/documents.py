"""The personal document store: an applicant's own papers, added once and reused, and the
results issued to them, each under its result code.

Services (`document_*`) and selectors (`documents_of`, `document_of`). Every read and change
is limited to the owner's own documents: another user's document is answered as absent.
Results are placed here by the agency's side (`document_store_result`, called by the
dossiers app after a result is returned); this app knows nothing of dossiers.
"""

import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import files
from .models import DocumentKind, StoredDocument

TITLE_MAX = 255


class DocumentError(Exception):
    """An error of the document store, with its HTTP status, code, message and fields."""

    status = 400
    code = "invalid"
    default_message = gettext_lazy("Dữ liệu gửi lên không hợp lệ.")

    def __init__(self, message=None, *, fields=None):
        self.message = message or self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))


class BadDocument(DocumentError):
    """400: the file or the title does not fit; `fields` says which and why."""


class DocumentNotFound(DocumentError):
    """404: no such document in the user's own store (another user's is never revealed)."""

    status = 404
    code = "not_found"
    default_message = gettext_lazy("Không tìm thấy giấy tờ trong kho dữ liệu cá nhân.")


class DocumentProtected(DocumentError):
    """403: a result issued by an agency stays in the store; it cannot be deleted."""

    status = 403
    code = "permission_denied"
    default_message = gettext_lazy(
        "Kết quả giải quyết thủ tục hành chính được lưu lâu dài, không xóa được."
    )


# ---- Selectors -----------------------------------------------------------------------------


def documents_of(owner) -> QuerySet[StoredDocument]:
    """The owner's documents, newest first (nothing for an anonymous user)."""
    if not getattr(owner, "is_authenticated", False):
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(owner_id=owner.pk).order_by("-created_at", "id")


def document_of(*, owner, document_id) -> StoredDocument | None:
    """One of the owner's documents, or None (absent, not theirs, or not an id)."""
    try:
        document_id = uuid.UUID(str(document_id))
    except (TypeError, ValueError, AttributeError):
        return None
    return documents_of(owner).filter(pk=document_id).first()


# ---- Services ------------------------------------------------------------------------------


@transaction.atomic
def document_add(*, owner, upload, title: str = "") -> StoredDocument:
    """Add one of the applicant's own papers (PDF, JPG, PNG, DOCX, XLSX, ODT; checked by its
    bytes). Without a title, the file name is the title."""
    if not getattr(owner, "is_authenticated", False) or not owner.is_active:
        raise DocumentNotFound()
    try:
        meta = files.inspect_upload(upload)
    except files.FileRejected as error:
        raise BadDocument(fields=error.fields) from None
    title = _title(title, meta["original_name"])
    document = StoredDocument(owner=owner, kind=DocumentKind.OWN, title=title, **meta)
    document.file.save(meta["original_name"], upload, save=False)
    document.save()
    return document


def document_store_result(
    *,
    owner_id,
    result_code: str,
    title: str,
    issuer: str,
    issued_at,
    content: bytes | None,
    name: str = "",
) -> StoredDocument:
    """Keep a result issued to `owner_id` under its code. Idempotent on (owner, result code):
    storing it again returns the document already there (adding the file if it had none)."""
    result_code = (result_code or "").strip()
    if not result_code:
        raise BadDocument(fields={"result_code": [_("Thiếu mã kết quả.")]})
    found = StoredDocument.objects.filter(owner_id=owner_id, result_code=result_code).first()
    if found is not None:
        if content is not None and not found.file:
            _attach_bytes(found, content, name)
            found.save()
        return found
    document = StoredDocument(
        owner_id=owner_id,
        kind=DocumentKind.RESULT,
        title=(title or "").strip()[:TITLE_MAX] or result_code,
        result_code=result_code,
        issuer=(issuer or "")[:255],
        issued_at=issued_at,
    )
    if content is not None:
        _attach_bytes(document, content, name)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Stored at the same moment by another worker: theirs stands, our copy goes.
        if document.file:
            document.file.storage.delete(document.file.name)
        return StoredDocument.objects.get(owner_id=owner_id, result_code=result_code)
    return document


@transaction.atomic
def document_delete(*, owner, document_id) -> None:
    """Delete one of the owner's own papers (and its file, once committed). Results stay."""
    document = document_of(owner=owner, document_id=document_id)
    if document is None:
        raise DocumentNotFound()
    document = StoredDocument.objects.select_for_update().get(pk=document.pk)
    if document.kind == DocumentKind.RESULT:
        raise DocumentProtected()
    name, storage = document.file.name, document.file.storage
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# ---- Helpers -------------------------------------------------------------------------------


def _title(title, original_name) -> str:
    title = (title or "").strip()
    if not title:
        stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
        title = stem.strip() or original_name
    if len(title) > TITLE_MAX:
        raise BadDocument(
            fields={"title": [_("Tên giấy tờ tối đa %(n)s ký tự.") % {"n": TITLE_MAX}]}
        )
    return title


def _attach_bytes(document, content, name):
    meta = files.inspect_bytes(content, name or f"{document.result_code}.pdf")
    for field, value in meta.items():
        setattr(document, field, value)
    document.file.save(meta["original_name"], ContentFile(content), save=False)
