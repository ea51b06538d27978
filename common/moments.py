"""Moments as people read them, in local time (Asia/Ho_Chi_Minh), in the active language."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WEEKDAYS = (
    gettext_lazy("thứ Hai"),
    gettext_lazy("thứ Ba"),
    gettext_lazy("thứ Tư"),
    gettext_lazy("thứ Năm"),
    gettext_lazy("thứ Sáu"),
    gettext_lazy("thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


def parse(value) -> datetime.datetime | datetime.date | None:
    """A datetime or date from itself or its ISO 8601 text; None for anything else."""
    if isinstance(value, datetime.date | datetime.datetime) or value is None:
        return value
    try:
        text = str(value)
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def moment_text(moment) -> str:
    """ "07:30, thứ Hai, 09/03/2026" (a datetime or its ISO text; "" for nothing)."""
    moment = parse(moment)
    if not isinstance(moment, datetime.datetime):
        return day_text(moment)
    local = timezone.localtime(moment)
    return _("%(time)s, %(weekday)s, %(date)s") % {
        "time": f"{local:%H:%M}",
        "weekday": WEEKDAYS[local.weekday()],
        "date": f"{local:%d/%m/%Y}",
    }


def day_text(day) -> str:
    """ "thứ Hai, 09/03/2026" (a date or its ISO text; "" for nothing)."""
    day = parse(day)
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return _("%(weekday)s, %(date)s") % {
        "weekday": WEEKDAYS[day.weekday()],
        "date": f"{day:%d/%m/%Y}",
    }
