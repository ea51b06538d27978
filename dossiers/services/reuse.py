"""Reuse of a paper from the applicant's personal document store as a dossier component
("declare once"): the stored file is copied into the dossier, marked as reused.

The same checks as uploading (`dossier_attach_file`), in the same order: 404 (the dossier is
not visible), 409 (finished, or not a state where the applicant adds papers), 403 (not the
applicant), 400 (not a component of the dossier's procedure version, or one that cannot come
from the store), then 404 when the document is not in the actor's own store.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from citizens.documents import document_of

from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed, NotFound
from ..models import DossierFile
from ..states import READ_ONLY, Actor, State
from ._core import _locked, _new_file, _refuse_shown_only
from .drafts import UPLOAD_STATES

# The states in which the applicant adds papers, and the kind of file each makes.
REUSE_STATES = {
    state: kind for state, (actors, kind) in UPLOAD_STATES.items() if Actor.APPLICANT in actors
}


@transaction.atomic
def dossier_attach_stored(*, dossier_id, actor, component_id, document_id) -> DossierFile:
    """Attach a document of the actor's own store to a component of their dossier."""
    dossier = _locked(dossier_id)
    if not perms.can_view(dossier, actor):
        raise NotFound()
    if dossier.state in READ_ONLY:
        raise Conflict(_("Hồ sơ đã kết thúc: chỉ được xem."))
    kind = REUSE_STATES.get(State(dossier.state))
    if kind is None:
        raise Conflict(_("Không thể thêm giấy tờ ở trạng thái hiện tại của hồ sơ."))
    if dossier.applicant_id is None or dossier.applicant_id != actor.pk:
        raise NotAllowed(_("Chỉ người nộp hồ sơ được lấy giấy tờ từ kho dữ liệu cá nhân."))
    component = _component(dossier, component_id)
    document = document_of(owner=actor, document_id=document_id)
    if document is None:
        raise NotFound(_("Không tìm thấy giấy tờ trong kho dữ liệu cá nhân."))
    if not document.file:
        raise BadInput(fields={"document": [_("Giấy tờ này không có tệp điện tử để đính kèm.")]})
    meta = {
        "original_name": document.original_name,
        "size": document.size,
        "sha256": document.sha256,
        "content_type": document.content_type,
    }
    try:
        with document.file.open("rb") as handle:
            return _new_file(
                dossier,
                actor=actor,
                kind=kind,
                content=handle,
                meta=meta,
                component=component,
                reused=True,
            )
    except FileNotFoundError:
        raise NotFound(_("Không tìm thấy tệp của giấy tờ trong kho.")) from None


def _component(dossier, component_id):
    if component_id in (None, ""):
        raise BadInput(fields={"component": [_("Cần chọn thành phần hồ sơ cho giấy tờ.")]})
    try:
        component = dossier.version.components.filter(pk=int(component_id)).first()
    except (TypeError, ValueError):
        component = None
    if component is None:
        raise BadInput(fields={"component": [_("Thành phần này không thuộc thủ tục của hồ sơ.")]})
    _refuse_shown_only(dossier, component)
    if not component.from_document_store:
        raise BadInput(
            fields={"component": [_("Thành phần này không nhận giấy tờ từ kho dữ liệu cá nhân.")]}
        )
    return component
