"""Citizen and business profiles, and the one-time codes that verify their contacts.

Who holds what:
- `portal.User` keeps the sign-in data: `username` is the identity number (the 12-digit CCCD of
  an individual, the tax code of an organisation), `full_name` the person's or organisation's
  name, `email` and `phone` the contacts (password reset and login by e-mail use them).
- `Profile` keeps the rest of what an applicant declares once: kind, identity number, date of
  birth, address, and for an organisation its representative; and when the contacts were
  verified.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procedures.geography import province_name, ward_name

from . import validators


class ProfileKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_profile",
        verbose_name=_("tài khoản"),
    )
    kind = models.CharField(_("loại"), max_length=16, choices=ProfileKind.choices)
    # individual
    id_number = models.CharField(
        _("số căn cước công dân"),
        max_length=12,
        blank=True,
        validators=[validators.validate_cccd],
    )
    date_of_birth = models.DateField(
        _("ngày sinh"), null=True, blank=True, validators=[validators.validate_date_of_birth]
    )
    # organisation
    tax_code = models.CharField(
        _("mã số thuế/mã số doanh nghiệp"),
        max_length=14,
        blank=True,
        validators=[validators.validate_tax_code],
    )
    representative_name = models.CharField(_("người đại diện"), max_length=150, blank=True)
    representative_title = models.CharField(_("chức vụ người đại diện"), max_length=100, blank=True)
    # address (two-level list: province and commune)
    province_code = models.PositiveIntegerField(_("tỉnh/thành phố"), null=True, blank=True)
    ward_code = models.PositiveIntegerField(_("xã/phường/đặc khu"), null=True, blank=True)
    street = models.CharField(_("số nhà, đường, thôn/ấp"), max_length=255, blank=True)
    # verification
    email_verified_at = models.DateTimeField(_("xác minh thư điện tử lúc"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="citizens_profile_unique_id_number",
                violation_error_message=_("Số căn cước công dân này đã được đăng ký."),
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="citizens_profile_unique_tax_code",
                violation_error_message=_("Mã số thuế này đã được đăng ký."),
            ),
        ]

    def __str__(self):
        return f"{self.identifier} – {self.user.get_full_name()}"

    @property
    def is_organisation(self) -> bool:
        return self.kind == ProfileKind.ORGANISATION

    @property
    def identifier(self) -> str:
        """The identity number the applicant signs and applies with."""
        return self.tax_code if self.is_organisation else self.id_number

    @property
    def is_verified(self) -> bool:
        return bool(self.email_verified_at or self.phone_verified_at)

    def address_text(self) -> str:
        parts = [self.street, ward_name(self.ward_code), province_name(self.province_code)]
        return ", ".join(part for part in parts if part)

    def clean(self):
        errors = {}
        if self.is_organisation:
            if not self.tax_code:
                errors["tax_code"] = _("Nhập mã số thuế của tổ chức.")
            if self.id_number:
                errors["id_number"] = _("Tổ chức không khai số căn cước công dân.")
        else:
            if not self.id_number:
                errors["id_number"] = _("Nhập số căn cước công dân.")
            if self.tax_code:
                errors["tax_code"] = _("Cá nhân không khai mã số thuế tổ chức ở đây.")
            if (
                self.id_number
                and self.date_of_birth
                and len(self.id_number) == 12
                and self.id_number.isdigit()
                and not validators.cccd_matches_birth_year(self.id_number, self.date_of_birth)
            ):
                errors["date_of_birth"] = _(
                    "Năm sinh không khớp với số căn cước công dân (chữ số thứ 4 đến 6)."
                )
        if self.ward_code and not self.province_code:
            errors["province_code"] = _("Chọn tỉnh/thành phố.")
        try:
            validators.validate_ward_of_province(self.ward_code, self.province_code)
        except ValidationError as error:
            errors["ward_code"] = error.messages
        if errors:
            raise ValidationError(errors)


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Điện thoại")


class OneTimeCode(models.Model):
    """A six-digit code sent to verify a contact. Only its keyed hash is stored."""

    LIFETIME_MINUTES = 10
    MAX_ATTEMPTS = 5

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="one_time_codes",
        verbose_name=_("tài khoản"),
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=CodeChannel.choices)
    destination = models.CharField(_("gửi đến"), max_length=254)
    code_hash = models.CharField(_("mã băm"), max_length=128)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập"), default=0)
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác minh")
        verbose_name_plural = _("mã xác minh")
        indexes = [models.Index(fields=["user", "channel", "-created_at"])]

    def __str__(self):
        return f"{self.user_id} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"


# ---- The personal document store ---------------------------------------------------------------


class DocumentKind(models.TextChoices):
    OWN = "own", _("Giấy tờ tự tải lên")
    RESULT = "result", _("Kết quả giải quyết thủ tục hành chính")


def stored_document_path(instance, filename):
    return f"documents/{instance.owner_id}/{instance.id}/{filename}"


class StoredDocument(models.Model):
    """A paper in an applicant's personal document store (ND 45/2020: kho dữ liệu cá nhân).

    Either the applicant's own paper, uploaded once and reused in later dossiers, or a result
    issued to them, coded `<dossier code>-KQ<n>` (placed here by the agency's system, not
    deletable). A result handed over on paper has no file, only its code and issuer.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stored_documents",
        verbose_name=_("chủ sở hữu"),
    )
    title = models.CharField(_("tên giấy tờ"), max_length=255)
    kind = models.CharField(_("loại"), max_length=8, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to=stored_document_path, max_length=500, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)
    content_type = models.CharField(_("định dạng"), max_length=100, blank=True)
    result_code = models.CharField(_("mã kết quả"), max_length=80, blank=True)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    issued_at = models.DateTimeField(_("ngày cấp"), null=True, blank=True)
    created_at = models.DateTimeField(_("thêm vào kho lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu cá nhân")
        verbose_name_plural = _("kho dữ liệu cá nhân")
        ordering = ["owner", "-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="stored_document_owner")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "result_code"],
                condition=~Q(result_code=""),
                name="citizens_stored_document_unique_result",
            ),
        ]

    def __str__(self):
        return self.result_code or self.title

    @property
    def is_result(self) -> bool:
        return self.kind == DocumentKind.RESULT
