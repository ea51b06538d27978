"""The answers to a dossier's online declaration (tờ khai điện tử), one row per form."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from procedures.models import Component

from .dossier import Dossier
from .files import DossierFile


class DeclarationAnswers(models.Model):
    """What the applicant declared in the form of one component of the dossier's version.

    The form is the component's (pinned with the version, which a dossier never changes), so
    the answers are always read against the definition they were given under. `prefilled`
    lists the JSON pointers of answers the portal filled in (and from where), for the
    officers; `pdf` is the declaration printed from the answers when the dossier was sent.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="declarations"
    )
    component = models.ForeignKey(
        Component, verbose_name=_("thành phần hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("nội dung kê khai"), default=dict, blank=True)
    prefilled = models.JSONField(_("thông tin điền sẵn"), default=dict, blank=True)
    complete = models.BooleanField(_("đã kê khai đủ"), default=False)
    # The answers officers search the queues by (names, numbers, dates), on one line.
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, editable=False)
    pdf = models.OneToOneField(
        DossierFile,
        verbose_name=_("tờ khai in ra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="declaration",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tờ khai điện tử")
        verbose_name_plural = _("tờ khai điện tử")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "component"], name="one_declaration_per_form"
            )
        ]

    def __str__(self):
        return f"{self.component} – {self.dossier_id}"
