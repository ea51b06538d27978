"""The counter behind the dossiers' codes: one row per receiving unit and day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.models import Agency


class DailyCounter(models.Model):
    """The last dossier sequence number given by a receiving unit on a day (locked per row)."""

    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="unique_unit_day")]

    def __str__(self):
        return f"{self.unit_id} {self.day}: {self.last}"
