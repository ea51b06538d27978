"""The dossier's append-only event log: one row per transition, the control slip."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.models import Agency

from ..deadlines import Timeliness
from ..states import Action, State
from .dossier import Dossier


class AppendOnly(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes bypass `save()`/`delete()`: refuse them too."""

    def update(self, **kwargs):
        raise AppendOnly("dossier events are append-only")

    def delete(self):
        raise AppendOnly("dossier events are append-only")


class DossierEvent(models.Model):
    """One row per transition (and reschedule): the control slip, timeline and statistics.

    Append-only: saving an existing row, deleting one, and a queryset's update() or delete()
    raise; on PostgreSQL a trigger also refuses UPDATE and DELETE on the table.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="dossier_events",
        null=True,
        blank=True,
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    actor_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("thời điểm"))
    from_state = models.CharField(_("từ trạng thái"), max_length=32, choices=State.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=32, choices=State.choices)
    reason = models.TextField(_("lý do, nội dung"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    timeliness = models.CharField(
        _("kết quả bước"), max_length=16, choices=Timeliness.choices, blank=True
    )
    files = models.ManyToManyField(
        "DossierFile", verbose_name=_("tệp đính kèm"), blank=True, related_name="events"
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("phiếu kiểm soát quá trình giải quyết")
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["action", "at"], name="event_action_at")]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("dossier events are append-only")
