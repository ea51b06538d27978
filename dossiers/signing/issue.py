"""Issuing a result: what approval records, and the signed document made after the commit.

On approval (`allocate`, inside the approving transaction) a result gets its number and
symbol in the issuing agency's register of the year, its body (the approved draft's content,
or the leader's own words), its signer and a verification code; its document does not exist
yet. After the commit the job `issue_results` (dossiers.effects) renders the document from
those facts (`results/issued.html`: no "DỰ THẢO", the number, the result code, the signer's
title and name, a QR code and the verification code), signs it with the agency's credential
(`signer.sign_pdf`) and keeps it as the result's file, named after the result code.

Idempotent: a signed result is left as it is. A failure marks the result "failed" with its
reason and raises, so the effects' runner retries it with backoff; the first failure tells
the desk and the agency's leaders that the result awaits its signature.
"""

import hashlib
import logging
import secrets
from urllib.parse import urlencode

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.models import Agency, Membership, Role
from procedures.text import normalize

from ..models import DossierFile, DossierResult, FileKind, SignatureStatus
from ..slips import parts, pdf
from ..states import Outcome
from .signer import (
    PERSON_FIELD_NAME,
    POINTS_PER_CSS_PX,
    Box,
    SigningUnavailable,
    has_personal_credential,
    sign_pdf,
)

log = logging.getLogger(__name__)

