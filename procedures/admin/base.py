"""Shared pieces of the catalog admin.

The per-request permission helpers, the `CatalogAdmin` base of every admin in the package,
the mixins its admins share (forms that need the request, permissions that follow a version)
and the wrapping of service errors into admin messages.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from .. import permissions

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


# --- Per-request permission helpers ---------------------------------------------------------
# The admin asks the same question many times per page (each inline, each button): the
# answers are kept on the request.


def may_use(request) -> bool:
    if not hasattr(request, "_catalog_may_use"):
        request._catalog_may_use = permissions.can_use_catalog_admin(request.user)
    return request._catalog_may_use


def agency_ids(request) -> set[int]:
    if not hasattr(request, "_catalog_agency_ids"):
        request._catalog_agency_ids = (
            set()
            if request.user.is_superuser
            else permissions.administered_agency_ids(request.user)
        )
    return request._catalog_agency_ids


def manages_agency(request, agency) -> bool:
    return may_use(request) and permissions.can_manage_agency(
        request.user, agency, agency_ids=agency_ids(request)
    )


def manages_version(request, version) -> bool:
    if not may_use(request):
        return False
    cache = request.__dict__.setdefault("_catalog_versions", {})
    if version.pk not in cache:
        cache[version.pk] = permissions.can_manage_version(
            request.user, version, agency_ids=agency_ids(request)
        )
    return cache[version.pk]


def edits_version(request, version) -> bool:
    return not permissions.version_is_read_only(version) and manages_version(request, version)


def limit_to_managed_versions(request, queryset, lookup="pk__in"):
    """The rows whose version (`lookup`) the user manages; every row for a superuser."""
    if request.user.is_superuser:
        return queryset
    managed = permissions.manageable_versions(request.user, agency_ids=agency_ids(request))
    return queryset.filter(**{lookup: managed.values("pk")})


# --- Errors and links --------------------------------------------------------------------------


def error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc)


def errors_as_messages(request, view, *args):
    """Runs `view`; a ValidationError it raises becomes an error message and a redirect back."""
    try:
        return view(*args)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(request.path)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


# --- Bases and mixins ------------------------------------------------------------------------


class CatalogAdmin(admin.ModelAdmin):
    """Only superusers and agency administrators see the catalog admin."""

    def has_module_permission(self, request):
        return may_use(request)

    def get_object(self, request, object_id, from_field=None):
        """Outside the user's reach or absent: 404, rather than the admin's redirect."""
        if not may_use(request):
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


class RequestFormMixin:
    """Hands the request to the admin's form (as `form.request`), for checks that need the user."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form


class VersionScopedMixin:
    """Seen by whoever manages the version, changed and deleted only while it is editable.

    `version_of(obj)` names the version of the object the admin is asked about: the object
    itself, unless a subclass says otherwise.
    """

    @staticmethod
    def version_of(obj):
        return obj

    def has_view_permission(self, request, obj=None):
        return may_use(request) and (obj is None or manages_version(request, self.version_of(obj)))

    def has_change_permission(self, request, obj=None):
        return may_use(request) and (obj is None or edits_version(request, self.version_of(obj)))

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
