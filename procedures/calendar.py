"""The working-day calendar: which local dates are worked, and the office hours of each.

A date is a working day when, in this order of precedence:

1. a `CalendarDay` row declares it (a row for the province beats a nationwide row of the same
   date): DAY_OFF → not worked, WORKING_DAY → worked (a make-up Saturday; a WORKING_DAY row on a
   weekday public holiday also cancels that holiday);
2. else it is a public holiday of the `holidays` package (Vietnam, names in Vietnamese): not
   worked. The package already knows the Labour Code holidays, the compensation days of a
   holiday falling on a weekend (Giỗ Tổ 26/4/2026 → Mon 27/4) and the swaps the Government has
   announced (Mon 31/8/2026 off, in exchange for Sat 22/8/2026);
3. else it is one of the package's worked weekend days (the other half of such a swap, e.g.
   Sat 22/8/2026): worked;
4. else Monday to Friday are worked, Saturday and Sunday are not.

The office hours come from `settings.PORTAL_WORKING_HOURS` ("07:30-11:30", "13:00-17:00"), the
same on every working day, local time (Asia/Ho_Chi_Minh, no daylight saving time).

A calendar caches what it has read per year: the package's holidays (also cached per process)
and the declared rows (one query per year and instance). Build one per unit of work with
`calendar_for()`; do not keep one for the life of the process, or new rows go unseen.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import Q

from .models import CalendarDay, DayKind

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A bound on the days walked while looking for a working day: no calendar has a year off.
_MAX_DAYS_WALKED = 3 * 366

Declared = dict[datetime.date, tuple[str, str]]


@functools.lru_cache(maxsize=64)
def _package_year(year: int) -> tuple[dict[datetime.date, str], frozenset[datetime.date]]:
    """The package's holidays of one year (date → Vietnamese name) and its worked weekend days."""
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    names = {day: name for day, name in calendar.items() if day.year == year}
    worked = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return names, worked


def public_holiday_name(d: datetime.date) -> str | None:
    """The `holidays` package's name for `d` (a public holiday or a swap's day off), if any."""
    return _package_year(d.year)[0].get(d)


def parse_periods(specs) -> list[tuple[datetime.time, datetime.time]]:
    """["07:30-11:30", "13:00-17:00"] → [(time(7, 30), time(11, 30)), (time(13), time(17))]."""
    periods = []
    for spec in specs:
        start, end = (datetime.time.fromisoformat(part.strip()) for part in spec.split("-"))
        if end <= start:
            raise ValueError(f"Invalid working period {spec!r}: it must end after it starts.")
        periods.append((start, end))
    periods.sort()
    for (_, end), (start, _) in zip(periods, periods[1:], strict=False):
        if start < end:
            raise ValueError(f"Working periods overlap: {specs!r}.")
    if not periods:
        raise ValueError("PORTAL_WORKING_HOURS is empty.")
    return periods


