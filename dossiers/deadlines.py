"""The deadline engine: the one place that computes a due time (design.md, "Time").

Pure functions over aware datetimes. Every datetime returned is aware and expressed in local
time (Asia/Ho_Chi_Minh); compare them as instants. The working days and office hours come from
a `procedures.calendar.WorkingCalendar` (by default the portal's province); "the close" of a
day is the end of its last office period (17:00), "the opening" the start of its first (07:30).

Official reception (ND 45/2020 art. 11; regulations.md §7.2 item 4)
    A dossier received inside office hours is received at that moment. One received before the
    office opens, during the lunch break, after it closes, or on a day off is officially
    received at the next opening of a working day: the lunch break moves it to the afternoon
    opening (13:00), the evening or a day off to the next working day's 07:30. Every rule
    below counts from this official reception time.

Same-day procedures (value 0, any unit, any counting mode)
    Due at the close of the reception day if the dossier arrived on a working day no later
    than the cut-off (PORTAL_SAME_DAY_CUTOFF, 15:00, inclusive); otherwise at the close of the
    next working day. So 14:59 → today 17:00, 16:30 → the next working day 17:00, Friday 16:30
    or Saturday → Monday 17:00; 06:00 or 12:00 on a working day → today 17:00.

Working days, counted from the next day (mode "next_working_day", the default; Civil Code
art. 147: the first day is excluded)
    Start at the opening of the working day after the reception day and add value × (the
    office time of a day, 8 hours) of office time. A whole number N is therefore due at the
    close of the N-th working day after the reception day; 0.5 at the end of the first 4
    office hours of the next working day (11:30); 1.5 at midday of the second working day.

Working days, counted in working hours (mode "working_hours")
    Add value × 8 office hours to the official reception time: Monday 14:00 + 3 working days
    → Thursday 14:00.

Hours (unit "hour", both modes)
    Add that many office hours to the official reception time: Monday 10:30 + 4 hours →
    Monday 16:00 (the lunch break does not count); Monday 15:00 + 4 hours → Tuesday 09:30.

Calendar days (unit "day") and months (unit "month")
    The close of the reception date + ceil(value) days, or of the same day of the month
    ceil(value) months later (the 31st becomes the month's last day). A last day that is not a
    working day moves to the close of the next working day (Civil Code art. 148).

Pauses (waiting for the applicant: a supplement, a payment)
    "pause" (the default): the due time moves later by the office time spent inside the pauses
    (the pauses are merged where they overlap; office time before the reception does not
    count). A pause from Friday 15:00 to Monday 09:00 adds 2 + 1.5 = 3.5 office hours, so a
    due time of Wednesday 17:00 becomes Thursday 11:00. A pause that starts after the due time
    still moves it: what counts is the office time spent waiting for the applicant.
    "restart": the count starts again, in full, from the end of the last pause, as if the
    dossier had been received then (official reception and same-day cut-off included).
    A pause without an end means the clock is stopped: there is no due time (None).

Reschedule (the one new appointment of Mẫu 04)
    The close of the new date if it is a working day, else of the next working day. It
    replaces the computed due time (pauses are then ignored, except that an open pause still
    gives None); the caller keeps the original due time for the statistics.

Timeliness (control slip, Mẫu 05)
    Late when finished after the due instant; early when finished on a local date before the
    due's local date; on time otherwise (on the due date, up to the due instant).

The apology (Mẫu 04) must be sent at least one working day before the due date: allowed while
the local date is on or before the last working day preceding the due's local date.
"""

import datetime
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.calendar import LOCAL_TZ, WorkingCalendar, calendar_for
from procedures.models import ClockOnSupplement, DurationUnit

Pause = tuple[datetime.datetime, datetime.datetime | None]

