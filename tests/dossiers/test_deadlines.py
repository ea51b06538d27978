"""The deadline engine (dossiers/deadlines.py) against real dates of 2025-2027.

THE table below is the reference: each case gives the reception time (local), the rule, any
extra (counting mode, pauses, declared days, reschedule) and the expected due time (local).
It runs without a database: declared days are pre-loaded into the calendar.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from dossiers.deadlines import (
    Timeliness,
    due_at,
    is_before_due_by_a_working_day,
    official_reception_time,
    timeliness,
    working_time_between,
)
from procedures.calendar import LOCAL_TZ, WorkingCalendar
from procedures.models import CalendarDay, DayKind

UTC = datetime.UTC
date = datetime.date
OFF, WORKED = DayKind.DAY_OFF, DayKind.WORKING_DAY


def at(text: str) -> datetime.datetime:
    """Turn "2026-02-13 10:00" into that moment in Asia/Ho_Chi_Minh."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


@pytest.fixture
def calendar():
    """The package's holidays only: no declared day, no database."""
    return WorkingCalendar(92, declared={})


def case(received, value, unit, expected, *, id, **extra):
    return pytest.param(received, value, unit, extra, expected, id=id)


def pause(start, end=None):
    return (at(start), at(end) if end else None)


# fmt: off
CASES = [
    # --- Tết and the public holidays ---------------------------------------------------------
    case("2026-02-13 10:00", "3", "working_day", "2026-02-25 17:00",
         id="tet-2026: Fri 13/2 + 3 working days -> Wed 25/2 (16-20/2 off, weekend)"),
    case("2026-02-13 10:00", "3", "working_day", "2026-02-25 10:00", mode="working_hours",
         id="tet-2026 in working hours: Fri 13/2 10:00 + 24h -> Wed 25/2 10:00"),
    case("2026-02-12 10:00", "1", "working_day", "2026-02-23 17:00",
         declared={date(2026, 2, 13): OFF},
         id="declared extra tet day off Fri 13/2: Thu 12/2 + 1 -> Mon 23/2"),
    case("2025-01-24 10:00", "1", "working_day", "2025-02-03 17:00",
         id="tet-2025: Fri 24/1 + 1 -> Mon 3/2 (27-31/1 off)"),
    case("2026-04-24 10:00", "1", "working_day", "2026-04-28 17:00",
         id="gio-to-2026 on Sun 26/4 compensated Mon 27/4: Fri 24/4 + 1 -> Tue 28/4"),
    case("2026-04-29 10:00", "1", "working_day", "2026-05-04 17:00",
         id="30/4-1/5 2026 (Thu, Fri): Wed 29/4 + 1 -> Mon 4/5"),
    case("2026-08-28 10:00", "2", "working_day", "2026-09-04 17:00",
         id="national-day-2026 with swap 31/8: Fri 28/8 + 2 -> Fri 4/9 (31/8, 1/9, 2/9 off)"),
    case("2026-12-30 10:00", "2", "working_day", "2027-01-04 17:00",
         id="new-year 2027: Wed 30/12 + 2 -> Mon 4/1/2027"),
    # --- Swaps with a worked Saturday ----------------------------------------------------------
    case("2026-08-21 10:00", "1", "working_day", "2026-08-22 17:00",
         id="swap-2026 worked Sat 22/8 counts: Fri 21/8 + 1 -> Sat 22/8"),
    case("2026-08-21 10:00", "1", "working_day", "2026-08-22 17:00",
         declared={date(2026, 8, 22): WORKED},
         id="swap-2026 declared WORKING_DAY Sat 22/8 counts: Fri 21/8 + 1 -> Sat 22/8"),
    case("2027-04-09 10:00", "1", "working_day", "2027-04-10 17:00",
         declared={date(2027, 4, 10): WORKED, date(2027, 4, 29): OFF},
         id="declared swap 2027 worked Sat 10/4: Fri 9/4 + 1 -> Sat 10/4"),
    case("2027-04-28 10:00", "1", "working_day", "2027-05-04 17:00",
         declared={date(2027, 4, 10): WORKED, date(2027, 4, 29): OFF},
         id="declared swap 2027 day off Thu 29/4: Wed 28/4 + 1 -> Tue 4/5 (1/5 Sat -> Mon 3/5)"),
    # --- Same-day procedures (value 0) ---------------------------------------------------------
    case("2026-03-02 14:59", "0", "working_day", "2026-03-02 17:00",
         id="same-day received Mon 14:59 -> Mon 17:00"),
    case("2026-03-02 15:00", "0", "working_day", "2026-03-02 17:00",
         id="same-day received Mon 15:00 sharp (cut-off inclusive) -> Mon 17:00"),
    case("2026-03-02 16:30", "0", "working_day", "2026-03-03 17:00",
         id="same-day received Mon 16:30 -> Tue 17:00"),
    case("2026-03-06 16:30", "0", "working_day", "2026-03-09 17:00",
         id="same-day received Fri 16:30 -> Mon 17:00"),
    case("2026-03-07 09:00", "0", "working_day", "2026-03-09 17:00",
         id="same-day received Sat 09:00 -> Mon 17:00"),
    case("2026-03-02 12:00", "0", "working_day", "2026-03-02 17:00",
         id="same-day received Mon 12:00 in the lunch break -> Mon 17:00"),
    case("2026-02-13 15:30", "0", "working_day", "2026-02-23 17:00",
         id="same-day received Fri 13/2 15:30 before tet -> Mon 23/2 17:00"),
    case("2026-03-02 16:30", "0", "working_day", "2026-03-02 17:00", cutoff=datetime.time(16, 45),
         id="same-day with a 16:45 cut-off: Mon 16:30 -> Mon 17:00"),
    # --- Fractions of a working day and hours -------------------------------------------------
    case("2026-03-02 10:00", "0.5", "working_day", "2026-03-03 11:30",
         id="0.5 working day received Mon -> Tue 11:30"),
    case("2026-03-02 10:00", "1.5", "working_day", "2026-03-04 11:30",
         id="1.5 working days received Mon -> Wed 11:30"),
    case("2026-03-02 10:00", "0.5", "working_day", "2026-03-02 15:30", mode="working_hours",
         id="0.5 working day in working hours: Mon 10:00 -> Mon 15:30 (lunch skipped)"),
    case("2026-03-02 10:30", "4", "hour", "2026-03-02 16:00",
         id="4 hours across lunch: Mon 10:30 -> Mon 16:00"),
    case("2026-03-02 15:00", "4", "hour", "2026-03-03 09:30",
         id="4 hours overnight: Mon 15:00 -> Tue 09:30"),
    case("2026-03-02 12:00", "2", "hour", "2026-03-02 15:00",
         id="2 hours received in the lunch break: from 13:00 -> Mon 15:00"),
    case("2026-02-13 14:00", "8", "hour", "2026-02-23 14:00",
         id="8 hours across tet: Fri 13/2 14:00 -> Mon 23/2 14:00"),
    case("2026-03-02 10:00", "1.5", "hour", "2026-03-02 11:30",
         id="1.5 hours: Mon 10:00 -> Mon 11:30 (ends at the close of the morning)"),
    # --- Calendar days and months -------------------------------------------------------------
    case("2026-03-02 10:00", "13", "day", "2026-03-16 17:00",
         id="13 calendar days landing on Sun 15/3 -> Mon 16/3"),
    case("2026-02-06 10:00", "10", "day", "2026-02-23 17:00",
         id="10 calendar days landing on tet Mon 16/2 -> Mon 23/2"),
    case("2026-03-02 10:00", "2.5", "day", "2026-03-05 17:00",
         id="2.5 calendar days round up to 3: Mon 2/3 -> Thu 5/3"),
    case("2026-03-30 10:00", "1", "month", "2026-05-04 17:00",
         id="1 month landing on 30/4 holiday: Mon 30/3 -> Mon 4/5"),
    case("2026-01-30 10:00", "1", "month", "2026-03-02 17:00",
         id="1 month from 30/1 clamps to Sat 28/2 -> Mon 2/3"),
    # --- Working-hours counting mode ----------------------------------------------------------
    case("2026-03-09 14:00", "3", "working_day", "2026-03-12 14:00", mode="working_hours",
         id="working hours mode: Mon 9/3 14:00 + 3 days -> Thu 12/3 14:00"),
    case("2026-03-09 17:30", "1", "working_day", "2026-03-10 17:00", mode="working_hours",
         id="working hours mode after closing: Mon 17:30 + 1 day -> Tue 17:00"),
    case("2026-03-09 14:00", "3", "working_day", "2026-03-12 17:00", mode="next_working_day",
         id="next working day mode: Mon 9/3 14:00 + 3 days -> Thu 12/3 17:00"),
    # --- Pauses (waiting for the applicant) ---------------------------------------------------
    case("2026-03-05 10:00", "3", "working_day", "2026-03-11 11:00",
         pauses=[pause("2026-03-06 15:00", "2026-03-09 09:00")],
         id="pause Fri 15:00 -> Mon 09:00 adds 3.5 working hours: Tue 17:00 -> Wed 11:00"),
    case("2026-03-05 10:00", "3", "working_day", "2026-03-10 17:00",
         pauses=[pause("2026-03-07 09:00", "2026-03-08 18:00")],
         id="pause within a weekend adds nothing: Tue 10/3 17:00"),
    case("2026-03-05 10:00", "3", "working_day", "2026-03-11 13:30",
         pauses=[pause("2026-03-06 15:00", "2026-03-09 09:00"),
                 pause("2026-03-09 08:00", "2026-03-09 10:00")],
         id="overlapping pauses count once: 4.5 hours -> Wed 13:30"),
    case("2026-02-12 10:00", "2", "working_day", "2026-02-24 11:00",
         pauses=[pause("2026-02-13 15:00", "2026-02-23 09:00")],
         id="pause across tet adds 3.5 working hours: Mon 23/2 17:00 -> Tue 24/2 11:00"),
    case("2026-03-02 10:00", "3", "working_day", "2026-03-11 17:00", on_pause="restart",
         pauses=[pause("2026-03-03 15:00", "2026-03-06 09:00")],
         id="restart after a pause: as if received Fri 6/3 09:00 -> Wed 11/3"),
    case("2026-03-02 10:00", "3", "working_day", "2026-03-12 17:00", on_pause="restart",
         pauses=[pause("2026-03-03 15:00", "2026-03-06 18:00")],
         id="restart after a pause ending Fri 18:00: as if received Mon 9/3 -> Thu 12/3"),
    case("2026-03-02 10:00", "3", "working_day", None,
         pauses=[pause("2026-03-03 15:00")],
         id="open pause: the clock is stopped, no due time"),
    case("2026-03-02 10:00", "3", "working_day", None, rescheduled_to=date(2026, 3, 13),
         pauses=[pause("2026-03-03 15:00")],
         id="open pause after a reschedule: still no due time"),
    # --- Reschedule (Mẫu 04) ------------------------------------------------------------------
    case("2026-03-02 10:00", "3", "working_day", "2026-03-13 17:00",
         rescheduled_to=date(2026, 3, 13),
         id="rescheduled to Fri 13/3 -> Fri 13/3 17:00"),
    case("2026-03-02 10:00", "3", "working_day", "2026-03-16 17:00",
         rescheduled_to=date(2026, 3, 15),
         id="rescheduled to Sun 15/3 -> Mon 16/3 17:00"),
    case("2026-04-20 10:00", "3", "working_day", "2026-04-28 17:00",
         rescheduled_to=date(2026, 4, 26),
         id="rescheduled to gio-to Sun 26/4 -> Tue 28/4 17:00"),
    case("2026-03-02 10:00", "3", "working_day", "2026-03-13 17:00",
         rescheduled_to=date(2026, 3, 13), pauses=[pause("2026-03-03 15:00", "2026-03-04 09:00")],
         id="a reschedule replaces the due time, closed pauses included"),
    # --- Online submission outside office hours -----------------------------------------------
    case("2026-03-07 10:00", "1", "working_day", "2026-03-10 17:00",
         id="online on Sat 7/3: received Mon 9/3 07:30, + 1 -> Tue 10/3"),
    case("2026-03-09 18:30", "1", "working_day", "2026-03-11 17:00",
         id="online Mon 18:30: received Tue 07:30, + 1 -> Wed 11/3"),
    case("2026-03-07 10:00", "4", "hour", "2026-03-09 11:30",
         id="online on Sat 7/3 with 4 hours: from Mon 07:30 -> Mon 11:30"),
]
# fmt: on


