"""The catalog admin: agencies, memberships, fields, procedures and their versions.

Who sees what is decided in `procedures.permissions` (superusers: everything; agency
administrators: their subtree), never by Django's model permissions, so other staff roles see
nothing here. A version that is locked or already in force is read-only: the way to change it
is the "new version" button or action, which calls `services.version_new_draft`; publishing
calls `services.version_publish`. Errors from services become admin messages.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .calendar import public_holiday_name
from .geography import province_name
from .models import (
    LOCKED_MESSAGE,
    Agency,
    CalendarDay,
    Channel,
    Component,
    FeeLine,
    Field,
    Membership,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    Role,
)

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


# --- Per-request permission helpers ---------------------------------------------------------
# The admin asks the same question many times per page (each inline, each button): the
# answers are kept on the request.


def _may_use(request) -> bool:
    if not hasattr(request, "_catalog_may_use"):
        request._catalog_may_use = permissions.can_use_catalog_admin(request.user)
    return request._catalog_may_use


def _agency_ids(request) -> set[int]:
    if not hasattr(request, "_catalog_agency_ids"):
        request._catalog_agency_ids = (
            set()
            if request.user.is_superuser
            else permissions.administered_agency_ids(request.user)
        )
    return request._catalog_agency_ids


def _manages_agency(request, agency) -> bool:
    return _may_use(request) and permissions.can_manage_agency(
        request.user, agency, agency_ids=_agency_ids(request)
    )


def _manages_version(request, version) -> bool:
    if not _may_use(request):
        return False
    cache = request.__dict__.setdefault("_catalog_versions", {})
    if version.pk not in cache:
        cache[version.pk] = permissions.can_manage_version(
            request.user, version, agency_ids=_agency_ids(request)
        )
    return cache[version.pk]


def _edits_version(request, version) -> bool:
    return not permissions.version_is_read_only(version) and _manages_version(request, version)


def _error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def _change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


def _money(amount) -> str:
    """8000 → '8.000' (Vietnamese thousands separator)."""
    return f"{amount:,.0f}".replace(",", ".")


def _parse_date(value: str | None) -> datetime.date | None:
    """A date typed by the user (ISO or the local format); None when empty; ValidationError."""
    if not value:
        return None
    return forms.DateField(required=False).clean(value)


class CatalogAdmin(admin.ModelAdmin):
    """Only superusers and agency administrators see the catalog admin."""

    def has_module_permission(self, request):
        return _may_use(request)

    def get_object(self, request, object_id, from_field=None):
        """Outside the user's reach or absent: 404, rather than the admin's redirect."""
        if not _may_use(request):
            raise PermissionDenied
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("Không tìm thấy hoặc bạn không có quyền truy cập."))
        return obj

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk deletion skips the per-object checks below.
            actions.pop("delete_selected", None)
        return actions


class UserByUsernameField(forms.ModelChoiceField):
    """Picks a user by exact user name, so agency administrators cannot browse all accounts."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": _("Không có tài khoản đang hoạt động với tên đăng nhập này."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Tên đăng nhập của cán bộ."))
        kwargs.pop("queryset", None)
        super().__init__(
            queryset=get_user_model().objects.filter(is_active=True),
            to_field_name="username",
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, int):
            return (
                get_user_model().objects.filter(pk=value).values_list("username", flat=True).first()
            )
        return super().prepare_value(value)


class MembershipFieldsMixin:
    """User and agency fields of a membership, chosen within the user's reach."""

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if request.user.is_superuser:
            return fields
        return tuple(f for f in fields if f != "user")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["label"] = _("cán bộ")
            if not request.user.is_superuser:
                return UserByUsernameField(label=kwargs["label"], required=True)
        if db_field.name == "agency":
            kwargs["label"] = _("cơ quan")
            if not request.user.is_superuser:
                kwargs["queryset"] = Agency.objects.filter(pk__in=_agency_ids(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("ngày phân công"))
    def granted_on(self, obj):
        return formats.date_format(timezone.localtime(obj.created_at)) if obj.created_at else ""


# --- Agencies and memberships ----------------------------------------------------------------


def _warn_if_not_staff(request, membership):
    """An agency administrator also needs staff access, which only a superuser grants."""
    if membership.role == Role.AGENCY_ADMIN and not membership.user.is_staff:
        messages.warning(
            request,
            gettext(
                "{user} chưa có quyền vào trang quản trị: quản trị hệ thống cần bật “Trạng thái "
                "nhân viên” cho tài khoản này."
            ).format(user=membership.user),
        )


class MembershipInline(MembershipFieldsMixin, admin.TabularInline):
    model = Membership
    fields = ("user", "role", "granted_on")
    readonly_fields = ("granted_on",)
    autocomplete_fields = ("user",)
    extra = 0

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_agency(request, obj))

    def has_add_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)


