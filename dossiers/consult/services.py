"""The consultation use cases: ask, answer, cancel. Each is one transaction that locks its
row, checks who may see it (404), who may act (403), the state (409) and its input (400), in
that order, like the dossier services; errors are `dossiers.errors`.

- ask: the dossier's specialist or head of unit (`permissions.actors_for`), while the dossier
  is in progress; to another open agency (not the dossier's own competent agency or
  processing unit, not a service centre), one open consultation per agency and dossier; a
  question; a budget of 0.5 to `MAX_DAYS` working days whose due time (from
  `dossiers.deadlines`, counted like any working-day budget from the asking time) falls no
  later than the dossier's due time; optionally files of the dossier;
- answer: once, by a specialist, head of unit or leader of the consulted agency, while the
  consultation is open and the dossier not finished; a text, optionally a file (checked like
  any upload, kept as a working paper of the dossier and shared with the consultation);
- cancel: by the dossier's specialist or head of unit, while open, with a reason.

No `DossierEvent` is written: the consultation row is its own record (who and when asked,
answered, cancelled), and the dossier's clock keeps running (see the package docstring).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from procedures.calendar import calendar_for
from procedures.models import Agency, AgencyKind, DurationUnit

from .. import deadlines, effects
from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed, NotFound
from ..files import inspect_upload
from ..models import DossierFile, FileKind
from ..services._core import _locked, _new_file
from ..states import READ_ONLY, Actor, State
from .models import Consultation, ConsultationState

ASKERS = frozenset({Actor.SPECIALIST, Actor.HEAD})
PROCESSORS = frozenset({Actor.SPECIALIST, Actor.HEAD, Actor.LEADER})
ASK_STATES = frozenset({State.IN_PROGRESS})
MAX_DAYS = Decimal("30")
TEXT_MAX = 4000


# ---- Who --------------------------------------------------------------------------------------


def may_ask(dossier, user) -> bool:
    """The dossier's specialist or head of unit (whatever its state)."""
    return bool(perms.actors_for(dossier, user) & ASKERS)


def consulted_agency_ids(user) -> set[int]:
    """The agencies where `user` holds a processing role: whose consultations they answer."""
    return {a for a, role in perms.memberships(user) if role in perms.PROCESSING_ROLES}


def may_answer(consultation, user) -> bool:
    return bool(
        getattr(user, "is_active", False)
        and consultation.to_agency_id in consulted_agency_ids(user)
    )


def processes(dossier, user) -> bool:
    """A specialist, head of unit or leader of the dossier (not its desk, not its applicant)."""
    return bool(perms.actors_for(dossier, user) & PROCESSORS)


def may_see(consultation, user) -> bool:
    """The consulted agency's processing staff, and the dossier's own processing staff. Not
    the applicant nor the desk: a consultation is a working paper between agencies."""
    return may_answer(consultation, user) or processes(consultation.dossier, user)


def asking_unit(dossier) -> Agency:
    """The unit that asks: the processing unit, or before a transfer the competent agency."""
    return dossier.processing_unit or dossier.competent_agency


def agencies_to_consult(dossier):
    """The agencies that may be consulted about `dossier`: open agencies other than its own
    competent agency and processing unit, except the service centres (they only receive)."""
    today = timezone.localdate()
    own = {dossier.competent_agency_id, dossier.processing_unit_id} - {None}
    return (
        Agency.objects.filter(Q(closed_on=None) | Q(closed_on__gt=today))
        .exclude(pk__in=own)
        .exclude(kind=AgencyKind.SERVICE_CENTRE)
        .order_by("name", "code")
    )


# ---- Ask --------------------------------------------------------------------------------------


def _text(value, field, message, limit=TEXT_MAX) -> str:
    text = (value or "").strip()
    if not text:
        raise BadInput(fields={field: [message]})
    if len(text) > limit:
        raise BadInput(
            fields={field: [_("Tối đa %(limit)d ký tự.") % {"limit": limit}]},
        )
    return text


def _days(value) -> Decimal:
    try:
        days = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError, TypeError):
        raise BadInput(fields={"days": [_("Số ngày làm việc không hợp lệ.")]}) from None
    if not days.is_finite() or days <= 0 or days > MAX_DAYS or (days * 2) % 1:
        raise BadInput(
            fields={
                "days": [
                    _("Thời hạn từ 0,5 đến %(max)s ngày làm việc, theo bước 0,5 ngày.")
                    % {"max": int(MAX_DAYS)}
                ]
            }
        )
    return days.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y")


def consultation_due(dossier, agency, asked_at, days) -> datetime.datetime:
    """The due time of an answer: `days` working days from `asked_at`, on the consulted
    agency's calendar (its province's, else the dossier's), by the deadline engine."""
    province = agency.province_code or dossier.receiving_unit.province_code
    return deadlines.due_at(
        received_at=asked_at,
        value=days,
        unit=DurationUnit.WORKING_DAY,
        calendar=calendar_for(province),
    )