@pytest.mark.parametrize(("received", "value", "unit", "extra", "expected"), CASES)
def test_due_time_table(received, value, unit, extra, expected):
    extra = dict(extra)
    calendar = WorkingCalendar(92, declared=extra.pop("declared", {}))
    due = due_at(
        received_at=at(received), value=Decimal(value), unit=unit, calendar=calendar, **extra
    )
    if expected is None:
        assert due is None
    else:
        assert due == at(expected)
        assert due.tzinfo is not None


# --- The settings and the inputs ---------------------------------------------------------------


def test_due_time_is_the_same_instant_whatever_the_input_time_zone(calendar):
    received = at("2026-02-13 10:00").astimezone(UTC)
    due = due_at(received_at=received, value=Decimal(3), unit="working_day", calendar=calendar)
    assert due == at("2026-02-25 17:00")
    assert due.utcoffset() == datetime.timedelta(hours=7)


def test_the_counting_mode_comes_from_the_settings(settings, calendar):
    settings.PORTAL_DEADLINE_COUNTING = "working_hours"
    due = due_at(
        received_at=at("2026-03-09 14:00"), value=Decimal(3), unit="working_day", calendar=calendar
    )
    assert due == at("2026-03-12 14:00")


def test_the_same_day_cutoff_comes_from_the_settings(settings, calendar):
    settings.PORTAL_SAME_DAY_CUTOFF = "16:45"
    due = due_at(received_at=at("2026-03-02 16:30"), value=0, unit="day", calendar=calendar)
    assert due == at("2026-03-02 17:00")


