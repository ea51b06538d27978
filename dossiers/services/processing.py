"""At the competent agency: supplement requests and answers, payment, submission for approval,
sending back, approval and denial."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from .. import codes, deadlines
from ..errors import BadInput, Conflict
from ..models import Dossier, FileKind
from ..signing import issue
from ..states import Action, Outcome
from ._core import (
    _after_wait,
    _begin,
    _files,
    _fire,
    _missing,
    _reason,
    _require,
    _second_request,
    _unit_specialist,
)


@transaction.atomic
def dossier_request_supplement(
    *, dossier_id, actor, reason: str, missing: list[str], override: bool = False
) -> Dossier:
    """During processing: once, the clock pauses; a second needs the head's override and
    counts as late."""
    now, dossier = _begin(dossier_id, actor, Action.REQUEST_SUPPLEMENT)
    reason = _reason(reason)
    missing = _missing(missing, _("Cần liệt kê đầy đủ các giấy tờ phải bổ sung."))
    unit_id = dossier.processing_unit_id or dossier.competent_agency_id
    late = _second_request(dossier.supplement_requests, actor, unit_id, override, _("bổ sung"))
    return _fire(
        dossier,
        actor,
        Action.REQUEST_SUPPLEMENT,
        now=now,
        reason=reason,
        data={"missing": missing, "override": late},
        at=now,
        late=late,
    )


@transaction.atomic
def dossier_claim(*, dossier_id, actor) -> Dossier:
    """A specialist of the processing unit takes an unassigned dossier for themselves (the
    head of unit assigns and reassigns with `dossier_assign`). Not a hand-over: the step's
    time budget runs on."""
    now, dossier = _begin(dossier_id, actor, Action.CLAIM)
    if dossier.assignee_id is not None:
        raise Conflict(
            _("Hồ sơ đã được giao cho %(name)s.") % {"name": dossier.assignee.get_full_name()}
        )
    return _fire(dossier, actor, Action.CLAIM, now=now, data={"assignee": actor.pk}, assignee=actor)


@transaction.atomic
def dossier_assign(*, dossier_id, actor, assignee_id) -> Dossier:
    """The head of the processing unit gives the dossier to one of the unit's specialists, or
    to another one. An assignment inside the unit, not a hand-over: the dossier stays with the
    unit and the step's time budget runs on."""
    now, dossier = _begin(dossier_id, actor, Action.ASSIGN)
    unit = dossier.processing_unit or dossier.competent_agency
    assignee = _unit_specialist(unit, assignee_id)
    if assignee is None:
        raise BadInput(
            fields={"assignee": [_("Người được giao phải là chuyên viên của đơn vị xử lý.")]}
        )
    if dossier.assignee_id == assignee.pk:
        raise Conflict(
            _("Hồ sơ đã được giao cho %(name)s.")
            % {"name": assignee.get_full_name() or assignee.get_username()}
        )
    return _fire(
        dossier, actor, Action.ASSIGN, now=now, data={"assignee": assignee.pk}, assignee=assignee
    )


@transaction.atomic
def dossier_supplement(*, dossier_id, actor, note: str = "", file_ids=()) -> Dossier:
    """The applicant's answer: the clock resumes (or restarts, as the procedure says)."""
    now, dossier = _begin(dossier_id, actor, Action.SUPPLEMENT)
    files = _files(dossier, file_ids)
    return _fire(
        dossier,
        actor,
        Action.SUPPLEMENT,
        now=now,
        reason=note,
        files=files,
        **_after_wait(dossier, now),
    )


@transaction.atomic
def dossier_request_payment(*, dossier_id, actor, amount, description: str) -> Dossier:
    now, dossier = _begin(dossier_id, actor, Action.REQUEST_PAYMENT)
    amount = _amount(amount)
    description = _require(
        (description or "").strip(), "description", _("Cần ghi nội dung khoản phải nộp.")
    )
    return _fire(
        dossier,
        actor,
        Action.REQUEST_PAYMENT,
        now=now,
        reason=description,
        data={"amount": str(amount)},
        at=now,
    )


def _amount(value):
    try:
        amount = Decimal(str(value))
    except (ArithmeticError, ValueError):
        raise BadInput(fields={"amount": [_("Số tiền không hợp lệ.")]}) from None
    if amount <= 0 or amount != amount.to_integral_value():
        raise BadInput(fields={"amount": [_("Số tiền phải là số đồng nguyên dương.")]})
    return amount


