from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User

admin.site.site_header = _("Quản trị Một Cửa")
admin.site.site_title = _("Quản trị Một Cửa")
admin.site.index_title = _("Quản trị hệ thống")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Liên hệ"), {"fields": ("full_name", "phone")}),)
    list_display = ("username", "full_name", "email", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email")