def test_integer_and_string_values_are_accepted(calendar):
    for value in (3, "3", Decimal("3.00")):
        due = due_at(
            received_at=at("2026-02-13 10:00"), value=value, unit="working_day", calendar=calendar
        )
        assert due == at("2026-02-25 17:00")


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"value": Decimal(-1)}, id="negative value"),
        pytest.param({"unit": "week"}, id="unknown unit"),
        pytest.param({"mode": "calendar"}, id="unknown mode"),
        pytest.param({"on_pause": "ignore"}, id="unknown pause rule"),
        pytest.param({"received_at": datetime.datetime(2026, 3, 2, 10)}, id="naive datetime"),
    ],
)
def test_bad_arguments_are_refused(calendar, arguments):
    kwargs = {"received_at": at("2026-03-02 10:00"), "value": Decimal(1), "unit": "working_day"}
    with pytest.raises(ValueError):
        due_at(calendar=calendar, **kwargs | arguments)


@pytest.mark.django_db
def test_declared_days_in_the_database_move_the_due_time(settings):
    settings.PORTAL_PROVINCE_CODE = 92
    CalendarDay.objects.create(date=date(2026, 2, 13), kind=OFF, name="Nghỉ Tết Nguyên đán")
    due = due_at(received_at=at("2026-02-12 10:00"), value=Decimal(1), unit="working_day")
    assert due == at("2026-02-23 17:00")