class AgencyForm(forms.ModelForm):
    """The fields come from AgencyAdmin.fieldsets; `request` is set by get_form."""

    request = None

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        if parent and self.instance.pk and parent.pk in permissions.subtree_ids({self.instance.pk}):
            self.add_error(
                "parent", _("Không thể chọn chính cơ quan này hoặc đơn vị cấp dưới của nó.")
            )
        user = self.request.user
        if user.is_superuser:
            return cleaned
        ids = _agency_ids(self.request)
        for name in ("parent", "successor"):
            value = cleaned.get(name)
            if name in self.changed_data and value and value.pk not in ids:
                self.add_error(name, _("Chỉ được chọn cơ quan thuộc phạm vi bạn quản lý."))
        if not parent and (not self.instance.pk or "parent" in self.changed_data):
            self.add_error("parent", _("Hãy chọn cơ quan cấp trên thuộc phạm vi bạn quản lý."))
        return cleaned


class ActiveFilter(admin.SimpleListFilter):
    title = _("hoạt động")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return (("yes", _("Đang hoạt động")), ("no", _("Đã chấm dứt")))

    def queryset(self, request, queryset):
        today = timezone.localdate()
        active = models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=today)
        if self.value() == "yes":
            return queryset.filter(active)
        if self.value() == "no":
            return queryset.exclude(active)
        return queryset


