"""The working-day calendar: public holidays, declared days, office hours, and its admin.

Pure tests pass a pre-loaded `declared` mapping and need no database (any query would fail);
tests of the `CalendarDay` rows use the database.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from procedures.calendar import LOCAL_TZ, WorkingCalendar, calendar_for
from procedures.models import CalendarDay, DayKind
from tests.factories import UserFactory

date = datetime.date
CAN_THO = 92
HA_NOI = 1


@pytest.fixture
def calendar():
    """The package's holidays only: no declared day, no database."""
    return WorkingCalendar(CAN_THO, declared={})


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LOCAL_TZ)


# --- Public holidays (the `holidays` package) ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        pytest.param(date(2026, 1, 1), "Tết Dương lịch", id="new-year"),
        pytest.param(date(2026, 2, 17), "Tết Nguyên Đán", id="lunar-new-year"),
        pytest.param(date(2026, 2, 20), "Mùng bốn Tết Nguyên Đán", id="fourth-day-of-tet"),
        pytest.param(
            date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)", id="hung-kings-compensation"
        ),
        pytest.param(date(2026, 4, 30), "Ngày Chiến thắng", id="victory-day"),
        pytest.param(date(2026, 5, 1), "Ngày Quốc tế Lao động", id="labour-day"),
        pytest.param(date(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)", id="swap-day-off"),
        pytest.param(date(2026, 9, 1), "Quốc khánh", id="national-day-adjacent"),
        pytest.param(date(2026, 9, 2), "Quốc khánh", id="national-day"),
    ],
)
def test_public_holidays_are_days_off_named_in_vietnamese(calendar, day, name):
    assert calendar.holiday_name(day) == name
    assert not calendar.is_working_day(day)


def test_plain_weekends_are_days_off_without_a_name(calendar):
    assert not calendar.is_working_day(date(2026, 3, 7))
    assert not calendar.is_working_day(date(2026, 3, 8))
    assert calendar.holiday_name(date(2026, 3, 7)) is None


def test_ordinary_weekdays_are_working_days_without_a_name(calendar):
    assert calendar.is_working_day(date(2026, 3, 2))
    assert calendar.holiday_name(date(2026, 3, 2)) is None


def test_the_worked_saturday_of_an_announced_swap_is_a_working_day(calendar):
    # Mon 31/8/2026 is off in exchange for Sat 22/8/2026: the package knows both halves.
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))


def test_a_holiday_on_a_sunday_is_compensated_on_the_monday(calendar):
    assert calendar.holiday_name(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert not calendar.is_working_day(date(2026, 4, 27))
    assert calendar.is_working_day(date(2026, 4, 28))


# --- Walking the days ------------------------------------------------------------------------


def test_next_working_day_skips_tet_and_the_weekend_after_it(calendar):
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_next_working_day_is_strictly_after_the_given_day(calendar):
    assert calendar.next_working_day(date(2026, 3, 2)) == date(2026, 3, 3)


def test_working_day_on_or_after_keeps_a_working_day_and_moves_a_day_off(calendar):
    assert calendar.working_day_on_or_after(date(2026, 3, 2)) == date(2026, 3, 2)
    assert calendar.working_day_on_or_after(date(2026, 2, 16)) == date(2026, 2, 23)


def test_previous_working_day_skips_tet_backwards(calendar):
    assert calendar.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)


def test_next_working_day_crosses_the_new_year(calendar):
    # Thu 31/12/2026, Fri 1/1/2027 off, then the weekend.
    assert calendar.next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2026, 2, 13), 3, date(2026, 2, 25), id="three-across-tet"),
        pytest.param(date(2026, 2, 13), 0, date(2026, 2, 13), id="zero-is-the-same-day"),
        pytest.param(date(2026, 2, 14), 0, date(2026, 2, 14), id="zero-even-on-a-day-off"),
        pytest.param(date(2026, 2, 23), -1, date(2026, 2, 13), id="minus-one-across-tet"),
        pytest.param(date(2026, 8, 28), 2, date(2026, 9, 4), id="two-across-national-day"),
    ],
)
def test_add_working_days_counts_working_days_after_the_day(calendar, start, n, expected):
    assert calendar.add_working_days(start, n) == expected


# --- Office hours ----------------------------------------------------------------------------


