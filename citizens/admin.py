"""Profiles in the admin: read-mostly, for superusers only. Changes go through the services
(the applicant's own pages and API); an administrator may only correct a verification flag."""

from django.contrib import admin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["identifier", "user", "kind", "email_verified_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["id_number", "tax_code", "user__full_name", "user__email"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "kind",
        "id_number",
        "date_of_birth",
        "tax_code",
        "representative_name",
        "representative_title",
        "province_code",
        "ward_code",
        "street",
        "created_at",
        "updated_at",
    ]
    fields = (
        readonly_fields[:10] + ["email_verified_at", "phone_verified_at"] + readonly_fields[10:]
    )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
