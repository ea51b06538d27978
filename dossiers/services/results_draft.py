"""A draft of the result printed from a template: the specialist types the substance (what is
granted, or the reasons of a denial) and the portal prints it as an A4 PDF with the national
header, the competent agency, the dossier, the place and date line and the leader's signature
caption, in the slips' typography (`slips.render.template_pdf`). The PDF is kept as an internal
working paper of the dossier through `dossier_attach_file`, so a generated draft and an uploaded
one follow one path: listed with the papers, ticked when submitting for approval.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed
from ..models import DossierFile
from ..slips import render
from ..states import Actor, Outcome, State
from ._core import _check_open, _locked, _state
from .drafts import dossier_attach_file

TEMPLATE = "results/draft.html"
BODY_MAX = 5000
# Who drafts the result, and when: the specialists and heads of the processing unit while the
# dossier is being appraised (the kind of paper `UPLOAD_STATES` gives them then).
DRAFTERS = frozenset({Actor.SPECIALIST, Actor.HEAD})
DRAFT_KINDS = {
    Outcome.APPROVED.value: gettext_lazy("Dự thảo văn bản giải quyết"),
    Outcome.DENIED.value: gettext_lazy("Dự thảo văn bản từ chối giải quyết"),
}
TITLES = {
    Outcome.APPROVED.value: gettext_lazy("Văn bản giải quyết hồ sơ thủ tục hành chính"),
    Outcome.DENIED.value: gettext_lazy("Văn bản từ chối giải quyết hồ sơ thủ tục hành chính"),
}


@transaction.atomic
def dossier_draft_result(*, dossier_id, actor, outcome: str, body: str) -> DossierFile:
    """Print the draft result of `outcome` ("approved" or "denied") with `body` and keep it as
    an internal file of the dossier. 404 unseen, 403 not a specialist or head of the unit, 409
    not in progress, 400 no outcome or no body (or a body too long)."""
    dossier = _locked(dossier_id)
    _check_open(dossier, actor)
    if not DRAFTERS & perms.actors_for(dossier, actor):
        raise NotAllowed()
    if dossier.state != State.IN_PROGRESS:
        raise Conflict(
            _("Chỉ lập dự thảo kết quả khi hồ sơ đang xử lý; hồ sơ đang ở trạng thái “%(state)s”.")
            % _state(dossier)
        )
    errors = {}
    if outcome not in DRAFT_KINDS:
        errors["outcome"] = [_("Cần chọn loại dự thảo: giải quyết hoặc từ chối giải quyết.")]
    body = (body or "").strip()
    if not body:
        errors["body"] = [
            _(
                "Cần nhập nội dung của dự thảo: nội dung được giải quyết, hoặc lý do từ chối "
                "giải quyết."
            )
        ]
    elif len(body) > BODY_MAX:
        errors["body"] = [
            _("Nội dung dự thảo dài tối đa %(max)s ký tự (hiện có %(count)s).")
            % {"max": f"{BODY_MAX:,}".replace(",", "."), "count": len(body)}
        ]
    if errors:
        raise BadInput(fields=errors)
    content = draft_pdf(dossier, outcome=outcome, body=body, author=actor)
    upload = ContentFile(content, name=draft_name(dossier, outcome))
    stored = dossier_attach_file(dossier_id=dossier.pk, actor=actor, upload=upload)
    # What it says, for approval to issue the final document from.
    stored.draft_content = {"outcome": str(outcome), "body": body}
    stored.save(update_fields=["draft_content"])
    return stored


def draft_name(dossier, outcome: str) -> str:
    prefix = "du-thao-ket-qua" if outcome == Outcome.APPROVED else "du-thao-tu-choi"
    return f"{prefix}-{dossier.code or dossier.pk}.pdf"


def draft_context(dossier, *, outcome: str, body: str, author, now=None) -> dict:
    """What `results/draft.html` prints."""
    now = now or timezone.now()
    issuer = dossier.competent_agency
    return {
        "dossier": dossier,
        "outcome": outcome,
        "denied": outcome == Outcome.DENIED,
        "kind": DRAFT_KINDS[outcome],
        "title": TITLES[outcome],
        "issuer": issuer,
        "governing": issuer.parent,
        "desk": dossier.receiving_unit,
        "place": render.place_name(issuer),
        "issued_on": render.words_date(now),
        "received": render.words_date(dossier.received_at),
        "procedure_name": dossier.version.name,
        "applicant": {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "address": dossier.applicant_address,
        },
        "paragraphs": [line.strip() for line in body.splitlines() if line.strip()],
        "author": author.get_full_name() or author.get_username(),
        "drafted_at": render.words_time(now),
    }


def draft_pdf(dossier, *, outcome: str, body: str, author) -> bytes:
    return render.template_pdf(
        TEMPLATE, draft_context(dossier, outcome=outcome, body=body, author=author)
    )
