"""The catalog admin of procedures and of their versions.

A procedure is a national code; what it says lives in its versions. Each version has its own
page, with its parts as inlines (see `parts`) and the new-version and publish buttons (see
`version_actions`).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Procedure, ProcedureVersion
from .base import (
    COMPACT_TEXT,
    CatalogAdmin,
    RequestFormMixin,
    VersionScopedMixin,
    agency_ids,
    errors_as_messages,
    limit_to_managed_versions,
    manages_version,
    may_use,
)
from .parts import ChannelInline, ComponentInline, ProcessStepInline
from .version_actions import VersionActionForm, VersionActionsMixin


class VersionColumnsMixin:
    """The yes/no columns of a version, in the list and in a procedure's versions."""

    @admin.display(description=_("đã công bố"), boolean=True)
    def published(self, obj):
        return obj.published_at is not None

    @admin.display(description=_("đã khoá"), boolean=True)
    def locked(self, obj):
        return obj.locked_at is not None

    @admin.display(description=_("đang hiệu lực"), boolean=True)
    def current(self, obj):
        return obj.procedure.current_version_id == obj.pk


# --- Procedures ------------------------------------------------------------------------------


class VersionsInline(VersionColumnsMixin, admin.TabularInline):
    """The versions of a procedure, read-only: each opens on its own page."""

    model = ProcedureVersion
    fk_name = "procedure"
    fields = ("number", "name", "effective_from", "status", "published", "locked", "current")
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    extra = 0
    ordering = ("-number",)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("procedure")
        return limit_to_managed_versions(request, qs)

    def has_view_permission(self, request, obj=None):
        return may_use(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(CatalogAdmin):
    list_display = ("code", "current_name", "current_effective_from", "added_on")
    list_select_related = ("current_version",)
    search_fields = ("code", "versions__name")
    fields = ("code", "current_version", "next_step")
    readonly_fields = ("current_version", "next_step")
    inlines = [VersionsInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        return permissions.visible_procedures(
            request.user, agency_ids=agency_ids(request)
        ).select_related("current_version")

    def has_view_permission(self, request, obj=None):
        return may_use(request)

    def has_add_permission(self, request):
        return may_use(request)

    def has_change_permission(self, request, obj=None):
        # The national code is an identity: only system administrators correct it.
        return may_use(request) and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        if not (may_use(request) and request.user.is_superuser):
            return False
        return obj is None or not obj.versions.filter(published_at__isnull=False).exists()

    @admin.display(description=_("ngày tạo"), ordering="created_at")
    def added_on(self, obj):
        return timezone.localdate(obj.created_at)

    @admin.display(description=_("tên thủ tục"), ordering="current_version__name")
    def current_name(self, obj):
        return obj.current_version.name if obj.current_version_id else "—"

    @admin.display(description=_("hiệu lực từ"), ordering="current_version__effective_from")
    def current_effective_from(self, obj):
        return obj.current_version.effective_from if obj.current_version_id else None

    @admin.display(description=_("phiên bản"))
    def next_step(self, obj):
        if not obj.pk:
            return gettext("Lưu mã thủ tục, sau đó thêm phiên bản đầu tiên.")
        latest = obj.versions.order_by("-number").first()
        if latest is None:
            url = reverse("admin:procedures_procedureversion_add")
            return format_html(
                '<a class="addlink" href="{}?procedure={}&amp;number=1">{}</a>',
                url,
                obj.pk,
                gettext("Thêm phiên bản đầu tiên"),
            )
        return gettext("Để sửa đổi, mở phiên bản mới nhất và chọn “Tạo phiên bản mới để sửa đổi”.")


# --- Versions --------------------------------------------------------------------------------


class VersionForm(forms.ModelForm):
    """The fields come from the admin's fieldsets; `request` is set by get_form."""

    request = None

    def clean_implementing_agencies(self):
        agencies = self.cleaned_data.get("implementing_agencies")
        if agencies is None or self.request.user.is_superuser:
            return agencies
        mine = agency_ids(self.request)
        new = {a.pk for a in agencies}
        old = set()
        if self.instance.pk:
            old = set(self.instance.implementing_agencies.values_list("pk", flat=True))
        if (new ^ old) - mine:
            raise ValidationError(
                _("Bạn không thể thêm hoặc bỏ cơ quan ngoài phạm vi bạn quản lý.")
            )
        if new and not new & mine:
            raise ValidationError(
                _("Phải có ít nhất một cơ quan thực hiện thuộc phạm vi bạn quản lý.")
            )
        if not new and self.instance.pk and old:
            raise ValidationError(_("Hãy giữ ít nhất một cơ quan thực hiện."))
        return agencies


class DateSetFilter(admin.SimpleListFilter):
    """yes: the version's `date_field` is set; no: it is empty. Subclasses name both."""

    date_field = None
    yes_no = ()

    def lookups(self, request, model_admin):
        return self.yes_no

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.date_field}__isnull": self.value() == "no"})
        return queryset


class PublishedFilter(DateSetFilter):
    title = _("công bố")
    parameter_name = "published"
    date_field = "published_at"
    yes_no = (("yes", _("Đã công bố")), ("no", _("Bản nháp")))


class LockedFilter(DateSetFilter):
    title = _("khoá")
    parameter_name = "locked"
    date_field = "locked_at"
    yes_no = (("yes", _("Đã khoá")), ("no", _("Chưa khoá")))


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(
    VersionActionsMixin, VersionColumnsMixin, VersionScopedMixin, RequestFormMixin, CatalogAdmin
):
    form = VersionForm
    action_form = VersionActionForm
    actions = ["new_draft_action", "publish_action"]
    list_display = (
        "procedure_code",
        "number",
        "name",
        "effective_from",
        "status",
        "published",
        "locked",
        "current",
    )
    list_display_links = ("procedure_code", "number", "name")
    list_filter = (PublishedFilter, LockedFilter, "status", "online_level", "field")
    list_select_related = ("procedure", "field")
    search_fields = ("procedure__code", "name", "name_en")
    autocomplete_fields = ("procedure", "field", "implementing_agencies")
    formfield_overrides = COMPACT_TEXT
    inlines = [ComponentInline, ChannelInline, ProcessStepInline]
    fieldsets = (
        (_("Tình trạng"), {"fields": ("editing",)}),
        (
            None,
            {
                "fields": (
                    "procedure",
                    "number",
                    "name",
                    "name_en",
                    "field",
                    "procedure_type",
                    "decision",
                )
            },
        ),
        (_("Hiệu lực"), {"fields": ("effective_from", "status", "published_at", "locked_at")}),
        (
            _("Cấp và cơ quan thực hiện"),
            {
                "fields": (
                    ("at_central", "at_province", "at_district", "at_commune"),
                    "competent_authority",
                    "implementing_agencies",
                )
            },
        ),
        (
            _("Đối tượng thực hiện"),
            {"fields": (("for_individuals", "for_organisations"), "applicants")},
        ),
        (_("Nội dung"), {"fields": ("steps", "requirements", "result", "legal_basis")}),
        (
            _("Dịch vụ công trực tuyến và thời hạn"),
            {"fields": ("online_level", "legacy_level", "clock_on_supplement")},
        ),
        (_("Nguồn dữ liệu"), {"fields": ("source_note",)}),
    )

    # Queryset and permissions (view and change: VersionScopedMixin)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("procedure", "field")
        return limit_to_managed_versions(request, qs)

    def has_add_permission(self, request):
        return may_use(request)

    def has_delete_permission(self, request, obj=None):
        if not may_use(request):
            return False
        return obj is None or (obj.is_draft and not obj.is_locked and manages_version(request, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting in bulk would skip the lock check of each version.
        actions.pop("delete_selected", None)
        return actions

    # Form (the request reaches it through RequestFormMixin)

    def get_readonly_fields(self, request, obj=None):
        fields = ["editing", "published_at", "locked_at"]
        if obj is not None:
            fields += ["procedure", "number"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "procedure":
            kwargs["label"] = _("thủ tục")
        if db_field.name == "procedure" and not request.user.is_superuser:
            kwargs["queryset"] = permissions.visible_procedures(
                request.user, agency_ids=agency_ids(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # VersionLocked raised by a save: the change is undone
        view = super().changeform_view
        return errors_as_messages(request, view, request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        view = super().delete_view
        return errors_as_messages(request, view, request, object_id, extra_context)

    # Columns (published, locked and current: VersionColumnsMixin; editing: VersionActionsMixin)

    @admin.display(description=_("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, obj):
        return obj.procedure.code