@pytest.mark.django_db
def test_another_province_declared_day_off_does_not_move_the_due_time(settings):
    settings.PORTAL_PROVINCE_CODE = 92
    CalendarDay.objects.create(
        date=date(2026, 2, 13), kind=OFF, name="Nghỉ lễ địa phương", province_code=1
    )
    due = due_at(received_at=at("2026-02-12 10:00"), value=Decimal(1), unit="working_day")
    assert due == at("2026-02-13 17:00")


# --- Official reception ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "received"),
    [
        pytest.param("2026-03-02 10:00", "2026-03-02 10:00", id="inside office hours: itself"),
        pytest.param("2026-03-02 07:30", "2026-03-02 07:30", id="at the opening: itself"),
        pytest.param("2026-03-02 06:10", "2026-03-02 07:30", id="before opening: 07:30"),
        pytest.param("2026-03-02 12:00", "2026-03-02 13:00", id="lunch break: 13:00"),
        pytest.param("2026-03-02 17:00", "2026-03-03 07:30", id="at the close: next day"),
        pytest.param("2026-03-02 22:00", "2026-03-03 07:30", id="evening: next day"),
        pytest.param("2026-03-07 10:00", "2026-03-09 07:30", id="saturday: monday 07:30"),
        pytest.param("2026-02-14 10:00", "2026-02-23 07:30", id="tet: monday after tet"),
        pytest.param("2026-08-22 10:00", "2026-08-22 10:00", id="worked saturday: itself"),
    ],
)
def test_official_reception_time(calendar, submitted, received):
    assert official_reception_time(at(submitted), calendar=calendar) == at(received)


