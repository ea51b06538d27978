"""Read-only lists under the same scope as the dossiers: the control slip across dossiers, the
satisfaction ratings, the internal notes and the consultations."""

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions as perms
from ..admin_forms import local_time
from ..consult.models import Consultation
from ..models import DossierEvent, DossierNote, DossierRating, RatingCriterion
from .base import DossierLinkMixin, ReadOnlyAdmin, dossier_scope


@admin.register(DossierEvent)
class DossierEventAdmin(DossierLinkMixin, ReadOnlyAdmin):
    """The control slip across dossiers: a list only; each row links to its dossier."""

    list_display = ("when", "dossier_link", "action", "actor_label", "states", "timeliness")
    list_display_links = None
    list_filter = ("action", "timeliness")
    search_fields = ("dossier__code",)
    search_help_text = _("Tìm theo mã hồ sơ.")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(dossier_scope(request.user, prefix="dossier__"))
            .select_related("dossier", "actor")
        )

    @admin.display(description=_("thời điểm"), ordering="at")
    def when(self, obj):
        return local_time(obj.at)

    @admin.display(description=_("người thực hiện"))
    def actor_label(self, obj):
        return obj.actor_name or (obj.actor.get_username() if obj.actor else "—")

    @admin.display(description=_("trạng thái"))
    def states(self, obj):
        return f"{obj.get_from_state_display()} → {obj.get_to_state_display()}"


def _agency_text(agency):
    return (agency.short_name or agency.name) if agency is not None else "—"


@admin.register(DossierRating)
class DossierRatingAdmin(ReadOnlyAdmin):
    """The applicants' satisfaction ratings (regulations.md §6.1), read-only.

    Seen by superusers, and by staff for the dossiers they see in the dossier list (the same
    `dossier_scope`: desk staff of the receiving unit, specialists, heads and leaders of the
    processing unit and of the competent agency). The filters offer only the agencies and
    officers of the ratings in the user's reach. Agencies and officers are shown as text: the
    catalog and the accounts are not every officer's pages.
    """

    list_display = (
        "when",
        "dossier_code",
        "overall",
        "competent_agency_text",
        "receiving_unit_text",
        "officer_names",
    )
    list_display_links = ("when",)
    list_filter = (
        "overall",
        ("created_at", admin.DateFieldListFilter),
        ("competent_agency", admin.RelatedOnlyFieldListFilter),
        ("receiving_unit", admin.RelatedOnlyFieldListFilter),
        ("officers", admin.RelatedOnlyFieldListFilter),
    )
    date_hierarchy = "created_at"
    search_fields = ("dossier__code",)
    search_help_text = _("Tìm theo mã hồ sơ.")
    list_per_page = 50
    fieldsets = (
        (_("Hồ sơ"), {"fields": ("dossier_link", "when")}),
        (
            _("Đánh giá"),
            {"fields": ("overall", *RatingCriterion.values, "comment")},
        ),
        (
            _("Đơn vị và cán bộ"),
            {
                "fields": (
                    "receiving_unit_text",
                    "competent_agency_text",
                    "processing_unit_text",
                    "officer_names",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(dossier_scope(request.user, prefix="dossier__"))
            .select_related("dossier", "receiving_unit", "competent_agency", "processing_unit")
            .prefetch_related("officers")
        )

    def get_object(self, request, object_id, from_field=None):
        try:
            return super().get_object(request, object_id, from_field)
        except Http404:
            raise Http404(gettext("Không tìm thấy đánh giá hoặc bạn không có quyền xem.")) from None

    @admin.display(description=_("thời điểm đánh giá"), ordering="created_at")
    def when(self, obj):
        return local_time(obj.created_at)

    @admin.display(description=_("hồ sơ"), ordering="dossier__code")
    def dossier_code(self, obj):
        return obj.dossier.code or "—"

    @admin.display(description=_("hồ sơ"))
    def dossier_link(self, obj):
        url = reverse("admin:dossiers_dossier_change", args=[quote(obj.dossier_id)])
        return format_html('<a href="{}">{}</a>', url, obj.dossier.code or obj.dossier_id)

    @admin.display(description=_("nơi tiếp nhận"), ordering="receiving_unit__name")
    def receiving_unit_text(self, obj):
        return _agency_text(obj.receiving_unit)

    @admin.display(description=_("cơ quan có thẩm quyền"), ordering="competent_agency__name")
    def competent_agency_text(self, obj):
        return _agency_text(obj.competent_agency)

    @admin.display(description=_("đơn vị xử lý"))
    def processing_unit_text(self, obj):
        return _agency_text(obj.processing_unit)

    @admin.display(description=_("cán bộ đã xử lý"))
    def officer_names(self, obj):
        return ", ".join(sorted(user.get_full_name() for user in obj.officers.all())) or "—"


@admin.register(DossierNote)
class DossierNoteAdmin(DossierLinkMixin, ReadOnlyAdmin):
    """The officers' internal notes, across the dossiers within the user's reach."""

    list_display = ("when", "dossier_link", "author_name", "text")
    list_display_links = None
    search_fields = ("dossier__code", "text")
    search_help_text = _("Tìm theo mã hồ sơ hoặc nội dung ghi chú.")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(dossier_scope(request.user, prefix="dossier__"))
            .select_related("dossier")
        )

    @admin.display(description=_("thời điểm"), ordering="created_at")
    def when(self, obj):
        return local_time(obj.created_at)


@admin.register(Consultation)
class ConsultationAdmin(DossierLinkMixin, ReadOnlyAdmin):
    """Consultations between agencies: those on the dossiers within the user's reach, and those
    asked of the user's agencies (answered on the consultation pages)."""

    list_display = (
        "dossier_link",
        "from_agency",
        "to_agency",
        "question",
        "state",
        "due",
        "answered",
    )
    list_display_links = None
    list_filter = ("state",)
    search_fields = ("dossier__code", "question")
    search_help_text = _("Tìm theo mã hồ sơ hoặc nội dung xin ý kiến.")

    def get_queryset(self, request):
        mine = {agency for agency, _role in perms.memberships(request.user)}
        return (
            super()
            .get_queryset(request)
            .filter(dossier_scope(request.user, prefix="dossier__") | Q(to_agency__in=mine))
            .select_related("dossier", "from_agency", "to_agency")
        )

    @admin.display(description=_("hạn trả lời"), ordering="due_at")
    def due(self, obj):
        return local_time(obj.due_at)

    @admin.display(description=_("thời điểm trả lời"), ordering="answered_at")
    def answered(self, obj):
        return local_time(obj.answered_at) if obj.answered_at else "—"