ZERO = datetime.timedelta()


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class CountingMode(models.TextChoices):
    """Values of settings.PORTAL_DEADLINE_COUNTING (regulations.md §7.2 item 3)."""

    NEXT_WORKING_DAY = "next_working_day", _("Tính từ ngày làm việc tiếp theo")
    WORKING_HOURS = "working_hours", _("Tính theo giờ làm việc từ thời điểm tiếp nhận")


# --- Office time ------------------------------------------------------------------------------


def official_reception_time(
    submitted_at: datetime.datetime, *, calendar: WorkingCalendar
) -> datetime.datetime:
    """The submission time if inside office hours, else the next opening of office hours."""
    moment = to_local(submitted_at)
    for opening, closing in calendar.working_periods(moment.date()):
        if moment < closing:
            return max(moment, opening)
    return calendar.opening(calendar.next_working_day(moment.date()))


def add_working_time(
    start: datetime.datetime, amount: datetime.timedelta, *, calendar: WorkingCalendar
) -> datetime.datetime:
    """The moment when `amount` of office time has passed since `start`.

    Nothing to add returns `start` itself (so a due time at a close stays there); otherwise an
    amount that ends exactly at a close ends there, not at the next opening.
    """
    moment = to_local(start)
    if amount <= ZERO:
        return moment
    remaining = amount
    day = moment.date()
    while True:
        for opening, closing in calendar.working_periods(day):
            if closing <= moment:
                continue
            begin = max(opening, moment)
            if remaining <= closing - begin:
                return begin + remaining
            remaining -= closing - begin
        day = calendar.next_working_day(day)


def working_time_before(
    end: datetime.datetime, amount: datetime.timedelta, *, calendar: WorkingCalendar
) -> datetime.datetime:
    """The moment `amount` of office time before `end` (the inverse of add_working_time):
    what "no event for N working hours" compares the last event with."""
    moment = to_local(end)
    remaining = amount
    if remaining <= ZERO:
        return moment
    day = moment.date()
    while True:
        for opening, closing in reversed(calendar.working_periods(day)):
            if opening >= moment:
                continue
            finish = min(closing, moment)
            if remaining <= finish - opening:
                return finish - remaining
            remaining -= finish - opening
        day = calendar.previous_working_day(day)


def working_time_between(
    start: datetime.datetime, end: datetime.datetime, *, calendar: WorkingCalendar
) -> datetime.timedelta:
    """The office time between two instants (zero when `end` is not after `start`)."""
    start, end = to_local(start), to_local(end)
    total = ZERO
    day = start.date()
    while day <= end.date():
        for opening, closing in calendar.working_periods(day):
            overlap = min(closing, end) - max(opening, start)
            if overlap > ZERO:
                total += overlap
        day += datetime.timedelta(days=1)
    return total


# --- Due time ---------------------------------------------------------------------------------


def due_at(
    *,
    received_at: datetime.datetime,
    value: Decimal,
    unit: str,
    calendar: WorkingCalendar | None = None,
    mode: str | None = None,
    cutoff: datetime.time | None = None,
    pauses: Sequence[Pause] = (),
    on_pause: str = ClockOnSupplement.PAUSE,
    rescheduled_to: datetime.date | None = None,
) -> datetime.datetime | None:
    """The due time of a dossier or of a step (rules in the module docstring); None if paused."""
    calendar = calendar or calendar_for()
    mode = mode or settings.PORTAL_DEADLINE_COUNTING
    cutoff = cutoff or datetime.time.fromisoformat(settings.PORTAL_SAME_DAY_CUTOFF)
    value = _as_decimal(value)
    _check_arguments(value=value, unit=unit, mode=mode, on_pause=on_pause)
    if any(end is None for _start, end in pauses):
        return None
    if rescheduled_to is not None:
        return calendar.closing(calendar.working_day_on_or_after(rescheduled_to))
    if on_pause == ClockOnSupplement.RESTART and pauses:
        received_at = max([received_at, *(end for _start, end in pauses)])
        pauses = ()
    due = _due_without_pauses(received_at, value, unit, calendar, mode, cutoff)
    paused = sum(
        (
            working_time_between(start, end, calendar=calendar)
            for start, end in _merged(pauses, not_before=received_at)
        ),
        ZERO,
    )
    return add_working_time(due, paused, calendar=calendar)