@admin.register(Agency)
class AgencyAdmin(CatalogAdmin):
    form = AgencyForm
    list_display = ("code", "name", "level", "kind", "has_desk", "parent", "closed_on")
    list_filter = ("level", "kind", "has_desk", ActiveFilter)
    list_select_related = ("parent",)
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent", "successor")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "level", "parent")}),
        (_("Bộ phận Một cửa"), {"fields": ("has_desk", "desk_hours")}),
        (
            _("Liên hệ, địa chỉ"),
            {"fields": ("province_code", "ward_code", "street_address", "phone", "email")},
        ),
        (_("Sáp nhập, giải thể"), {"fields": ("closed_on", "successor")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            _warn_if_not_staff(request, membership)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=_agency_ids(request))

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_agency(request, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return _may_use(request)

    def has_delete_permission(self, request, obj=None):
        if not _may_use(request):
            return False
        if obj is None:
            return True
        # An agency named by a published version stays: close it with a closing date instead.
        if obj.procedure_versions.filter(published_at__isnull=False).exists():
            return False
        return permissions.can_delete_agency(request.user, obj, agency_ids=_agency_ids(request))


@admin.register(Membership)
class MembershipAdmin(MembershipFieldsMixin, CatalogAdmin):
    list_display = ("user", "agency", "role", "granted_on")
    list_filter = ("role",)
    list_select_related = ("user", "agency")
    search_fields = ("user__username", "user__full_name", "agency__code", "agency__name")
    autocomplete_fields = ("user", "agency")
    fields = ("user", "agency", "role", "granted_on")
    readonly_fields = ("granted_on",)

    def get_queryset(self, request):
        return permissions.manageable_memberships(
            request.user, agency_ids=_agency_ids(request)
        ).select_related("user", "agency")

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_agency(request, obj.agency))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return _may_use(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _warn_if_not_staff(request, obj)


@admin.register(Field)
class FieldAdmin(CatalogAdmin):
    """Fields are national: agency administrators read them, superusers edit them."""

    list_display = ("code", "name", "sector", "sort_order")
    search_fields = ("code", "name", "sector")
    list_filter = ("sector",)

    def has_view_permission(self, request, obj=None):
        return _may_use(request)

    def has_change_permission(self, request, obj=None):
        return _may_use(request) and request.user.is_superuser

    def has_add_permission(self, request):
        return self.has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


# --- Procedures ------------------------------------------------------------------------------


class VersionsInline(admin.TabularInline):
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
        if request.user.is_superuser:
            return qs
        return qs.filter(
            pk__in=permissions.manageable_versions(
                request.user, agency_ids=_agency_ids(request)
            ).values("pk")
        )

    def has_view_permission(self, request, obj=None):
        return _may_use(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("đã công bố"), boolean=True)
    def published(self, obj):
        return obj.published_at is not None

    @admin.display(description=_("đã khoá"), boolean=True)
    def locked(self, obj):
        return obj.locked_at is not None

    @admin.display(description=_("đang hiệu lực"), boolean=True)
    def current(self, obj):
        return obj.procedure.current_version_id == obj.pk


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
            request.user, agency_ids=_agency_ids(request)
        ).select_related("current_version")

    def has_view_permission(self, request, obj=None):
        return _may_use(request)

    def has_add_permission(self, request):
        return _may_use(request)

    def has_change_permission(self, request, obj=None):
        # The national code is an identity: only system administrators correct it.
        return _may_use(request) and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        if not (_may_use(request) and request.user.is_superuser):
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


# --- Versions and their parts ----------------------------------------------------------------


class VersionPartInline(admin.TabularInline):
    """Parts of a version: editable only while the version is."""

    extra = 0
    formfield_overrides = COMPACT_TEXT

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_version(request, obj))

    def has_change_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _edits_version(request, obj))

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class ComponentInline(VersionPartInline):
    model = Component
    fields = (
        "order",
        "name",
        "template",
        "template_name",
        "originals",
        "certified_copies",
        "photocopies",
        "required",
        "from_document_store",
        "note",
    )


class ChannelInline(VersionPartInline):
    model = Channel
    fields = ("kind", "duration_value", "duration_unit", "duration_text", "description", "fees")
    readonly_fields = ("fees",)
    show_change_link = True

    @admin.display(description=_("phí, lệ phí"))
    def fees(self, obj):
        if not obj.pk:
            return gettext("Lưu trước, sau đó mở cách thức để nhập phí, lệ phí.")
        lines = list(obj.fees.all())
        if not lines:
            return gettext("Không thu phí (mở để thêm)")
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} đ",
            ((f.description, _money(f.amount)) for f in lines),
        )


class ProcessStepInline(VersionPartInline):
    model = ProcessStep
    fields = (
        "order",
        "name",
        "responsible_unit",
        "responsible_role",
        "budget_value",
        "budget_unit",
    )


class VersionForm(forms.ModelForm):
    """The fields come from the admin's fieldsets; `request` is set by get_form."""

    request = None

    def clean_implementing_agencies(self):
        agencies = self.cleaned_data.get("implementing_agencies")
        if agencies is None or self.request.user.is_superuser:
            return agencies
        mine = _agency_ids(self.request)
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


