"""The catalog admin of the working-day calendar (days off and make-up working days)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..calendar import public_holiday_name
from ..geography import province_name
from ..models import CalendarDay
from .base import COMPACT_TEXT, CatalogAdmin, may_use

# --- The working-day calendar ----------------------------------------------------------------


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
        return may_use(request)

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
