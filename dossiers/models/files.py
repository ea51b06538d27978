"""What a dossier holds besides its events: its files, the officers' internal notes, and its
results."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.models import Component

from ..states import Outcome
from .dossier import Dossier


class FileKind(models.TextChoices):
    APPLICATION = "application", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
    RESULT = "result", _("Kết quả giải quyết")
    ATTACHMENT = "attachment", _("Tài liệu kèm theo")


# The papers the applicant sends (with the application, or as a supplement); every other kind
# is the agency's.
APPLICANT_FILE_KINDS = (FileKind.APPLICATION, FileKind.SUPPLEMENT)


def dossier_file_path(instance, filename):
    return f"dossiers/{instance.dossier_id}/{instance.id}/{filename}"


class DossierFile(models.Model):
    """A file of a dossier, for a component of its pinned procedure version where it has one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="files"
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("thành phần hồ sơ"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=FileKind.choices, default=FileKind.APPLICATION
    )
    file = models.FileField(_("tệp"), upload_to=dossier_file_path, max_length=500)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    content_type = models.CharField(_("định dạng"), max_length=100)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    # A draft of the result printed from the template keeps what it says, so that approval
    # issues the final document from it: {"outcome": "approved" | "denied", "body": text}.
    draft_content = models.JSONField(_("nội dung dự thảo"), null=True, blank=True, editable=False)
    # The digital signatures a PDF carried when it was received, as checked then against the
    # configured trust roots (dossiers.signing.validate): [{"signer", "issuer", "signed_at",
    # "valid", "intact", "trusted"}]; [] none; null not a PDF or not checked.
    signatures = models.JSONField(_("chữ ký số trong tệp"), null=True, blank=True, editable=False)
    reused_from_store = models.BooleanField(
        _("lấy từ kho dữ liệu cá nhân"),
        default=False,
        help_text=_("Tệp được sao từ kho dữ liệu cá nhân của người nộp, không tải lên lại."),
    )

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier", "uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def viewable(self) -> bool:
        """A PDF or an image, which officers may read in the browser."""
        return self.content_type in ("application/pdf", "image/png", "image/jpeg")

    def clean(self):
        if self.component_id and self.component.version_id != self.dossier.version_id:
            raise ValidationError(
                {"component": _("Thành phần này không thuộc phiên bản thủ tục của hồ sơ.")}
            )


class DossierNote(models.Model):
    """An officer's internal note on a dossier (appraisal remarks, a phone call with the
    applicant): for the dossier's staff only, never shown to the applicant nor in tracking.
    Kept as written: a note is not edited, a new one follows it."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_name = models.CharField(_("tên người ghi"), max_length=255)
    text = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm ghi"), default=timezone.now)

    class Meta:
        verbose_name = _("ghi chú nội bộ")
        verbose_name_plural = _("ghi chú nội bộ")
        ordering = ["dossier", "created_at", "id"]

    def __str__(self):
        return f"{self.dossier} – {self.author_name}"


class SignatureStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ ký số")
    SIGNED = "signed", _("Đã ký số")
    FAILED = "failed", _("Ký số không thành công, đang thử lại")
    # Issued on paper, before the portal signed results (and in generated demo history).
    PAPER = "paper", _("Bản giấy, không ký số trên cổng")


class DossierResult(models.Model):
    """A result of a dossier, coded `<dossier code>-KQ<n>` (ND 45/2020 Điều 14(3)).

    Approval writes it with what the document says (`body`), its number in the issuing
    agency's register of the year, the signer and a verification code; the document itself
    (`file`) is rendered and digitally signed after the commit (`dossiers.signing`), so it is
    empty while the result awaits its signature. A draft is never a result's file.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="results"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã kết quả"), max_length=80, unique=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    summary = models.TextField(_("nội dung"), blank=True)
    file = models.ForeignKey(
        DossierFile,
        verbose_name=_("tệp kết quả"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("ngày ban hành"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer = models.ForeignKey(
        "procedures.Agency",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issue_year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    issue_sequence = models.PositiveIntegerField(_("số thứ tự trong năm"), null=True, blank=True)
    issue_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    body = models.TextField(_("nội dung văn bản"), blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=255, blank=True)
    draft = models.ForeignKey(
        DossierFile,
        verbose_name=_("dự thảo được duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verification_code = models.CharField(
        _("mã xác thực"), max_length=16, unique=True, null=True, blank=True
    )
    signature_status = models.CharField(
        _("tình trạng ký số"),
        max_length=8,
        choices=SignatureStatus.choices,
        default=SignatureStatus.PENDING,
    )
    signed_at = models.DateTimeField(_("thời điểm ký số"), null=True, blank=True)
    signature_error = models.CharField(_("lỗi ký số"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        ordering = ["dossier", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "number"], name="unique_result_number"),
            models.UniqueConstraint(
                fields=["issuer", "issue_year", "issue_sequence"], name="unique_issue_number"
            ),
        ]

    def __str__(self):
        return self.code
