"""The applicant's satisfaction rating of a dossier, by the criteria of ND 61."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.models import Agency

from .dossier import Dossier


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")


class RatingCriterion(models.TextChoices):
    """The criteria of ND 61 (Chương IV) that an applicant can judge (regulations.md §6.1)."""

    PROCESSING_TIME = "processing_time", _("Thời gian giải quyết so với thời gian công bố")
    CONTACTS = "contacts", _("Số lần phải liên hệ với cơ quan để hoàn thiện hồ sơ")
    INFORMATION = "information", _("Tính chính xác, đầy đủ của thông tin thủ tục được công khai")
    ATTITUDE = "attitude", _("Thái độ của cán bộ, công chức")
    GUIDANCE = "guidance", _("Tính chính xác của hướng dẫn")


def _satisfaction(label):
    return models.CharField(label, max_length=16, choices=Satisfaction.choices)


class DossierRating(models.Model):
    """The applicant's rating of how their dossier was handled, once, after the return.

    The agencies and the officers who acted on the dossier are copied here when the rating is
    made, so the statistics per agency and per officer read one table.
    """

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    overall = _satisfaction(_("đánh giá chung"))
    processing_time = _satisfaction(RatingCriterion.PROCESSING_TIME.label)
    contacts = _satisfaction(RatingCriterion.CONTACTS.label)
    information = _satisfaction(RatingCriterion.INFORMATION.label)
    attitude = _satisfaction(RatingCriterion.ATTITUDE.label)
    guidance = _satisfaction(RatingCriterion.GUIDANCE.label)
    comment = models.TextField(_("góp ý"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("thời điểm đánh giá"), default=timezone.now)
    receiving_unit = models.ForeignKey(
        Agency, verbose_name=_("nơi tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    processing_unit = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đã xử lý"),
        related_name="dossier_ratings",
        blank=True,
    )

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="rating_created_at")]

    def __str__(self):
        return f"{self.dossier} – {self.get_overall_display()}"
