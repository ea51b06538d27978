"""Agencies' signing credentials: configured by the system administrators (superusers), who
hold the server's files and environment; the passphrase itself never enters the admin."""

from django.contrib import admin

from ..signing.models import SigningCredential


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = ("agency", "appearance", "enabled", "pkcs12_path")
    list_filter = ("enabled", "appearance")
    search_fields = ("agency__code", "agency__name")
    autocomplete_fields = ("agency",)
    fields = ("agency", "pkcs12_path", "passphrase_env", "appearance", "sign_slips", "enabled")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
