"""The flags of the workspaces' rows and pages: what needs doing first.

Every time in them comes from `dossiers.deadlines` (or from due times the deadline engine
computed), or from the mark the deadline sweep stored (`Dossier.stuck`). One `Flagger` serves
one list at one `now`, with one calendar per province, so the declared days off are read once.

- Reception (the desk's check, `reception`): the law wants it done at the latest the working day
  the dossier is officially received. A dossier still waiting whose official reception time is
  before the start of the current working day (the first opening of office hours at or after
  today's local midnight: on a Saturday, Monday 07:30) is *late* ("Tồn từ ngày trước"); one
  the applicant sent back after a completion request (Mẫu 02) is *resubmitted*: its
  official reception time was reset, so it would otherwise sit behind newer ones. Each row
  also shows the office time it has waited (`waited`). The hand-over is late past the desk
  step's due time (`step_due_at`), *due today* when it falls today; the return likewise with
  the appointment.
- Processing (`processing`): *late* past the appointment while the clock runs; *due soon* when
  the clock runs and the appointment falls within one working day (from the next working day
  on, the apology with a new date, Mẫu 04, would come too late); *step late* when the current
  step of the internal process is past its budget; *paused* while waiting for the applicant.
  `reschedule_proposed` says when to propose the apology: still allowed today and no longer on
  the next working day.
- Approval (`approval`): late, due today, the approval step late, and counted late.
- Consultations (`consultation`): overdue or due today while open; answered late.
- Any dossier the sweep found without an event for its unit's working hours: *stuck*.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers import deadlines
from dossiers.consult.models import ConsultationState
from dossiers.services import apology_due, reschedule_refusal
from dossiers.states import CLOCK_PAUSED, CLOCK_RUNNING, IN_PROCESS, State
from procedures.calendar import calendar_for


class Flag(NamedTuple):
    key: str  # late, due_today, due_soon, resubmitted, step_late, paused, counted_late, stuck
    label: str


LATE = _("Quá hạn")
DUE_TODAY = _("Đến hạn hôm nay")
DUE_SOON = _("Sắp đến hạn")
LATE_RECEPTION = _("Tồn từ ngày trước")
RESUBMITTED = _("Nộp lại sau hoàn thiện")
STEP_LATE = _("Chậm ở bước xử lý")
APPROVAL_STEP_LATE = _("Quá hạn bước phê duyệt")
COUNTED_LATE = _("Bị tính là trễ hạn")
PAUSED = _("Tạm dừng tính thời hạn")
STUCK = _("Tồn đọng")
ANSWER_LATE = _("Quá hạn trả lời")
ANSWERED_LATE = _("Trả lời quá hạn")


def flag(key, label) -> Flag:
    return Flag(key, str(label))


def working_day_start(now: datetime.datetime, calendar) -> datetime.datetime:
    """The start of the current working day: the first opening of office hours at or after
    today's local midnight (the deadline engine's official reception of that instant)."""
    midnight = deadlines.to_local(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return deadlines.official_reception_time(midnight, calendar=calendar)


class Flagger:
    """The flags of the rows of one list, at one `now`."""

    def __init__(self, now: datetime.datetime | None = None):
        self.now = now or timezone.now()
        self._calendars = {}

    def calendar(self, dossier):
        province = dossier.receiving_unit.province_code
        if province not in self._calendars:
            self._calendars[province] = calendar_for(province)
        return self._calendars[province]

    # ---- Shared ------------------------------------------------------------------------------

    def _due(self, due, late=LATE) -> list[Flag]:
        """Late once `due` has passed, due today when it falls today (local time)."""
        if due is None:
            return []
        if due < self.now:
            return [flag("late", late)]
        if deadlines.to_local(due).date() == deadlines.to_local(self.now).date():
            return [flag("due_today", DUE_TODAY)]
        return []

    @staticmethod
    def _stuck(dossier) -> list[Flag]:
        """The deadline sweep's stored mark: no event for the holding unit's working hours."""
        return [flag("stuck", STUCK)] if dossier.stuck else []

    def _next_opening(self, dossier) -> datetime.datetime:
        calendar = self.calendar(dossier)
        today = deadlines.to_local(self.now).date()
        return calendar.opening(calendar.next_working_day(today))

    # ---- The desk ----------------------------------------------------------------------------

    def reception(self, dossier) -> list[Flag]:
        state = dossier.state
        if state == State.SUBMITTED:
            found = []
            start = working_day_start(self.now, self.calendar(dossier))
            if dossier.official_reception_at and dossier.official_reception_at < start:
                found.append(flag("late", LATE_RECEPTION))
            if dossier.completion_requests:
                found.append(flag("resubmitted", RESUBMITTED))
        elif state == State.RECEIVED:
            found = self._due(dossier.step_due_at)
        elif state == State.RESOLVED:
            found = self._due(dossier.due_at)
        else:
            found = []
        return found + self._stuck(dossier)

    def waited(self, dossier) -> datetime.timedelta | None:
        """The office time a dossier waiting for the reception check has waited."""
        if dossier.state != State.SUBMITTED or not dossier.official_reception_at:
            return None
        return deadlines.working_time_between(
            dossier.official_reception_at, self.now, calendar=self.calendar(dossier)
        )

    # ---- Processing --------------------------------------------------------------------------

    def due_soon(self, dossier) -> bool:
        """The clock runs, the appointment is ahead and falls within one working day."""
        due = dossier.due_at
        if due is None or dossier.state not in CLOCK_RUNNING or due < self.now:
            return False
        return not deadlines.is_before_due_by_a_working_day(
            self._next_opening(dossier), due, calendar=self.calendar(dossier)
        )

    def processing(self, dossier) -> list[Flag]:
        if dossier.state in CLOCK_PAUSED:
            return [flag("paused", PAUSED)]
        found = []
        if dossier.is_overdue(self.now):
            found.append(flag("late", LATE))
        elif self.due_soon(dossier):
            found.append(flag("due_soon", DUE_SOON))
        step_due = dossier.step_due_at
        if step_due is not None and dossier.state in CLOCK_RUNNING and step_due < self.now:
            found.append(flag("step_late", STEP_LATE))
        return found + self._stuck(dossier)

    def reschedule_allowed(self, dossier) -> bool:
        """Whether the apology with a new date may still be sent now: the service's own rule
        (`services.reschedule_refusal`)."""
        if dossier.state not in IN_PROCESS:
            return False
        return not reschedule_refusal(dossier, now=self.now, calendar=self.calendar(dossier))

    def reschedule_proposed(self, dossier) -> bool:
        """Today is the last day the apology may be sent, and it is due: propose it
        (`services.apology_due`, the sweep's rule too)."""
        return apology_due(dossier, now=self.now, calendar=self.calendar(dossier))

    # ---- Approval ----------------------------------------------------------------------------

    def approval(self, dossier) -> list[Flag]:
        found = self._due(dossier.due_at)
        if dossier.step_due_at and dossier.step_due_at < self.now:
            found.append(flag("step_late", APPROVAL_STEP_LATE))
        if dossier.flagged_late:
            found.append(flag("counted_late", COUNTED_LATE))
        return found

    # ---- Consultations -----------------------------------------------------------------------

    def consultation(self, consultation) -> list[Flag]:
        if consultation.state == ConsultationState.OPEN:
            return self._due(consultation.due_at, late=ANSWER_LATE)
        if consultation.timeliness == deadlines.Timeliness.LATE:
            return [flag("late", ANSWERED_LATE)]
        return []
