"""Office time in slots, and due times from the deadline engine, for one calendar."""

import bisect
import datetime

from procedures.calendar import LOCAL_TZ
from procedures.models import ClockOnSupplement

from .. import deadlines

SLOT_MINUTES = 5
MEMO_SIZE = 500_000  # due times kept per calendar (about 100 MB at most)


class _Clock:
    """Office time in slots of SLOT_MINUTES on one calendar: slot n is the n-th slot of office
    hours counted from the opening of the first working day on or after `first_day`. It places
    fabricated events; due times still come from the deadline engine."""

    def __init__(self, calendar, first_day):
        self.calendar = calendar
        self.offsets = []
        for start, end in calendar.periods:
            minute, stop = start.hour * 60 + start.minute, end.hour * 60 + end.minute
            while minute + SLOT_MINUTES <= stop:
                self.offsets.append(minute)
                minute += SLOT_MINUTES
        self.per_day = len(self.offsets)
        self.days, self.position, self.times = [], {}, []
        self._cursor = first_day

    def _grow(self):
        while True:
            day, self._cursor = self._cursor, self._cursor + datetime.timedelta(days=1)
            if self.calendar.is_working_day(day):
                self.position[day] = len(self.days)
                self.days.append(day)
                midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=LOCAL_TZ)
                self.times.extend(midnight + datetime.timedelta(minutes=m) for m in self.offsets)
                return

    def at(self, slot) -> datetime.datetime:
        while slot >= len(self.times):
            self._grow()
        return self.times[slot]

    def day(self, slot) -> datetime.date:
        self.at(slot)
        return self.days[slot // self.per_day]

    def ceil(self, moment) -> int:
        """The first slot that starts at or after `moment`."""
        local = moment.astimezone(LOCAL_TZ)
        day = local.date()
        while self._cursor <= day:
            self._grow()
        index = self.position.get(day)
        if index is None:
            return bisect.bisect_right(self.days, day) * self.per_day
        minute = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
        return index * self.per_day + bisect.bisect_left(self.offsets, minute)

    def floor(self, moment) -> int:
        """The last slot that starts at or before `moment`."""
        slot = self.ceil(moment)
        return slot if self.at(slot) == moment else slot - 1


class _Deadlines:
    """The deadline engine for one calendar, memoised where its arguments repeat."""

    def __init__(self, calendar):
        self.calendar = calendar
        self._memo = {}

    def due(self, start, value, unit, *, pauses=(), on_pause=ClockOnSupplement.PAUSE, to=None):
        key = None if pauses else (start, value, unit, on_pause, to)
        if key is not None and key in self._memo:
            return self._memo[key]
        due = deadlines.due_at(
            received_at=start,
            value=value,
            unit=unit,
            calendar=self.calendar,
            pauses=pauses,
            on_pause=on_pause,
            rescheduled_to=to,
        )
        if key is not None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = due
        return due
