"""An agency's signing credential, configured in the admin.

Two kinds: a PKCS#12 file on the server (small deployments; the file path, never the file in
the database), or a key on a PKCS#11 token or HSM (production: the module's path, the token
and key labels). The passphrase or PIN comes from an environment variable named here, so
that no secret is stored in the database or shown in the admin.

Registered with the `dossiers` app (imported from dossiers.models).
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Appearance(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo phê duyệt ký (họ tên, chức danh)")
    SEAL = "seal", _("Con dấu của cơ quan (tên cơ quan)")


class CredentialKind(models.TextChoices):
    PKCS12 = "pkcs12", _("Tệp PKCS#12 trên máy chủ")
    PKCS11 = "pkcs11", _("Token hoặc HSM (PKCS#11)")


class SigningCredential(models.Model):
    # An agency's credential (its seal), or a leader's personal one: exactly one of the two.
    agency = models.OneToOneField(
        "procedures.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="signing_credential",
        null=True,
        blank=True,
    )
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo (chứng thư số cá nhân)"),
        on_delete=models.CASCADE,
        related_name="signing_credential",
        null=True,
        blank=True,
        help_text=_(
            "Chứng thư số cá nhân của lãnh đạo: văn bản lãnh đạo này phê duyệt được ký bằng "
            "chữ ký cá nhân trước, rồi chữ ký của cơ quan."
        ),
    )
    kind = models.CharField(
        _("loại"), max_length=8, choices=CredentialKind.choices, default=CredentialKind.PKCS12
    )
    pkcs12_path = models.CharField(
        _("đường dẫn tệp PKCS#12 (.p12, .pfx)"),
        max_length=500,
        blank=True,
        help_text=_("Tệp trên máy chủ, chỉ tài khoản chạy ứng dụng đọc được."),
    )
    pkcs11_library = models.CharField(
        _("thư viện PKCS#11"),
        max_length=500,
        blank=True,
        help_text=_("Đường dẫn mô-đun PKCS#11 của token hoặc HSM, ví dụ /usr/lib/…/libxyz.so."),
    )
    token_label = models.CharField(_("nhãn token"), max_length=100, blank=True)
    key_label = models.CharField(
        _("nhãn khóa và chứng thư"),
        max_length=100,
        blank=True,
        help_text=_("Nhãn của khóa bí mật và chứng thư số trên token."),
    )
    passphrase_env = models.CharField(
        _("biến môi trường chứa mật khẩu hoặc mã PIN"),
        max_length=100,
        blank=True,
        help_text=_("Tên biến môi trường, ví dụ SIGNING_PASS_H92_31; mật khẩu không lưu ở đây."),
    )
    appearance = models.CharField(
        _("ô chữ ký hiển thị"), max_length=8, choices=Appearance.choices, default=Appearance.LEADER
    )
    enabled = models.BooleanField(_("đang dùng"), default=True)
    sign_slips = models.BooleanField(
        _("ký số các phiếu"),
        default=False,
        help_text=_(
            "Ký số (chữ ký không hiển thị) các phiếu cơ quan lập: giấy tiếp nhận, phiếu yêu cầu "
            "bổ sung, từ chối, xin lỗi, thông báo dừng."
        ),
    )

    class Meta:
        app_label = "dossiers"
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số của cơ quan, lãnh đạo")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False, person__isnull=True)
                | models.Q(agency__isnull=True, person__isnull=False),
                name="credential_of_agency_or_person",
            )
        ]

    def __str__(self):
        return str(self.agency or self.person)

    def clean(self):
        errors = {}
        required = gettext("Cần nhập mục này cho loại chứng thư đã chọn.")
        if (self.agency_id is None) == (self.person_id is None):
            errors["agency"] = gettext("Chọn một cơ quan hoặc một lãnh đạo (chỉ một).")
        if self.kind == CredentialKind.PKCS12:
            if not self.pkcs12_path:
                errors["pkcs12_path"] = required
            elif not Path(self.pkcs12_path).is_file():
                errors["pkcs12_path"] = gettext("Không tìm thấy tệp trên máy chủ.")
        else:
            for field in ("pkcs11_library", "token_label", "key_label"):
                if not getattr(self, field):
                    errors[field] = required
            if self.pkcs11_library and not Path(self.pkcs11_library).is_file():
                errors["pkcs11_library"] = gettext("Không tìm thấy tệp trên máy chủ.")
        if self.passphrase_env and self.passphrase_env not in os.environ:
            errors["passphrase_env"] = gettext("Biến môi trường này chưa được đặt trên máy chủ.")
        if errors:
            raise ValidationError(errors)

    def pkcs12_bytes(self) -> bytes:
        return Path(self.pkcs12_path).read_bytes()

    def passphrase(self) -> bytes | None:
        if not self.passphrase_env:
            return None
        return os.environ.get(self.passphrase_env, "").encode()