def test_official_reception_time_of_a_utc_submission_is_in_local_time(calendar):
    submitted = datetime.datetime(2026, 3, 6, 23, 0, tzinfo=UTC)  # Sat 7/3 06:00 local
    received = official_reception_time(submitted, calendar=calendar)
    assert received == at("2026-03-09 07:30")
    assert received.tzinfo == LOCAL_TZ


# --- Working time between two instants --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        pytest.param("2026-03-02 10:00", "2026-03-02 14:00", 2.5, id="across lunch"),
        pytest.param("2026-03-06 15:00", "2026-03-09 09:00", 3.5, id="across a weekend"),
        pytest.param("2026-02-13 15:00", "2026-02-23 09:00", 3.5, id="across tet"),
        pytest.param("2026-03-07 08:00", "2026-03-08 17:00", 0, id="within a weekend"),
        pytest.param("2026-03-02 07:30", "2026-03-06 17:00", 40, id="a working week"),
        pytest.param("2026-03-02 14:00", "2026-03-02 10:00", 0, id="end before start"),
    ],
)
def test_working_time_between(calendar, start, end, hours):
    assert working_time_between(at(start), at(end), calendar=calendar) == datetime.timedelta(
        hours=hours
    )


# --- Timeliness (control slip) ----------------------------------------------------------------

DUE = at("2026-02-25 17:00")


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        pytest.param(at("2026-02-24 16:59"), Timeliness.EARLY, id="the day before: early"),
        pytest.param(at("2026-02-25 00:00"), Timeliness.ON_TIME, id="due date midnight: on time"),
        pytest.param(at("2026-02-25 16:59"), Timeliness.ON_TIME, id="due date: on time"),
        pytest.param(DUE, Timeliness.ON_TIME, id="at the due instant: on time"),
        pytest.param(DUE + datetime.timedelta(seconds=1), Timeliness.LATE, id="a second late"),
        pytest.param(at("2026-02-26 08:00"), Timeliness.LATE, id="the next day: late"),
        pytest.param(
            datetime.datetime(2026, 2, 24, 17, 30, tzinfo=UTC),
            Timeliness.ON_TIME,
            id="utc 24/2 17:30 is local 25/2 00:30: on time",
        ),
        pytest.param(
            datetime.datetime(2026, 2, 24, 16, 30, tzinfo=UTC),
            Timeliness.EARLY,
            id="utc 24/2 16:30 is local 24/2 23:30: early",
        ),
    ],
)
def test_timeliness(finished, expected):
    assert timeliness(finished, DUE) == expected


def test_timeliness_without_a_due_time_is_none():
    assert timeliness(at("2026-02-25 10:00"), None) is None


def test_timeliness_values_are_labelled_in_vietnamese():
    assert [str(label) for label in Timeliness.labels] == ["Trước hạn", "Đúng hạn", "Quá hạn"]


# --- The apology must come a working day before the due date ----------------------------------


@pytest.mark.parametrize(
    ("now", "due", "expected"),
    [
        pytest.param("2026-02-24 16:59", "2026-02-25 17:00", True, id="the working day before"),
        pytest.param("2026-02-24 23:59", "2026-02-25 17:00", True, id="late that evening"),
        pytest.param("2026-02-25 08:00", "2026-02-25 17:00", False, id="on the due date"),
        pytest.param("2026-02-13 16:00", "2026-02-23 17:00", True, id="fri before tet for mon"),
        pytest.param("2026-02-14 09:00", "2026-02-23 17:00", False, id="sat in tet for mon"),
        pytest.param("2026-02-19 09:00", "2026-02-23 17:00", False, id="during tet for mon"),
        pytest.param("2026-02-10 09:00", "2026-02-23 17:00", True, id="well before"),
    ],
)
def test_is_before_due_by_a_working_day(calendar, now, due, expected):
    with time_machine.travel(at(now), tick=False):
        result = is_before_due_by_a_working_day(timezone.now(), at(due), calendar=calendar)
    assert result is expected


def test_is_before_due_by_a_working_day_uses_local_dates(calendar):
    # 17:30 UTC on Tue 24/2 is already Wed 25/2 (the due date) in Vietnam.
    now = datetime.datetime(2026, 2, 24, 17, 30, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        assert not is_before_due_by_a_working_day(
            timezone.now(), at("2026-02-25 17:00"), calendar=calendar
        )
