"""The dossiers' outbox of jobs: work that follows an event after its commit and must not be
lost (a slip to render, results to put in the applicant's store). Written in the event's
transaction, run by `dossiers.effects.runner` (common.outbox: lease, SKIP LOCKED, retries).

Registered with the `dossiers` app; related models are named by string (see slips.models).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EffectState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    SENDING = "sending", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class EffectRun(models.Model):
    event = models.ForeignKey(
        "dossiers.DossierEvent",
        verbose_name=_("sự kiện"),
        on_delete=models.PROTECT,
        related_name="effects",
    )
    kind = models.CharField(_("việc"), max_length=32)
    args = models.JSONField(_("tham số"), default=dict, blank=True)
    state = models.CharField(
        _("tình trạng"), max_length=8, choices=EffectState.choices, default=EffectState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    next_attempt_at = models.DateTimeField(_("lần chạy tới"), default=timezone.now)
    lease_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    last_error = models.CharField(_("lỗi"), max_length=500, blank=True)
    done_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        app_label = "dossiers"
        verbose_name = _("việc sau sự kiện")
        verbose_name_plural = _("việc sau sự kiện")
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="effect_once_per_event")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state__in=["queued", "sending"]),
                name="effect_pending",
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.event_id}"