class WorkingCalendar:
    """The working days and office hours of one province (see the module docstring).

    `declared` pre-loads the declared days (date → kind, or date → (kind, name)) and skips the
    database entirely: for pure computations and tests.
    """

    def __init__(
        self,
        province_code: int | None = None,
        *,
        declared: dict[datetime.date, str | tuple[str, str]] | None = None,
        working_hours=None,
    ):
        self.province_code = (
            settings.PORTAL_PROVINCE_CODE if province_code is None else province_code
        )
        self.periods = parse_periods(
            settings.PORTAL_WORKING_HOURS if working_hours is None else working_hours
        )
        self._preloaded: Declared | None = None
        if declared is not None:
            self._preloaded = {
                day: value if isinstance(value, tuple) else (value, "")
                for day, value in declared.items()
            }
        self._declared_years: dict[int, Declared] = {}

    def __repr__(self):
        return f"WorkingCalendar(province_code={self.province_code!r})"

    # --- Days ---------------------------------------------------------------------------------

    def is_working_day(self, d: datetime.date) -> bool:
        kind, _name = self._declared(d)
        if kind is not None:
            return kind == DayKind.WORKING_DAY
        holiday_names, worked_weekend_days = _package_year(d.year)
        if d in holiday_names:
            return False
        return d in worked_weekend_days or d.weekday() < 5

    def holiday_name(self, d: datetime.date) -> str | None:
        """The name of the declared day off or public holiday on `d`; else None.

        Plain weekends have no name, nor has a day declared worked.
        """
        kind, name = self._declared(d)
        if kind == DayKind.DAY_OFF:
            return name or str(DayKind.DAY_OFF.label)
        if kind == DayKind.WORKING_DAY:
            return None
        return public_holiday_name(d)

    def next_working_day(self, d: datetime.date) -> datetime.date:
        """The first working day strictly after `d`."""
        return self.working_day_on_or_after(d + datetime.timedelta(days=1))

    def previous_working_day(self, d: datetime.date) -> datetime.date:
        """The last working day strictly before `d`."""
        return self._walk(d - datetime.timedelta(days=1), step=-1)

    def working_day_on_or_after(self, d: datetime.date) -> datetime.date:
        return self._walk(d, step=1)

    def add_working_days(self, d: datetime.date, n: int) -> datetime.date:
        """The n-th working day after `d` (`d` itself not counted); n < 0 counts backwards.

        n == 0 returns `d` unchanged, working day or not.
        """
        step = 1 if n >= 0 else -1
        for _ in range(abs(n)):
            d = self._walk(d + datetime.timedelta(days=step), step=step)
        return d

    def _walk(self, d: datetime.date, *, step: int) -> datetime.date:
        for _ in range(_MAX_DAYS_WALKED):
            if self.is_working_day(d):
                return d
            d += datetime.timedelta(days=step)
        raise ValueError(f"No working day within {_MAX_DAYS_WALKED} days of {d}.")

    # --- Office hours -------------------------------------------------------------------------

    @property
    def hours_per_day(self) -> datetime.timedelta:
        """The office time of one working day (8 hours by default)."""
        day = datetime.date(2000, 1, 1)
        return sum(
            (
                datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
                for start, end in self.periods
            ),
            datetime.timedelta(),
        )

    def working_periods(
        self, d: datetime.date
    ) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The office-hour periods of `d` as aware local datetimes; [] on a day off."""
        if not self.is_working_day(d):
            return []
        return [
            (
                datetime.datetime.combine(d, start, tzinfo=LOCAL_TZ),
                datetime.datetime.combine(d, end, tzinfo=LOCAL_TZ),
            )
            for start, end in self.periods
        ]

    def opening(self, d: datetime.date) -> datetime.datetime | None:
        """When the office opens on `d` (aware, local); None on a day off."""
        periods = self.working_periods(d)
        return periods[0][0] if periods else None

    def closing(self, d: datetime.date) -> datetime.datetime | None:
        """When the office closes on `d` (aware, local); None on a day off."""
        periods = self.working_periods(d)
        return periods[-1][1] if periods else None

    # --- Declared rows ------------------------------------------------------------------------

    def _declared(self, d: datetime.date) -> tuple[str | None, str]:
        if self._preloaded is not None:
            return self._preloaded.get(d, (None, ""))
        if d.year not in self._declared_years:
            self._declared_years[d.year] = self._load_year(d.year)
        return self._declared_years[d.year].get(d, (None, ""))

    def _load_year(self, year: int) -> Declared:
        """One query: the year's nationwide rows and this province's, the province's winning."""
        rows = (
            CalendarDay.objects.filter(
                date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
            )
            .filter(Q(province_code__isnull=True) | Q(province_code=self.province_code))
            .values_list("date", "province_code", "kind", "name")
        )
        found: Declared = {}
        # Nationwide rows first, so that a province's row of the same date replaces them.
        for day, _province, kind, name in sorted(rows, key=lambda row: row[1] is not None):
            found[day] = (kind, name)
        return found


def calendar_for(province_code: int | None = None) -> WorkingCalendar:
    """A fresh calendar for a province (default: settings.PORTAL_PROVINCE_CODE)."""
    return WorkingCalendar(province_code)
