"""The parts of a version: the papers to provide, the channels with their time and fees, and
the internal process steps."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..declarations import check_definition
from ..text import format_quantity
from .agencies import AGENCY_ROLES
from .versions import LockedVersionMixin, ProcedureVersion


class CopyKind(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    CERTIFIED = "certified", _("Bản sao có chứng thực")
    PHOTOCOPY = "photocopy", _("Bản sao")


class Component(LockedVersionMixin, models.Model):
    """A paper the applicant provides (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    template = models.FileField(
        _("mẫu đơn, tờ khai"), upload_to="templates/%Y/", blank=True, max_length=255
    )
    template_name = models.CharField(_("tên mẫu"), max_length=255, blank=True)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("số bản sao chứng thực"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    required = models.BooleanField(_("bắt buộc"), default=True)
    present_only = models.BooleanField(
        _("chỉ xuất trình, không nộp"),
        default=False,
        help_text=_(
            "Bản chính chỉ xuất trình để đối chiếu rồi trả lại: không nộp, không tải lên khi nộp "
            "trực tuyến."
        ),
    )
    from_document_store = models.BooleanField(_("có thể lấy từ kho dữ liệu cá nhân"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    form = models.JSONField(
        _("tờ khai điện tử"),
        null=True,
        blank=True,
        help_text=_(
            "Định nghĩa tờ khai điền trực tuyến (định dạng mot-cua-form/1, "
            "docs/declaration-forms.md). Để trống nếu giấy tờ này chỉ tải lên."
        ),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.form is not None:
            problems = check_definition(self.form)
            if problems:
                raise ValidationError(
                    {
                        "form": [
                            f"{place}: {message}" if place else message
                            for place, message in problems
                        ]
                    }
                )

    @property
    def handed_in(self) -> bool:
        """The applicant hands it in (on paper or as a file), not only shows it."""
        return not self.present_only

    @property
    def copies(self):
        """[(CopyKind, count)] for the kinds asked for."""
        return [
            (kind, count)
            for kind, count in (
                (CopyKind.ORIGINAL, self.originals),
                (CopyKind.CERTIFIED, self.certified_copies),
                (CopyKind.PHOTOCOPY, self.photocopies),
            )
            if count
        ]


class ChannelKind(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính công ích")


class DurationUnit(models.TextChoices):
    HOUR = "hour", _("giờ")
    WORKING_DAY = "working_day", _("ngày làm việc")
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")


class Channel(LockedVersionMixin, models.Model):
    """A way to submit (cách thức thực hiện), with its own processing time and fees."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    kind = models.CharField(_("hình thức nộp"), max_length=16, choices=ChannelKind.choices)
    duration_value = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 nghĩa là giải quyết ngay trong ngày."),
    )
    duration_unit = models.CharField(_("đơn vị"), max_length=16, choices=DurationUnit.choices)
    duration_text = models.TextField(_("thời hạn theo văn bản"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="unique_channel_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.duration_label}"

    def _check_unlocked_for_child(self):
        self._check_unlocked()

    @property
    def duration_label(self):
        if self.duration_value == 0:
            return _("Trong ngày")
        return f"{format_quantity(self.duration_value)} {self.get_duration_unit_display()}"


class FeeKind(models.TextChoices):
    CHARGE = "charge", _("Lệ phí")
    FEE = "fee", _("Phí")


class FeeLine(models.Model):
    """One line of fees or charges of a channel."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("cách thức"), on_delete=models.CASCADE, related_name="fees"
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=FeeKind.choices, default=FeeKind.CHARGE
    )
    description = models.CharField(_("nội dung"), max_length=500)
    amount = models.DecimalField(_("mức thu (đồng)"), max_digits=14, decimal_places=0)
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    cap = models.DecimalField(
        _("mức tối đa (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    exemptions = models.TextField(_("miễn, giảm"), blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["channel", "id"]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        self.channel._check_unlocked_for_child()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.channel._check_unlocked_for_child()
        return super().delete(*args, **kwargs)


class ProcessStep(LockedVersionMixin, models.Model):
    """A step of the internal process (quy trình nội bộ) with its time budget."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="process_steps"
    )
    order = models.PositiveIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=500)
    responsible_unit = models.CharField(_("đơn vị, người thực hiện"), max_length=255)
    responsible_role = models.CharField(
        _("vai trò thực hiện"),
        max_length=32,
        choices=[(r.value, r.label) for r in AGENCY_ROLES],
        blank=True,
    )
    budget_value = models.DecimalField(
        _("thời gian"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    budget_unit = models.CharField(
        _("đơn vị"), max_length=16, choices=DurationUnit.choices, default=DurationUnit.WORKING_DAY
    )

    class Meta:
        verbose_name = _("bước xử lý nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_step_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"