class VersionActionForm(ActionForm):
    effective_from = forms.DateField(
        label=_(
            "Ngày hiệu lực (để trống: hôm nay khi tạo phiên bản mới, ngày đã nhập khi công bố)"
        ),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class PublishedFilter(admin.SimpleListFilter):
    title = _("công bố")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return (("yes", _("Đã công bố")), ("no", _("Bản nháp")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(published_at__isnull=self.value() == "no")
        return queryset


class LockedFilter(admin.SimpleListFilter):
    title = _("khoá")
    parameter_name = "locked"

    def lookups(self, request, model_admin):
        return (("yes", _("Đã khoá")), ("no", _("Chưa khoá")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(locked_at__isnull=self.value() == "no")
        return queryset


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(CatalogAdmin):
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
    search_fields = ("procedure__code", "name")
    autocomplete_fields = ("procedure", "field", "implementing_agencies")
    formfield_overrides = COMPACT_TEXT
    inlines = [ComponentInline, ChannelInline, ProcessStepInline]
    fieldsets = (
        (_("Tình trạng"), {"fields": ("editing",)}),
        (None, {"fields": ("procedure", "number", "name", "field", "procedure_type", "decision")}),
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

    # Queryset and permissions

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("procedure", "field")
        if request.user.is_superuser:
            return qs
        return qs.filter(
            pk__in=permissions.manageable_versions(
                request.user, agency_ids=_agency_ids(request)
            ).values("pk")
        )

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_version(request, obj))

    def has_change_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _edits_version(request, obj))

    def has_add_permission(self, request):
        return _may_use(request)

    def has_delete_permission(self, request, obj=None):
        if not _may_use(request):
            return False
        return obj is None or (
            obj.is_draft and not obj.is_locked and _manages_version(request, obj)
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting in bulk would skip the lock check of each version.
        actions.pop("delete_selected", None)
        return actions

    # Form

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

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
                request.user, agency_ids=_agency_ids(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:  # VersionLocked raised by a save: the change is undone
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(request.path)

    # Columns

    @admin.display(description=_("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, obj):
        return obj.procedure.code

    @admin.display(description=_("đã công bố"), boolean=True)
    def published(self, obj):
        return obj.published_at is not None

    @admin.display(description=_("đã khoá"), boolean=True)
    def locked(self, obj):
        return obj.locked_at is not None

    @admin.display(description=_("đang hiệu lực"), boolean=True)
    def current(self, obj):
        return obj.procedure.current_version_id == obj.pk

    @admin.display(description=_("chỉnh sửa"))
    def editing(self, obj):
        """Why the version can or cannot be edited, and the buttons that act on it."""
        if obj is None or obj.pk is None:
            return gettext("Phiên bản mới được lưu dưới dạng bản nháp; công bố sau khi kiểm tra.")
        today = timezone.localdate().isoformat()
        new_draft = format_html(
            '<p><label for="id_new_draft_effective_from">{}</label> '
            '<input type="date" name="new_draft_effective_from" '
            'id="id_new_draft_effective_from" value="{}"> '
            '<button type="submit" class="button" formaction="{}" formmethod="post" '
            "formnovalidate>{}</button></p>",
            gettext("Ngày hiệu lực của phiên bản mới:"),
            today,
            reverse("admin:procedures_procedureversion_new_draft", args=[quote(obj.pk)]),
            gettext("Tạo phiên bản mới để sửa đổi"),
        )
        if obj.locked_at is not None:
            return format_html("<p><strong>{}</strong></p>{}", LOCKED_MESSAGE, new_draft)
        if permissions.version_is_read_only(obj):
            return format_html(
                "<p><strong>{}</strong></p>{}",
                gettext(
                    "Phiên bản đã công bố và đang có hiệu lực nên không được sửa trực tiếp. "
                    "Hãy tạo phiên bản mới để sửa đổi."
                ),
                new_draft,
            )
        if obj.published_at is not None:
            return format_html(
                "<p>{}</p>",
                gettext(
                    "Đã công bố, có hiệu lực từ {date}: còn sửa được đến ngày hiệu lực."
                ).format(date=formats.date_format(obj.effective_from)),
            )
        return format_html(
            '<p>{}</p><p><button type="submit" class="button default" formaction="{}" '
            'formmethod="post" formnovalidate>{}</button></p>',
            gettext(
                "Bản nháp: sửa được. Lưu các thay đổi trước khi công bố; sau khi công bố và đến "
                "ngày hiệu lực, phiên bản không được sửa nữa."
            ),
            reverse("admin:procedures_procedureversion_publish", args=[quote(obj.pk)]),
            gettext("Công bố"),
        )

    # Buttons of the change page

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/new-draft/",
                self.admin_site.admin_view(require_POST(self.new_draft_view)),
                name="{}_{}_new_draft".format(*info),
            ),
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="{}_{}_publish".format(*info),
            ),
        ] + super().get_urls()

    def _get_version(self, request, object_id):
        version = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, version):
            raise Http404
        return version

    def new_draft_view(self, request, object_id):
        version = self._get_version(request, object_id)
        try:
            effective_from = _parse_date(request.POST.get("new_draft_effective_from"))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(_change_url(version))
        return self._new_draft(request, version, effective_from or timezone.localdate())

    def publish_view(self, request, object_id):
        version = self._get_version(request, object_id)
        try:
            effective_from = _parse_date(request.POST.get("publish_effective_from"))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(_change_url(version))
        self._publish(request, version, effective_from)
        return redirect(_change_url(version))

    # Actions of the list

    @admin.action(description=_("Tạo phiên bản mới để sửa đổi"), permissions=["change"])
    def new_draft_action(self, request, queryset):
        try:
            effective_from = _parse_date(request.POST.get("effective_from"))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return None
        effective_from = effective_from or timezone.localdate()
        by_procedure = {}
        for version in queryset.order_by("procedure_id", "-number"):
            by_procedure.setdefault(version.procedure_id, version)
        responses = [self._new_draft(request, v, effective_from) for v in by_procedure.values()]
        return responses[0] if len(responses) == 1 else None

    @admin.action(description=_("Công bố"), permissions=["change"])
    def publish_action(self, request, queryset):
        try:
            effective_from = _parse_date(request.POST.get("effective_from"))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return
        for version in queryset:
            self._publish(request, version, effective_from)

    # The calls to services

    def _new_draft(self, request, version, effective_from):
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        existing = (
            ProcedureVersion.objects.filter(procedure_id=version.procedure_id, published_at=None)
            .order_by("-number")
            .first()
        )
        if existing is not None:
            messages.warning(
                request,
                gettext(
                    "Thủ tục {code} đã có bản nháp (phiên bản số {number}): hãy sửa bản nháp đó."
                ).format(code=version.procedure.code, number=existing.number),
            )
            if self.has_view_permission(request, existing):
                return redirect(_change_url(existing))
            return redirect(_change_url(version))
        try:
            draft = services.version_new_draft(
                procedure_id=version.procedure_id, effective_from=effective_from
            )
        except (ValidationError, ValueError) as exc:
            messages.error(request, _error_text(exc))
            return redirect(_change_url(version))
        self.log_addition(request, draft, [{"added": {}}])
        messages.success(
            request,
            gettext(
                "Đã tạo bản nháp phiên bản số {number} của thủ tục {code}, sao chép từ phiên bản "
                "số {source}, hiệu lực dự kiến từ {date}."
            ).format(
                number=draft.number,
                code=version.procedure.code,
                source=draft.number - 1,
                date=formats.date_format(draft.effective_from),
            ),
        )
        return redirect(_change_url(draft))

    def _publish(self, request, version, effective_from):
        label = f"{version.procedure.code} v{version.number}"
        if not _manages_version(request, version):
            raise PermissionDenied
        if not version.is_draft:
            messages.error(
                request, gettext("{label}: phiên bản này đã được công bố.").format(label=label)
            )
            return
        if not request.user.is_superuser and not (
            set(version.implementing_agencies.values_list("pk", flat=True)) & _agency_ids(request)
        ):
            messages.error(
                request,
                gettext("{label}: hãy chọn cơ quan thực hiện trước khi công bố.").format(
                    label=label
                ),
            )
            return
        try:
            published = services.version_publish(
                version_id=version.pk, effective_from=effective_from
            )
        except ValidationError as exc:
            messages.error(request, f"{label}: {_error_text(exc)}")
            return
        self.log_change(request, published, [{"changed": {"fields": ["published_at"]}}])
        messages.success(
            request,
            gettext("Đã công bố {label}, hiệu lực từ {date}.").format(
                label=label, date=formats.date_format(published.effective_from)
            ),
        )


# --- Channels and their fees -----------------------------------------------------------------


class FeeLineInline(admin.TabularInline):
    model = FeeLine
    extra = 0
    formfield_overrides = COMPACT_TEXT
    fields = ("kind", "description", "amount", "unit", "cap", "exemptions", "legal_basis")

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_version(request, obj.version))

    def has_change_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _edits_version(request, obj.version))

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(Channel)
class ChannelAdmin(CatalogAdmin):
    """Reached from a version's page, to edit the fees of one channel."""

    list_display = ("version", "kind", "duration_label")
    list_select_related = ("version", "version__procedure")
    fields = (
        "version_link",
        "kind",
        "duration_value",
        "duration_unit",
        "duration_text",
        "description",
    )
    readonly_fields = ("version_link",)
    formfield_overrides = COMPACT_TEXT
    inlines = [FeeLineInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("version", "version__procedure")
        if request.user.is_superuser:
            return qs
        return qs.filter(
            version__in=permissions.manageable_versions(
                request.user, agency_ids=_agency_ids(request)
            ).values("pk")
        )

    def get_model_perms(self, request):
        # Not listed on the index: channels are opened from their version.
        return {"add": False, "change": False, "delete": False, "view": False}

    def has_view_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _manages_version(request, obj.version))

    def has_change_permission(self, request, obj=None):
        return _may_use(request) and (obj is None or _edits_version(request, obj.version))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("phiên bản thủ tục"))
    def version_link(self, obj):
        return format_html('<a href="{}">{}</a>', _change_url(obj.version), obj.version)

    def response_post_save_change(self, request, obj):
        return redirect(_change_url(obj.version))

    def response_delete(self, request, obj_display, obj_id):
        return redirect(reverse("admin:procedures_procedureversion_changelist"))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return HttpResponseRedirect(request.path)


# --- The working-day calendar ----------------------------------------------------------------
# (Imported here so that this section stays one block at the end of the module.)


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "province_code", "kind", "name", "note")

    def clean_province_code(self):
        code = self.cleaned_data.get("province_code")
        if code is not None and not province_name(code):
            raise ValidationError(_("Không có tỉnh/thành phố nào mang mã này."))
        return code