def test_a_working_day_has_a_morning_and_an_afternoon_in_local_time(calendar):
    day = date(2026, 3, 2)
    assert calendar.working_periods(day) == [
        (local(day, 7, 30), local(day, 11, 30)),
        (local(day, 13), local(day, 17)),
    ]
    assert calendar.opening(day) == local(day, 7, 30)
    assert calendar.closing(day) == local(day, 17)
    assert calendar.opening(day).utcoffset() == datetime.timedelta(hours=7)


def test_a_day_off_has_no_office_hours(calendar):
    assert calendar.working_periods(date(2026, 2, 17)) == []
    assert calendar.opening(date(2026, 2, 17)) is None
    assert calendar.closing(date(2026, 3, 7)) is None


def test_a_working_day_lasts_eight_office_hours(calendar):
    assert calendar.hours_per_day == datetime.timedelta(hours=8)


def test_office_hours_come_from_the_settings(settings):
    settings.PORTAL_WORKING_HOURS = ["07:00-11:30", "13:30-17:00"]
    calendar = WorkingCalendar(declared={})
    day = date(2026, 3, 2)
    assert calendar.working_periods(day)[1] == (local(day, 13, 30), local(day, 17))
    assert calendar.hours_per_day == datetime.timedelta(hours=8)


def test_overlapping_office_hours_are_refused():
    with pytest.raises(ValueError):
        WorkingCalendar(declared={}, working_hours=["07:30-12:00", "11:00-17:00"])


# --- Pre-loaded declared days (no database) ---------------------------------------------------


def test_a_preloaded_day_off_turns_a_weekday_off_without_a_query():
    calendar = WorkingCalendar(declared={date(2026, 2, 13): DayKind.DAY_OFF})
    assert not calendar.is_working_day(date(2026, 2, 13))
    assert calendar.holiday_name(date(2026, 2, 13)) == "Ngày nghỉ"
    assert calendar.next_working_day(date(2026, 2, 12)) == date(2026, 2, 23)


def test_a_preloaded_day_can_carry_its_name():
    calendar = WorkingCalendar(
        declared={date(2026, 2, 13): (DayKind.DAY_OFF, "Nghỉ Tết Nguyên đán")}
    )
    assert calendar.holiday_name(date(2026, 2, 13)) == "Nghỉ Tết Nguyên đán"


def test_a_day_declared_worked_cancels_a_public_holiday():
    calendar = WorkingCalendar(declared={date(2026, 11, 24): DayKind.WORKING_DAY})
    assert calendar.is_working_day(date(2026, 11, 24))
    assert calendar.holiday_name(date(2026, 11, 24)) is None


# --- Declared days (CalendarDay rows) --------------------------------------------------------


def declare(day, kind, name, province_code=None):
    return CalendarDay.objects.create(date=day, kind=kind, name=name, province_code=province_code)


@pytest.mark.django_db
def test_a_declared_extra_tet_day_off_is_not_worked():
    declare(date(2026, 2, 13), DayKind.DAY_OFF, "Nghỉ Tết Nguyên đán")
    calendar = calendar_for(CAN_THO)
    assert not calendar.is_working_day(date(2026, 2, 13))
    assert calendar.holiday_name(date(2026, 2, 13)) == "Nghỉ Tết Nguyên đán"
    assert calendar.next_working_day(date(2026, 2, 12)) == date(2026, 2, 23)


@pytest.mark.django_db
def test_a_declared_make_up_saturday_is_worked():
    declare(date(2027, 4, 10), DayKind.WORKING_DAY, "Làm bù cho ngày 29/4")
    calendar = calendar_for(CAN_THO)
    assert calendar.is_working_day(date(2027, 4, 10))
    assert calendar.holiday_name(date(2027, 4, 10)) is None
    assert calendar.next_working_day(date(2027, 4, 9)) == date(2027, 4, 10)


@pytest.mark.django_db
def test_a_province_day_off_does_not_affect_another_province():
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ lễ địa phương", province_code=CAN_THO)
    assert not calendar_for(CAN_THO).is_working_day(date(2026, 3, 10))
    assert calendar_for(HA_NOI).is_working_day(date(2026, 3, 10))


@pytest.mark.django_db
def test_a_nationwide_day_off_applies_to_every_province():
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ toàn quốc")
    assert not calendar_for(CAN_THO).is_working_day(date(2026, 3, 10))
    assert not calendar_for(HA_NOI).is_working_day(date(2026, 3, 10))


