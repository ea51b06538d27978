"""Agencies' signing credentials: configured by the system administrators (superusers), who
hold the server's files and environment; the passphrase itself never enters the admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..signing.models import SigningCredential


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "appearance", "sign_slips", "enabled")
    list_filter = ("enabled", "kind", "appearance")
    search_fields = ("agency__code", "agency__name", "person__username", "person__full_name")
    autocomplete_fields = ("agency", "person")
    fieldsets = (
        (None, {"fields": ("agency", "person", "kind", "passphrase_env", "enabled")}),
        (_("Tệp PKCS#12"), {"fields": ("pkcs12_path",)}),
        (_("Token hoặc HSM (PKCS#11)"), {"fields": ("pkcs11_library", "token_label", "key_label")}),
        (_("Chữ ký trên văn bản"), {"fields": ("appearance", "sign_slips")}),
    )

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
