"""The catalog admin of agencies, their memberships (who administers what) and fields."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Agency, Field, Membership, Role
from .base import CatalogAdmin, RequestFormMixin, agency_ids, manages_agency, may_use


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
                kwargs["queryset"] = Agency.objects.filter(pk__in=agency_ids(request))
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
    fields = ("user", "role", "title", "granted_on")
    readonly_fields = ("granted_on",)
    autocomplete_fields = ("user",)
    extra = 0

    def has_view_permission(self, request, obj=None):
        return may_use(request) and (obj is None or manages_agency(request, obj))

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
        ids = agency_ids(self.request)
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
class AgencyAdmin(RequestFormMixin, CatalogAdmin):
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

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects + [obj for obj, _fields in formset.changed_objects]:
            _warn_if_not_staff(request, membership)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=agency_ids(request))

    def has_view_permission(self, request, obj=None):
        return may_use(request) and (obj is None or manages_agency(request, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return may_use(request)

    def has_delete_permission(self, request, obj=None):
        if not may_use(request):
            return False
        if obj is None:
            return True
        # An agency named by a published version stays: close it with a closing date instead.
        if obj.procedure_versions.filter(published_at__isnull=False).exists():
            return False
        return permissions.can_delete_agency(request.user, obj, agency_ids=agency_ids(request))


@admin.register(Membership)
class MembershipAdmin(MembershipFieldsMixin, CatalogAdmin):
    list_display = ("user", "agency", "role", "granted_on")
    list_filter = ("role",)
    list_select_related = ("user", "agency")
    search_fields = ("user__username", "user__full_name", "agency__code", "agency__name")
    autocomplete_fields = ("user", "agency")
    fields = ("user", "agency", "role", "title", "granted_on")
    readonly_fields = ("granted_on",)

    def get_queryset(self, request):
        return permissions.manageable_memberships(
            request.user, agency_ids=agency_ids(request)
        ).select_related("user", "agency")

    def has_view_permission(self, request, obj=None):
        return may_use(request) and (obj is None or manages_agency(request, obj.agency))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return may_use(request)

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
        return may_use(request)

    def has_change_permission(self, request, obj=None):
        return may_use(request) and request.user.is_superuser

    def has_add_permission(self, request):
        return self.has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
