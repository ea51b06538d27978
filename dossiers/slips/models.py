"""A rendered slip (PDF) kept with its dossier: one per (dossier, form, event).

Registered with the `dossiers` app (`app_label`); `dossiers.models` imports it so that the
app's models are complete when Django loads them. Related models are named by string so
that this module imports nothing of `dossiers.models` (which imports it at its end).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .legal_forms import Form, Regime


def slip_path(instance, filename):
    return f"slips/{instance.dossier_id}/{filename}"


class DossierSlip(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="slips",
    )
    form = models.CharField(_("biểu mẫu"), max_length=16, choices=Form.choices)
    regime = models.CharField(_("bộ biểu mẫu theo"), max_length=16, choices=Regime.choices)
    event = models.ForeignKey(
        "dossiers.DossierEvent",
        verbose_name=_("sự kiện được ghi nhận"),
        on_delete=models.PROTECT,
        related_name="slips",
        null=True,
        blank=True,
    )
    file = models.FileField(_("tệp PDF"), upload_to=slip_path, max_length=500)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    issued_at = models.DateTimeField(_("thời điểm lập phiếu"))
    rendered_at = models.DateTimeField(_("thời điểm in"))

    class Meta:
        app_label = "dossiers"
        verbose_name = _("phiếu, biểu mẫu của hồ sơ")
        verbose_name_plural = _("phiếu, biểu mẫu của hồ sơ")
        ordering = ["dossier", "form", "-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "form", "event"], name="slip_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["dossier", "form"],
                condition=models.Q(event__isnull=True),
                name="slip_once_without_event",
            ),
        ]

    def __str__(self):
        return f"{self.dossier} – {self.get_form_display()}"