def _due_without_pauses(received_at, value, unit, calendar, mode, cutoff) -> datetime.datetime:
    if value == 0:
        return _same_day_due(received_at, calendar, cutoff)
    reception = official_reception_time(received_at, calendar=calendar)
    if unit == DurationUnit.HOUR:
        return add_working_time(
            reception, _scaled(datetime.timedelta(hours=1), value), calendar=calendar
        )
    if unit == DurationUnit.WORKING_DAY:
        amount = _scaled(calendar.hours_per_day, value)
        if mode == CountingMode.NEXT_WORKING_DAY:
            reception = calendar.opening(calendar.next_working_day(reception.date()))
        return add_working_time(reception, amount, calendar=calendar)
    if unit == DurationUnit.DAY:
        last_day = reception.date() + datetime.timedelta(days=math.ceil(value))
    else:
        last_day = _add_months(reception.date(), math.ceil(value))
    return calendar.closing(calendar.working_day_on_or_after(last_day))


def _same_day_due(received_at, calendar, cutoff) -> datetime.datetime:
    moment = to_local(received_at)
    day = moment.date()
    if calendar.is_working_day(day) and moment.time() <= cutoff:
        closing = calendar.closing(day)
        if moment < closing:
            return closing
    return calendar.closing(calendar.next_working_day(day))


def _merged(pauses: Sequence[Pause], *, not_before: datetime.datetime):
    """The pauses clipped to start no earlier than `not_before`, overlapping ones merged."""
    merged: list[list[datetime.datetime]] = []
    for start, end in sorted((max(start, not_before), end) for start, end in pauses):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later, clamped to that month's last day."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def _scaled(amount: datetime.timedelta, factor: Decimal) -> datetime.timedelta:
    seconds = Decimal(amount // datetime.timedelta(seconds=1)) * factor
    return datetime.timedelta(seconds=int(seconds.to_integral_value(ROUND_HALF_UP)))


def _as_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# Choices' `.values` builds a new list on each call: these checks run for every due time.
_UNITS = frozenset(DurationUnit.values)
_MODES = frozenset(CountingMode.values)
_PAUSE_RULES = frozenset(ClockOnSupplement.values)


def _check_arguments(*, value: Decimal, unit: str, mode: str, on_pause: str) -> None:
    if value < 0:
        raise ValueError(f"A duration cannot be negative: {value}.")
    if unit not in _UNITS:
        raise ValueError(f"Unknown duration unit {unit!r}.")
    if mode not in _MODES:
        raise ValueError(f"Unknown counting mode {mode!r}.")
    if on_pause not in _PAUSE_RULES:
        raise ValueError(f"Unknown pause rule {on_pause!r}.")


# --- Judging a finished step ----------------------------------------------------------------


def timeliness(finished_at: datetime.datetime, due: datetime.datetime | None) -> str | None:
    """Early, on time or late (Mẫu 05); None when there is no due time."""
    if due is None:
        return None
    if finished_at > due:
        return Timeliness.LATE
    if to_local(finished_at).date() < to_local(due).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def is_before_due_by_a_working_day(
    now: datetime.datetime, due: datetime.datetime, *, calendar: WorkingCalendar
) -> bool:
    """Whether today (local) is on or before the last working day preceding the due date."""
    return to_local(now).date() <= calendar.previous_working_day(to_local(due).date())


def to_local(moment: datetime.datetime) -> datetime.datetime:
    """The same instant in Asia/Ho_Chi_Minh; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"A naive datetime cannot be placed in time: {moment!r}.")
    return moment.astimezone(LOCAL_TZ)
