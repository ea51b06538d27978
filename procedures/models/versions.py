"""Fields, procedures and their versions, and the lock of a version a dossier has used."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import kept
from ..text import normalize
from .agencies import Agency, Level

procedure_code_validator = RegexValidator(
    r"^[0-9A-Za-z.\-_]{1,40}$",
    _("Mã thủ tục chỉ gồm chữ, số, dấu chấm, gạch ngang và gạch dưới."),
)


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    code = models.SlugField(_("mã lĩnh vực"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    sector = models.CharField(_("ngành"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class OnlineLevel(models.TextChoices):
    """ND 42/2022 Điều 11: online public service levels."""

    INFORMATION = "information", _("Cung cấp thông tin trực tuyến")
    PARTIAL = "partial", _("Một phần")
    FULL = "full", _("Toàn trình")


class VersionStatus(models.TextChoices):
    PUBLISHED = "published", _("Đang công khai")
    AMENDED = "amended", _("Đang công khai sửa đổi, bổ sung")
    ABOLISHED = "abolished", _("Bãi bỏ")


class ClockOnSupplement(models.TextChoices):
    PAUSE = "pause", _("Tạm dừng, tính tiếp khi nhận đủ hồ sơ bổ sung")
    RESTART = "restart", _("Tính lại từ đầu khi nhận đủ hồ sơ bổ sung")


class Procedure(models.Model):
    """The identity of an administrative procedure: its national code. Content is versioned."""

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, validators=[procedure_code_validator]
    )
    current_version = models.OneToOneField(
        "ProcedureVersion",
        verbose_name=_("phiên bản đang hiệu lực"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self):
        if self.current_version_id:
            return f"{self.code} — {self.current_version.name}"
        return self.code

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        kept.catalog_changed()  # a new version in force, or none: kept rankings are stale

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        kept.catalog_changed()
        return result


LOCKED_MESSAGE = _(
    "Phiên bản này đã được dùng cho hồ sơ nên không thể sửa; hãy công bố phiên bản mới."
)


class VersionLocked(ValidationError):
    """Raised when something tries to change a version that a dossier has used."""


class LockedVersionMixin:
    """Refuses to save or delete rows of a locked version (asks the database, not the cache)."""

    def _version_id(self):
        return self.version_id

    def _check_unlocked(self):
        if ProcedureVersion.objects.filter(pk=self._version_id(), locked_at__isnull=False).exists():
            raise VersionLocked(LOCKED_MESSAGE)

    def save(self, *args, **kwargs):
        self._check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unlocked()
        return super().delete(*args, **kwargs)


class ProcedureVersion(LockedVersionMixin, models.Model):
    """One published content of a procedure, in force from `effective_from`."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    effective_from = models.DateField(_("ngày hiệu lực"))
    published_at = models.DateTimeField(
        _("thời điểm công bố"), null=True, blank=True, help_text=_("Để trống: bản nháp.")
    )
    locked_at = models.DateTimeField(
        _("khoá lúc"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Phiên bản đã được hồ sơ sử dụng thì không được sửa."),
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=VersionStatus.choices,
        default=VersionStatus.PUBLISHED,
    )
    decision = models.CharField(_("quyết định công bố"), max_length=255, blank=True)

    name = models.CharField(_("tên thủ tục"), max_length=500)
    name_en = models.CharField(
        _("tên tiếng Anh"),
        max_length=500,
        blank=True,
        help_text=_("Hiện và tìm được trên giao diện tiếng Anh; để trống nếu chưa có bản dịch."),
    )
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    procedure_type = models.CharField(_("loại thủ tục"), max_length=100, blank=True)
    at_central = models.BooleanField(_("cấp trung ương"), default=False)
    at_province = models.BooleanField(_("cấp tỉnh"), default=False)
    at_district = models.BooleanField(_("cấp huyện (lịch sử)"), default=False)
    at_commune = models.BooleanField(_("cấp xã"), default=False)
    competent_authority = models.CharField(_("cơ quan có thẩm quyền"), max_length=500)
    implementing_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan thực hiện"), blank=True, related_name="procedure_versions"
    )
    for_individuals = models.BooleanField(_("cá nhân"), default=True)
    for_organisations = models.BooleanField(_("tổ chức"), default=False)
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    steps = models.TextField(_("trình tự thực hiện"))
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"))
    legal_basis = models.JSONField(
        _("căn cứ pháp lý"),
        default=list,
        blank=True,
        help_text=_(
            'Danh sách văn bản: [{"number": ..., "title": ..., "issued_on": "YYYY-MM-DD"}]'
        ),
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.INFORMATION,
    )
    legacy_level = models.PositiveSmallIntegerField(
        _("mức độ cũ (1–4)"), null=True, blank=True, choices=[(i, str(i)) for i in range(1, 5)]
    )
    clock_on_supplement = models.CharField(
        _("thời hạn khi yêu cầu bổ sung"),
        max_length=16,
        choices=ClockOnSupplement.choices,
        default=ClockOnSupplement.PAUSE,
    )
    source_note = models.TextField(
        _("ghi chú nguồn"),
        blank=True,
        help_text=_("Nguồn dữ liệu; các chi tiết chưa được kiểm chứng ghi rõ tại đây."),
    )
    search_text = models.TextField(editable=False, blank=True, db_index=False)
    search_text_en = models.TextField(editable=False, blank=True, db_index=False)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_version_number"),
        ]

    def __str__(self):
        return f"{self.procedure.code} v{self.number} — {self.name}"

    def save(self, *args, **kwargs):
        self._check_unlocked()
        self.search_text = normalize(f"{self.name} {self.procedure.code}")
        self.search_text_en = normalize(self.name_en)
        models.Model.save(self, *args, **kwargs)
        kept.catalog_changed()  # kept search rankings may name it differently now

    def _check_unlocked(self):
        if self.pk and type(self).objects.filter(pk=self.pk, locked_at__isnull=False).exists():
            raise VersionLocked(LOCKED_MESSAGE)

    @property
    def is_draft(self):
        return self.published_at is None

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def levels(self):
        return [
            level
            for level, flag in (
                (Level.CENTRAL, self.at_central),
                (Level.PROVINCE, self.at_province),
                (Level.DISTRICT, self.at_district),
                (Level.COMMUNE, self.at_commune),
            )
            if flag
        ]

    @property
    def accepts_online(self):
        return self.online_level in (OnlineLevel.PARTIAL, OnlineLevel.FULL) and (
            self.status != VersionStatus.ABOLISHED
        )