@transaction.atomic
def consultation_ask(
    *, dossier_id, actor, agency_code, question, days, file_ids=()
) -> Consultation:
    now = timezone.now()
    dossier = _locked(dossier_id)
    if not perms.can_view(dossier, actor):
        raise NotFound()
    if dossier.state in READ_ONLY:
        raise Conflict(_("Hồ sơ đã kết thúc: chỉ được xem."))
    if not may_ask(dossier, actor):
        raise NotAllowed(
            _("Chỉ chuyên viên, trưởng phòng đang xử lý hồ sơ mới được xin ý kiến liên thông.")
        )
    if dossier.state not in ASK_STATES:
        raise Conflict(
            _("Chỉ xin ý kiến liên thông khi hồ sơ đang xử lý (hiện: %(state)s).")
            % {"state": State(dossier.state).label}
        )
    agency = agencies_to_consult(dossier).filter(code=(agency_code or "").strip()).first()
    if agency is None:
        raise BadInput(fields={"agency": [_("Chọn một cơ quan khác để xin ý kiến.")]})
    question = _text(question, "question", _("Cần nêu nội dung xin ý kiến."))
    days = _days(days)
    files = _dossier_files(dossier, file_ids)
    due = consultation_due(dossier, agency, now, days)
    if dossier.due_at is not None and due > dossier.due_at:
        raise BadInput(
            fields={
                "days": [
                    _(
                        "Hạn trả lời (%(due)s) vượt quá hạn giải quyết hồ sơ (%(dossier_due)s): "
                        "thời gian liên thông nằm trong thời hạn giải quyết."
                    )
                    % {"due": _local(due), "dossier_due": _local(dossier.due_at)}
                ]
            }
        )
    if dossier.consultations.filter(to_agency=agency, state=ConsultationState.OPEN).exists():
        raise Conflict(_("Đã xin ý kiến cơ quan này và đang chờ trả lời."))
    try:
        with transaction.atomic():
            consultation = Consultation.objects.create(
                dossier=dossier,
                asked_by=actor,
                from_agency=asking_unit(dossier),
                to_agency=agency,
                question=question,
                budget_days=days,
                asked_at=now,
                due_at=due,
            )
    except IntegrityError:
        raise Conflict(_("Đã xin ý kiến cơ quan này và đang chờ trả lời.")) from None
    if files:
        consultation.files.set(files)
    effects.consultation_asked(consultation, dossier)
    return consultation


def _dossier_files(dossier, file_ids) -> list[DossierFile]:
    ids = [str(i) for i in (file_ids or []) if str(i).strip()]
    if not ids:
        return []
    try:
        found = list(DossierFile.objects.filter(dossier=dossier, pk__in=ids))
    except (ValidationError, ValueError, TypeError):
        found = []
    if len(found) != len(set(ids)):
        raise BadInput(fields={"files": [_("Có tệp không thuộc hồ sơ này.")]})
    return found


# ---- Answer and cancel -----------------------------------------------------------------------


def _locked_consultation(consultation_id) -> Consultation:
    try:
        return (
            Consultation.objects.select_for_update(of=("self",))
            .select_related("dossier", "to_agency")
            .get(pk=int(str(consultation_id)))
        )
    except (Consultation.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Không tìm thấy yêu cầu xin ý kiến.")) from error


def _check_open(consultation) -> None:
    if consultation.state == ConsultationState.ANSWERED:
        raise Conflict(_("Yêu cầu xin ý kiến này đã được trả lời."))
    if consultation.state == ConsultationState.CANCELLED:
        raise Conflict(_("Yêu cầu xin ý kiến này đã bị hủy."))


@transaction.atomic
def consultation_answer(*, consultation_id, actor, answer, upload=None) -> Consultation:
    now = timezone.now()
    consultation = _locked_consultation(consultation_id)
    if not may_see(consultation, actor):
        raise NotFound(_("Không tìm thấy yêu cầu xin ý kiến."))
    if not may_answer(consultation, actor):
        raise NotAllowed(_("Chỉ cán bộ của cơ quan được hỏi ý kiến mới trả lời được."))
    _check_open(consultation)
    if consultation.dossier.state in READ_ONLY:
        raise Conflict(_("Hồ sơ đã kết thúc: không cần trả lời nữa."))
    answer = _text(answer, "answer", _("Cần nêu nội dung trả lời."))
    stored = None
    if upload is not None:
        stored = _new_file(
            consultation.dossier,
            actor=actor,
            kind=FileKind.ATTACHMENT,
            content=upload,
            meta=inspect_upload(upload),
        )
    consultation.state = ConsultationState.ANSWERED
    consultation.answer = answer
    consultation.answered_at = now
    consultation.answered_by = actor
    consultation.answer_file = stored
    consultation.save(
        update_fields=["state", "answer", "answered_at", "answered_by", "answer_file"]
    )
    if stored is not None:
        consultation.files.add(stored)
    return consultation


@transaction.atomic
def consultation_cancel(*, consultation_id, actor, reason) -> Consultation:
    now = timezone.now()
    consultation = _locked_consultation(consultation_id)
    if not may_see(consultation, actor):
        raise NotFound(_("Không tìm thấy yêu cầu xin ý kiến."))
    if not may_ask(consultation.dossier, actor):
        raise NotAllowed(
            _("Chỉ chuyên viên, trưởng phòng đang xử lý hồ sơ mới hủy được yêu cầu xin ý kiến.")
        )
    _check_open(consultation)
    reason = _text(reason, "reason", _("Cần nêu rõ lý do."))
    consultation.state = ConsultationState.CANCELLED
    consultation.cancelled_at = now
    consultation.cancelled_by = actor
    consultation.cancel_reason = reason
    consultation.save(update_fields=["state", "cancelled_at", "cancelled_by", "cancel_reason"])
    return consultation
