"""The end of a dossier and its appointment: return of the result, withdrawal, stop, and the one
new appointment (Mẫu 04)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines
from ..errors import BadInput, Conflict
from ..models import Dossier, SignatureStatus
from ..states import Action, ReturnChannel, State
from ._core import (
    _begin,
    _calendar,
    _due,
    _fire,
    _reason,
    _require,
    _save,
    _touched,
    _write_event,
)


@transaction.atomic
def dossier_return(*, dossier_id, actor, channel: str, details: dict) -> Dossier:
    """Hand the result over: at the desk (who collected it, their ID), by post (tracking
    number) or online (the electronic result)."""
    now, dossier = _begin(dossier_id, actor, Action.RETURN)
    details = _return_details(dossier, channel, details or {})
    return _fire(
        dossier,
        actor,
        Action.RETURN,
        now=now,
        data={"channel": channel, **details},
        at=now,
        channel=channel,
        details=details,
    )


def _return_details(dossier, channel, details):
    if channel == ReturnChannel.DESK:
        name = _detail(details, "collector_name", _("Cần họ tên người nhận kết quả."))
        id_number = _detail(
            details, "collector_id_number", _("Cần số giấy tờ tùy thân của người nhận.")
        )
        return {"collector_name": name, "collector_id_number": id_number}
    if channel == ReturnChannel.POST:
        tracking = _detail(details, "tracking_number", _("Cần số hiệu bưu gửi."))
        return {"tracking_number": tracking}
    if channel == ReturnChannel.ONLINE:
        signed = dossier.results.filter(signature_status=SignatureStatus.SIGNED, file__isnull=False)
        results = [r.code for r in signed]
        if not results:
            message = (
                _("Kết quả đang chờ ký số: trả trực tuyến khi văn bản điện tử đã được ký.")
                if dossier.results.exists()
                else _("Chưa có kết quả điện tử để trả trực tuyến.")
            )
            raise BadInput(fields={"channel": [message]})
        return {"results": results}
    raise BadInput(fields={"channel": [_("Hình thức trả kết quả không hợp lệ.")]})


def _detail(details, field, message):
    return _require(str(details.get(field, "")).strip(), field, message)


@transaction.atomic
def dossier_request_withdrawal(*, dossier_id, actor, reason: str = "") -> Dossier:
    now, dossier = _begin(dossier_id, actor, Action.REQUEST_WITHDRAWAL)
    return _fire(dossier, actor, Action.REQUEST_WITHDRAWAL, now=now, reason=reason)


@transaction.atomic
def dossier_stop(*, dossier_id, actor, reason: str) -> Dossier:
    now, dossier = _begin(dossier_id, actor, Action.STOP)
    return _fire(dossier, actor, Action.STOP, now=now, reason=_reason(reason))


def reschedule_refusal(dossier, *, now, calendar=None) -> str:
    """Why the one apology with a new date cannot be sent at `now` ("" when it can): the rule
    of the law in one place, for the service and for the pages that propose it."""
    if dossier.rescheduled_to:
        return _("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa.")
    if dossier.due_at is None:
        return _("Hồ sơ đang tạm dừng tính thời hạn; chưa thể hẹn lại.")
    calendar = calendar or _calendar(dossier)
    if not deadlines.is_before_due_by_a_working_day(now, dossier.due_at, calendar=calendar):
        return _("Phải gửi văn bản xin lỗi và hẹn lại chậm nhất một ngày làm việc trước hạn.")
    return ""


def apology_due(dossier, *, now, calendar=None) -> bool:
    """Whether to propose the apology with a new date now (page banner, the sweep's notice):
    the unit is working on the dossier (the clock runs, not waiting for the applicant, not yet
    submitted for approval), it was received on an earlier day, the apology is still allowed
    today and no longer on the next working day."""
    if dossier.state != State.IN_PROGRESS or reschedule_refusal(
        dossier, now=now, calendar=calendar
    ):
        return False
    calendar = calendar or _calendar(dossier)
    today = deadlines.to_local(now).date()
    start = dossier.clock_start
    if start is None or deadlines.to_local(start).date() >= today:
        return False
    next_opening = calendar.opening(calendar.next_working_day(today))
    return not deadlines.is_before_due_by_a_working_day(
        next_opening, dossier.due_at, calendar=calendar
    )


@transaction.atomic
def dossier_reschedule(*, dossier_id, actor, new_date: datetime.date, reason: str) -> Dossier:
    """Mẫu 04: apology and one new appointment, at least one working day before the due
    date. The state does not change; statistics keep the original due time."""
    now, dossier = _begin(dossier_id, actor, Action.RESCHEDULE)
    reason = _reason(reason)
    refusal = reschedule_refusal(dossier, now=now)
    if refusal:
        raise Conflict(refusal)
    if not isinstance(new_date, datetime.date) or new_date <= timezone.localdate(dossier.due_at):
        raise BadInput(fields={"new_date": [_("Ngày hẹn mới phải sau hạn hiện tại.")]})
    previous = dossier.due_at
    dossier.rescheduled_to = new_date
    # During a wait the engine gives no due time; the new appointment holds whatever the wait.
    dossier.due_at = _due(dossier, closing_at=now)
    _touched(dossier, now)
    _save(dossier)
    _write_event(
        dossier,
        actor,
        Action.RESCHEDULE,
        now=now,
        from_state=dossier.state,
        reason=reason,
        data={"previous_due_at": previous.isoformat(), "new_due_at": dossier.due_at.isoformat()},
        files=(),
        step_due=None,
    )
    return dossier