class CalendarScopeFilter(admin.SimpleListFilter):
    title = _("phạm vi")
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        codes = (
            CalendarDay.objects.filter(province_code__isnull=False)
            .order_by("province_code")
            .values_list("province_code", flat=True)
            .distinct()
        )
        return [("all", _("Toàn quốc"))] + [
            (str(code), province_name(code) or str(code)) for code in codes
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset.filter(province_code__isnull=True)
        if value and value.isdigit():
            return queryset.filter(province_code=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(CatalogAdmin):
    """Days off and make-up working days declared each year, on top of the public holidays.

    The public holidays themselves (and the swaps already announced) come from the `holidays`
    package: the "ngày lễ đã biết" column shows what it knows of each date. Every deadline of
    the province depends on these rows, so only system administrators (superusers) change
    them; agency administrators may read them; nobody else sees them.
    """

    form = CalendarDayForm
    list_display = ("date", "weekday", "kind", "name", "scope", "known_holiday")
    list_display_links = ("date", "name")
    list_filter = ("kind", CalendarScopeFilter)
    date_hierarchy = "date"
    search_fields = ("name", "note")
    formfield_overrides = COMPACT_TEXT

    def has_view_permission(self, request, obj=None):
        return _may_use(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("thứ"), ordering="date")
    def weekday(self, obj):
        return formats.date_format(obj.date, "l")

    @admin.display(description=_("phạm vi"), ordering="province_code")
    def scope(self, obj):
        if obj.province_code is None:
            return gettext("Toàn quốc")
        return province_name(obj.province_code) or str(obj.province_code)

    @admin.display(description=_("ngày lễ đã biết"))
    def known_holiday(self, obj):
        return public_holiday_name(obj.date) or "—"
