"""Profiles and document stores in the admin: read-mostly, for superusers only. Changes go
through the services (the applicant's own pages and API); an administrator may only correct a
profile's verification flag."""

from django.contrib import admin

from .models import Profile, StoredDocument


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


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    """The personal document stores: personal data, so superusers only, and read-only (the
    applicant adds and deletes through their own pages; results come from the dossiers). The
    file itself is not offered here: only its name, size and checksum."""

    list_display = ["title", "owner", "kind", "result_code", "original_name", "size", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "result_code", "owner__username", "owner__full_name"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    fields = [
        "owner",
        "kind",
        "title",
        "result_code",
        "issuer",
        "issued_at",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "created_at",
    ]
    readonly_fields = fields
    actions = None

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