TEMPLATE = "results/issued.html"
SIGNATURE_ANCHOR = "chu-ky-so"
# Crockford's base32 without I, L, O, U: nothing to misread when typed from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
# Words that start the place in an agency's name ("Ủy ban nhân dân phường Ninh Kiều").
PLACE_WORDS = {"phuong", "xa", "thanh", "tinh", "quan", "huyen", "thi", "dac", "tp"}


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def grouped(code: str) -> str:
    """ "ABCD-EFGH-JKMN", as printed and typed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def clean_code(text: str) -> str:
    """A code as typed: spaces and dashes dropped, upper case, O read as 0, I and L as 1."""
    text = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return text.replace("O", "0").replace("I", "1").replace("L", "1")


def document_symbol(agency: Agency) -> str:
    """The issuing agency's abbreviation in the document symbol: the initials of its name
    before the place ("Ủy ban nhân dân phường Ninh Kiều" → "UBND", "Sở Tư pháp thành phố Cần
    Thơ" → "STP"). NĐ 30/2020 writes "Số: <n>/<type>-<agency>"; the type of a result varies
    by procedure, so "KQ" stands for it (reasoned, not from a template)."""
    initials = []
    for word in normalize(agency.name).split():
        if word in PLACE_WORDS and initials:
            break
        initials.append(word[0].upper())
    return "".join(initials) or agency.code


def signer_identity(user, agency) -> tuple[str, str]:
    """(name, title) printed under the signature: the leader's title in the issuing agency
    (Membership.title), else the title of the role."""
    name = user.get_full_name() or user.get_username()
    membership = (
        Membership.objects.filter(user=user, agency=agency, role=Role.LEADER)
        .exclude(title="")
        .first()
    )
    title = membership.title if membership else str(Role.LEADER.label)
    return name, title


def allocate(
    *, dossier, actor, number: int, code: str, outcome, summary: str, body: str, draft, now
):
    """The result row written by approval (inside its transaction): numbered in the issuing
    agency's register of the year under a lock of the agency's row."""
    issuer = Agency.objects.select_for_update().get(pk=dossier.competent_agency_id)
    year = timezone.localtime(now).year
    last = (
        DossierResult.objects.filter(issuer=issuer, issue_year=year)
        .order_by("-issue_sequence")
        .values_list("issue_sequence", flat=True)
        .first()
    )
    sequence = (last or 0) + 1
    name, title = signer_identity(actor, issuer)
    return DossierResult.objects.create(
        dossier=dossier,
        number=number,
        code=code,
        outcome=outcome,
        summary=summary,
        body=body,
        draft=draft,
        issued_at=now,
        issued_by=actor,
        issuer=issuer,
        issue_year=year,
        issue_sequence=sequence,
        issue_number=f"{sequence}/KQ-{document_symbol(issuer)}",
        signer_name=name,
        signer_title=title,
        verification_code=new_verification_code(),
        signature_status=SignatureStatus.PENDING,
    )


def verify_url(result=None) -> str:
    base = f"{parts.site_url()}{reverse('dossiers:verify')}"
    if result is None:
        return base
    return f"{base}?{urlencode({'ma': grouped(result.verification_code)})}"


def context_for(result) -> dict:
    dossier = result.dossier
    issuer = result.issuer or dossier.competent_agency
    return {
        "dossier": dossier,
        "denied": result.outcome == Outcome.DENIED,
        "title": _("Văn bản từ chối giải quyết hồ sơ thủ tục hành chính")
        if result.outcome == Outcome.DENIED
        else _("Văn bản giải quyết hồ sơ thủ tục hành chính"),
        "issuer": issuer,
        "governing": issuer.parent,
        "desk": dossier.receiving_unit,
        "place": parts.place_name(issuer),
        "issued_on": parts.words_date(result.issued_at),
        "received": parts.words_date(dossier.received_at),
        "procedure_name": dossier.version.name,
        "applicant": {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "address": dossier.applicant_address,
        },
        "paragraphs": [line.strip() for line in result.body.splitlines() if line.strip()],
        "issue_number": result.issue_number,
        "result_code": result.code,
        "signer_name": result.signer_name,
        "signer_title": result.signer_title,
        "verification_code": grouped(result.verification_code),
        "verify_url": verify_url(),
        "qr": parts.qr_svg_uri(verify_url(result)),
    }


def render(result) -> tuple[bytes, Box]:
    """The unsigned document and the box its signature goes in."""
    document = pdf.template_document(TEMPLATE, context_for(result))
    found = [
        (index, page.anchors[SIGNATURE_ANCHOR])
        for index, page in enumerate(document.pages)
        if SIGNATURE_ANCHOR in page.anchors
    ]
    if not found:  # the template always has the anchor: a missing one is a bug to see at once
        raise LookupError(f"no #{SIGNATURE_ANCHOR} in {TEMPLATE}")
    index, (x1, y1, x2, y2) = found[0]  # CSS px from the top left of the page
    page_height = document.pages[index].height * POINTS_PER_CSS_PX
    rect = (
        int(x1 * POINTS_PER_CSS_PX),
        int(page_height - y2 * POINTS_PER_CSS_PX),
        int(x2 * POINTS_PER_CSS_PX),
        int(page_height - y1 * POINTS_PER_CSS_PX),
    )
    return document.write_pdf(), Box(page=index, rect=rect)


def _lines(result) -> tuple[str, str, str]:
    from .models import Appearance, SigningCredential

    credential = SigningCredential.objects.filter(agency=result.issuer).first()
    issuer = result.issuer.name
    if credential is not None and credential.appearance == Appearance.SEAL:
        return issuer, _("Cơ quan ban hành"), result.issue_number
    return result.signer_name, result.signer_title, issuer


def issue_result(result_id) -> DossierResult:
    """Render, sign and keep the document of one result (see the module's docstring)."""
    failure = None
    with transaction.atomic():
        result = (
            DossierResult.objects.select_for_update(of=("self",))
            .select_related("dossier", "issuer", "issued_by")
            .get(pk=result_id)
        )
        if result.signature_status == SignatureStatus.SIGNED and result.file_id:
            return result
        try:
            content, box = render(result)
            signed = _sign(result, content, box)
        except Exception as error:  # noqa: BLE001 - recorded below, then raised for a retry
            failure = error
        else:
            _keep(result, signed)
    if failure is not None:
        _failed(result, failure)
        raise failure
    return result


def _sign(result, content: bytes, box) -> bytes:
    """The agency's signature in the box; or, when the approving leader has a personal
    credential, the leader's in the box first and then the agency's, invisible (NĐ 30/2020:
    the person signs, then the records office for the agency)."""
    reason = _("Ban hành kết quả %(code)s") % {"code": result.code}
    location = parts.place_name(result.issuer) or result.issuer.name
    if not has_personal_credential(result.issued_by):
        return sign_pdf(
            content,
            agency=result.issuer,
            box=box,
            lines=_lines(result),
            reason=reason,
            location=location,
        )
    by_leader = sign_pdf(
        content,
        agency=result.issuer,
        person=result.issued_by,
        field_name=PERSON_FIELD_NAME,
        box=box,
        lines=(result.signer_name, result.signer_title, result.issuer.name),
        reason=reason,
        location=location,
    )
    return sign_pdf(
        by_leader,
        agency=result.issuer,
        box=None,
        lines=(result.issuer.name, "", ""),
        reason=reason,
        location=location,
    )


def _keep(result, signed: bytes) -> None:
    stored = DossierFile(
        dossier=result.dossier,
        kind=FileKind.RESULT,
        original_name=f"{result.code}.pdf",
        size=len(signed),
        sha256=hashlib.sha256(signed).hexdigest(),
        content_type="application/pdf",
        uploaded_by=result.issued_by,
    )
    stored.file.save(stored.original_name, ContentFile(signed), save=False)
    stored.save()
    result.file = stored
    result.signature_status = SignatureStatus.SIGNED
    result.signed_at = timezone.now()
    result.signature_error = ""
    result.save(update_fields=["file", "signature_status", "signed_at", "signature_error"])


def _failed(result, error) -> None:
    """Recorded in its own commit; the first failure is told to the staff concerned."""
    first = result.signature_status != SignatureStatus.FAILED
    # Our own words for the staff as they are; anything else with the kind of error.
    worded = isinstance(error, SigningUnavailable)
    reason = (str(error) if worded else f"{type(error).__name__}: {error}")[:500]
    DossierResult.objects.filter(pk=result.pk).update(
        signature_status=SignatureStatus.FAILED, signature_error=reason
    )
    log.warning("result %s could not be signed: %s", result.code, reason)
    if first:
        from ..effects import signing_failed

        signing_failed(result.pk, reason)


def issue_pending(dossier_id) -> list[DossierResult]:
    """Issue every result of the dossier that is not signed yet (the effects' job). A dossier
    returned before its results were signed has them put in the applicant's store then; that
    step is idempotent and runs on every attempt, so a retry after it failed still does it."""
    from ..results import store_results_of

    ids = DossierResult.objects.filter(
        dossier_id=dossier_id,
        signature_status__in=[SignatureStatus.PENDING, SignatureStatus.FAILED],
    )
    issued = [issue_result(pk) for pk in ids.values_list("pk", flat=True)]
    store_results_of(dossier_id)  # does nothing unless the dossier was returned
    return issued
