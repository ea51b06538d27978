"""Delivery status for the system administrators, with a resend action.

Messages carry personal data (names, addresses, what a dossier asks), so only superusers
(system administrators) see them here; officers see what was sent through the dossier.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import dispatch
from .models import Delivery, Notification, Preference


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(SuperuserOnly, admin.TabularInline):
    model = Delivery
    fk_name = "notification"
    fields = ["channel", "address", "state", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields
    extra = 0


@admin.register(Notification)
class NotificationAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["created_at", "template", "name", "legal", "digest", "read_at"]
    list_filter = ["legal", "digest", "template"]
    search_fields = ["key", "name", "email", "phone"]
    readonly_fields = [
        "key",
        "recipient",
        "name",
        "email",
        "phone",
        "template",
        "context",
        "link",
        "language",
        "legal",
        "digest",
        "fallback",
        "created_at",
        "read_at",
    ]
    inlines = [DeliveryInline]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = [
        "created_at",
        "channel",
        "address",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["state", "channel"]
    search_fields = ["address", "notification__key"]
    readonly_fields = [
        "notification",
        "channel",
        "address",
        "state",
        "attempts",
        "next_attempt_at",
        "lease_until",
        "last_error",
        "sent_at",
        "created_at",
        "digest_of",
    ]
    list_select_related = ["notification"]
    actions = ["resend"]

    @admin.action(description=_("Gửi lại các thông báo đã chọn"))
    def resend(self, request, queryset):
        count = dispatch.resend(queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "Đã xếp %(count)d lần gửi vào hàng đợi.",
                "Đã xếp %(count)d lần gửi vào hàng đợi.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Preference)
class PreferenceAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["user", "email", "sms"]
    search_fields = ["user__username", "user__full_name"]
    readonly_fields = ["user", "email", "sms"]
