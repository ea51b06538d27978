"""A consultation (xin ý kiến liên thông) of another agency about a dossier.

Registered with the `dossiers` app (`app_label`); `dossiers.models` imports it at its end so
that the app's models are complete when Django loads them. Related models are named by string
so that this module imports nothing of `dossiers.models`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import deadlines


class ConsultationState(models.TextChoices):
    OPEN = "open", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    CANCELLED = "cancelled", _("Đã hủy")


class Consultation(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hỏi ý kiến"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_agency = models.ForeignKey(
        "procedures.Agency",
        verbose_name=_("đơn vị hỏi ý kiến"),
        on_delete=models.PROTECT,
        related_name="consultations_sent",
    )
    to_agency = models.ForeignKey(
        "procedures.Agency",
        verbose_name=_("cơ quan được hỏi ý kiến"),
        on_delete=models.PROTECT,
        related_name="consultations_received",
    )
    question = models.TextField(_("nội dung xin ý kiến"))
    budget_days = models.DecimalField(
        _("thời hạn trả lời (ngày làm việc)"), max_digits=4, decimal_places=1
    )
    asked_at = models.DateTimeField(_("thời điểm hỏi"))
    due_at = models.DateTimeField(_("hạn trả lời"), db_index=True)
    state = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_file = models.ForeignKey(
        "dossiers.DossierFile",
        verbose_name=_("tệp trả lời"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    files = models.ManyToManyField(
        "dossiers.DossierFile",
        verbose_name=_("tệp gửi kèm (câu hỏi và trả lời)"),
        blank=True,
        related_name="consultations",
    )
    cancelled_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        app_label = "dossiers"
        verbose_name = _("xin ý kiến liên thông")
        verbose_name_plural = _("xin ý kiến liên thông")
        ordering = ["dossier", "asked_at", "id"]
        indexes = [
            models.Index(fields=["to_agency", "state", "due_at"], name="consult_to_queue"),
            models.Index(fields=["from_agency", "state", "due_at"], name="consult_from_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "to_agency"],
                condition=models.Q(state="open"),
                name="consult_one_open_per_agency",
            )
        ]

    def __str__(self):
        return f"{self.dossier} → {self.to_agency}"

    @property
    def is_open(self) -> bool:
        return self.state == ConsultationState.OPEN

    def is_overdue(self, now) -> bool:
        """Open and past its due time."""
        return self.is_open and self.due_at < now

    @property
    def timeliness(self) -> str | None:
        """Early, on time or late, once answered (the control slip's judgement)."""
        if self.answered_at is None:
            return None
        return deadlines.timeliness(self.answered_at, self.due_at)

    def get_timeliness_display(self) -> str:
        value = self.timeliness
        return str(deadlines.Timeliness(value).label) if value else ""
