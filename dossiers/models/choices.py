"""The dossier's choices that are not its states: what a pause is for, and the deadline sweep's
flags (stored on the dossier, named by the API and the queues)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PauseKind(models.TextChoices):
    """What a wait of `Dossier.pauses` is for: only a supplement may restart the clock."""

    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    PAYMENT = "payment", _("Chờ thực hiện nghĩa vụ tài chính")


class DueFlag(models.TextChoices):
    """What the deadline sweep found: due within a few working days, or past due."""

    DUE_SOON = "due_soon", _("Sắp đến hạn")
    LATE = "late", _("Quá hạn")


# The deadline sweep's flags as the API and the queues name them.
SWEEP_FLAGS = ("late", "due_soon", "step_late", "step_due_soon", "stuck", "apology_window")


def sweep_flag_q(flag: str) -> models.Q:
    """The dossiers carrying one of `SWEEP_FLAGS`, from the stored columns (no computing)."""
    if flag in ("late", "due_soon"):
        return models.Q(due_flag=flag)
    if flag in ("step_late", "step_due_soon"):
        return models.Q(step_flag=flag.removeprefix("step_"))
    if flag == "stuck":
        return models.Q(stuck=True)
    if flag == "apology_window":
        return models.Q(apology_window=True)
    raise ValueError(flag)