@pytest.mark.django_db
def test_a_province_row_overrides_the_nationwide_row_of_the_same_date():
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ toàn quốc")
    declare(date(2026, 3, 10), DayKind.WORKING_DAY, "Vẫn làm việc", province_code=CAN_THO)
    assert calendar_for(CAN_THO).is_working_day(date(2026, 3, 10))
    assert not calendar_for(HA_NOI).is_working_day(date(2026, 3, 10))


@pytest.mark.django_db
def test_calendar_for_defaults_to_the_portal_province(settings):
    settings.PORTAL_PROVINCE_CODE = HA_NOI
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ lễ địa phương", province_code=HA_NOI)
    calendar = calendar_for()
    assert calendar.province_code == HA_NOI
    assert not calendar.is_working_day(date(2026, 3, 10))


@pytest.mark.django_db
def test_declared_days_are_read_once_per_year(django_assert_num_queries):
    declare(date(2026, 2, 13), DayKind.DAY_OFF, "Nghỉ Tết Nguyên đán")
    calendar = calendar_for(CAN_THO)
    with django_assert_num_queries(1):
        for offset in range(365):
            calendar.is_working_day(date(2026, 1, 1) + datetime.timedelta(days=offset))
        calendar.add_working_days(date(2026, 1, 2), 200)
    with django_assert_num_queries(1):
        calendar.next_working_day(date(2026, 12, 31))  # reads 2027 once
        calendar.working_periods(date(2027, 1, 4))


@pytest.mark.django_db
def test_a_date_is_declared_once_nationwide():
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ")
    duplicate = CalendarDay(date=date(2026, 3, 10), kind=DayKind.WORKING_DAY, name="Làm bù")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_date_is_declared_once_per_province():
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ", province_code=CAN_THO)
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ", province_code=HA_NOI)
    with pytest.raises(IntegrityError), transaction.atomic():
        declare(date(2026, 3, 10), DayKind.WORKING_DAY, "Làm bù", province_code=CAN_THO)


# --- Admin ------------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


CHANGELIST = "admin:procedures_calendarday_changelist"
ADD = "admin:procedures_calendarday_add"


@pytest.mark.django_db
def test_an_agency_admin_lists_the_declared_days_by_year(client, agency_admin, password):
    declare(date(2026, 2, 13), DayKind.DAY_OFF, "Nghỉ Tết Nguyên đán")
    declare(date(2026, 3, 10), DayKind.DAY_OFF, "Nghỉ lễ địa phương", province_code=CAN_THO)
    client.login(username=agency_admin.username, password=password)
    response = client.get(reverse(CHANGELIST), {"date__year": "2026", "scope": "all"})
    assert response.status_code == 200
    assert [day.name for day in response.context["cl"].result_list] == ["Nghỉ Tết Nguyên đán"]
    assert "Toàn quốc" in response.content.decode()


@pytest.mark.django_db
def test_a_superuser_declares_a_make_up_saturday(client, superuser, password):
    client.login(username=superuser.username, password=password)
    response = client.post(
        reverse(ADD),
        {"date": "2026-08-22", "province_code": "", "kind": "working_day", "name": "Làm bù"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert CalendarDay.objects.get().date == date(2026, 8, 22)


@pytest.mark.django_db
def test_the_admin_refuses_an_unknown_province_code(client, superuser, password):
    client.login(username=superuser.username, password=password)
    response = client.post(
        reverse(ADD),
        {"date": "2026-03-10", "province_code": "999", "kind": "day_off", "name": "Nghỉ"},
    )
    assert response.status_code == 200
    assert "province_code" in response.context["adminform"].form.errors
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
def test_other_staff_cannot_open_the_calendar_admin(client, desk_officer, password):
    desk_officer.is_staff = True
    desk_officer.save()
    client.login(username=desk_officer.username, password=password)
    assert client.get(reverse(CHANGELIST)).status_code == 403


@pytest.mark.django_db
def test_an_agency_admin_may_read_the_calendar_but_not_declare_days(client, agency_admin, password):
    client.login(username=agency_admin.username, password=password)

    assert client.get(reverse(ADD)).status_code == 403
    response = client.post(
        reverse(ADD),
        {"date": "2026-08-22", "kind": DayKind.WORKING_DAY, "name": "Làm bù", "note": ""},
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()
