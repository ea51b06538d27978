"""What every dossier admin shares: who may use it, the scope of dossiers a user sees, the
read-only base and the link to a row's dossier."""

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.models import Role

from .. import permissions as perms
from ..states import State

DESK_ROLES = frozenset({Role.DESK_OFFICER, Role.HEAD_OF_UNIT})
UNIT_ROLES = frozenset({Role.SPECIALIST, Role.HEAD_OF_UNIT, Role.LEADER})


def _agencies(user, roles) -> set[int]:
    return {agency for agency, role in perms.memberships(user) if role in roles}


def _may_use(request) -> bool:
    """Active staff with a dossier role somewhere (or superusers); cached on the request."""
    if not hasattr(request, "_dossier_admin"):
        user = request.user
        request._dossier_admin = bool(
            user.is_active
            and user.is_staff
            and (user.is_superuser or _agencies(user, DESK_ROLES | UNIT_ROLES))
        )
    return request._dossier_admin


def dossier_scope(user, prefix="") -> Q:
    """The dossiers `user` sees in the admin, as a filter (prefix: from a related model)."""
    if user.is_superuser:
        return Q()
    desk, unit = _agencies(user, DESK_ROLES), _agencies(user, UNIT_ROLES)
    seen = (
        Q(**{f"{prefix}receiving_unit_id__in": desk})
        | Q(**{f"{prefix}processing_unit_id__in": unit})
        | Q(**{f"{prefix}competent_agency_id__in": unit})
    )
    private_draft = Q(**{f"{prefix}state": State.DRAFT, f"{prefix}applicant__isnull": False})
    return seen & ~private_draft


class ReadOnlyAdmin(admin.ModelAdmin):
    """Scoped, read-only: nothing is added, changed or deleted through the admin's forms."""

    actions = None
    show_facets = admin.ShowFacets.NEVER

    def has_module_permission(self, request):
        return _may_use(request)

    def has_view_permission(self, request, obj=None):
        return _may_use(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        """Outside the user's reach or absent: 404, rather than the admin's redirect."""
        obj = super().get_object(request, object_id, from_field) if _may_use(request) else None
        if obj is None:
            raise Http404(gettext("Không tìm thấy hồ sơ hoặc bạn không có quyền xem."))
        return obj


class DossierLinkMixin:
    """A list column linking each row to its dossier's page."""

    @admin.display(description=_("hồ sơ"), ordering="dossier__code")
    def dossier_link(self, obj):
        url = reverse("admin:dossiers_dossier_change", args=[quote(obj.dossier_id)])
        return format_html('<a href="{}">{}</a>', url, obj.dossier)
