"""The working-day calendar: the days off and make-up working days an administrator declares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")


class CalendarDay(models.Model):
    """A day an administrator declares, on top of the public holidays the portal already knows.

    Each year the Government announces extra days off (the extra days of Tết, a swap's day off)
    and make-up working days (a worked Saturday). A row without a province applies nationwide;
    a row for a province overrides a nationwide row of the same date. `procedures.calendar`
    reads these rows; nothing else decides whether a day is worked.
    """

    date = models.DateField(_("ngày"))
    province_code = models.PositiveIntegerField(
        _("mã tỉnh/thành phố"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu áp dụng trên toàn quốc."),
    )
    kind = models.CharField(_("loại ngày"), max_length=16, choices=DayKind.choices)
    name = models.CharField(
        _("tên"),
        max_length=255,
        help_text=_("Ví dụ: “Nghỉ Tết Nguyên đán”, “Làm bù cho ngày 31/8”."),
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Căn cứ, văn bản thông báo."))

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["date", "province_code"]
        constraints = [
            # Two partial indexes: a plain unique (date, province_code) lets NULLs repeat.
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province_code__isnull=True),
                name="unique_calendar_day_nationwide",
                violation_error_message=_("Ngày này đã được khai báo cho toàn quốc."),
            ),
            models.UniqueConstraint(
                fields=["date", "province_code"],
                condition=models.Q(province_code__isnull=False),
                name="unique_calendar_day_province",
                violation_error_message=_("Ngày này đã được khai báo cho tỉnh/thành phố này."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.name}"