@transaction.atomic
def dossier_record_payment(*, dossier_id, actor, receipt_number: str, amount) -> Dossier:
    now, dossier = _begin(dossier_id, actor, Action.RECORD_PAYMENT)
    receipt = _require((receipt_number or "").strip(), "receipt_number", _("Cần số biên lai."))
    amount = _amount(amount)
    return _fire(
        dossier,
        actor,
        Action.RECORD_PAYMENT,
        now=now,
        data={"receipt_number": receipt, "amount": str(amount)},
        **_after_wait(dossier, now),
    )


@transaction.atomic
def dossier_submit_for_approval(*, dossier_id, actor, note: str = "", file_ids=()) -> Dossier:
    now, dossier = _begin(dossier_id, actor, Action.SUBMIT_FOR_APPROVAL)
    files = _files(dossier, file_ids)
    return _fire(dossier, actor, Action.SUBMIT_FOR_APPROVAL, now=now, reason=note, files=files)


@transaction.atomic
def dossier_send_back(*, dossier_id, actor, reason: str) -> Dossier:
    now, dossier = _begin(dossier_id, actor, Action.SEND_BACK)
    return _fire(dossier, actor, Action.SEND_BACK, now=now, reason=_reason(reason))


@transaction.atomic
def dossier_approve(*, dossier_id, actor, summary: str = "", result_file_id=None) -> Dossier:
    """The leader approves: the result is numbered `<code>-KQn`."""
    return _resolve(dossier_id, actor, Action.APPROVE, summary, result_file_id)


@transaction.atomic
def dossier_deny(*, dossier_id, actor, reason: str, result_file_id=None) -> Dossier:
    """The leader denies, with reasons; the written reply is the result `<code>-KQn`."""
    return _resolve(dossier_id, actor, Action.DENY, reason, result_file_id)


def _approved_draft(dossier, file_id, outcome):
    if not file_id:
        return None
    draft = _files(
        dossier, [file_id], field="result_file", kinds=(FileKind.RESULT, FileKind.ATTACHMENT)
    )[0]
    content = draft.draft_content or {}
    if not content.get("body"):
        raise BadInput(
            fields={
                "result_file": [
                    _(
                        "Chỉ chọn được dự thảo kết quả lập trên hệ thống; văn bản ban hành được "
                        "in lại từ nội dung dự thảo, có số, ngày và chữ ký số."
                    )
                ]
            }
        )
    if content.get("outcome") != outcome:
        raise BadInput(
            fields={
                "result_file": [
                    _("Dự thảo này là dự thảo từ chối giải quyết.")
                    if outcome == Outcome.APPROVED
                    else _("Dự thảo này là dự thảo giải quyết, không phải văn bản từ chối.")
                ]
            }
        )
    return draft


def _default_body(dossier) -> str:
    return _("Chấp thuận giải quyết thủ tục %(procedure)s theo đề nghị của Ông/Bà %(name)s.") % {
        "procedure": dossier.version.name,
        "name": dossier.applicant_name,
    }


def _resolve(dossier_id, actor, action, text, result_file_id):
    """Approve or deny: the result is numbered and recorded with what it says — the chosen
    draft's content, else the leader's own words — and its document is rendered and signed
    after the commit (dossiers.signing.issue). A draft is never the result's file, and only
    a draft printed on the portal can be chosen (an applicant's paper never)."""
    now, dossier = _begin(dossier_id, actor, action)
    text = _reason(text) if action == Action.DENY else (text or "").strip()
    outcome = Outcome.APPROVED if action == Action.APPROVE else Outcome.DENIED
    draft = _approved_draft(dossier, result_file_id, outcome)
    body = (draft.draft_content or {}).get("body", "") if draft else ""
    body = body or text or _default_body(dossier)
    number = codes.next_result_number(dossier)
    result = issue.allocate(
        dossier=dossier,
        actor=actor,
        number=number,
        code=codes.result_code(dossier.code, number),
        outcome=outcome,
        summary=text,
        body=body,
        draft=draft,
        now=now,
    )
    files = [draft] if draft else []
    timeliness = deadlines.timeliness(now, dossier.original_due_at)
    if dossier.flagged_late:
        timeliness = deadlines.Timeliness.LATE
    return _fire(
        dossier,
        actor,
        action,
        now=now,
        reason=text if action == Action.DENY else "",
        data={"result_code": result.code, "summary": text, "dossier_timeliness": timeliness},
        files=files,
        at=now,
    )
