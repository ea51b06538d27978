"""New version and publish: the buttons of a version's page and the actions of the list.

A version that is locked or already in force is read-only: the way to change it is a new
draft, made by `services.version_new_draft`; a draft goes live through
`services.version_publish`. Errors from services become admin messages.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import permissions, services
from ..models import LOCKED_MESSAGE, ProcedureVersion
from .base import agency_ids, change_url, error_text, manages_version

_INVALID = object()


def _parse_date(value: str | None) -> datetime.date | None:
    """A date typed by the user (ISO or the local format); None when empty; ValidationError."""
    if not value:
        return None
    return forms.DateField(required=False).clean(value)


def _posted_date(request, name):
    """The date posted as `name` (see `_parse_date`); a bad one: an error message and _INVALID."""
    try:
        return _parse_date(request.POST.get(name))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _INVALID


class VersionActionForm(ActionForm):
    effective_from = forms.DateField(
        label=_(
            "Ngày hiệu lực (để trống: hôm nay khi tạo phiên bản mới, ngày đã nhập khi công bố)"
        ),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class VersionActionsMixin:
    """For the ProcedureVersion admin: the "editing" field, its buttons and the list actions."""

    @admin.display(description=_("chỉnh sửa"))
    def editing(self, obj):
        """Why the version can or cannot be edited, and the buttons that act on it."""
        if obj is None or obj.pk is None:
            return gettext("Phiên bản mới được lưu dưới dạng bản nháp; công bố sau khi kiểm tra.")
        today = timezone.localdate().isoformat()
        new_draft = format_html(
            '<p><label for="id_new_draft_effective_from">{}</label> '
            '<input type="date" name="new_draft_effective_from" '
            'id="id_new_draft_effective_from" value="{}"> '
            '<button type="submit" class="button" formaction="{}" formmethod="post" '
            "formnovalidate>{}</button></p>",
            gettext("Ngày hiệu lực của phiên bản mới:"),
            today,
            reverse("admin:procedures_procedureversion_new_draft", args=[quote(obj.pk)]),
            gettext("Tạo phiên bản mới để sửa đổi"),
        )
        if obj.locked_at is not None:
            return format_html("<p><strong>{}</strong></p>{}", LOCKED_MESSAGE, new_draft)
        if permissions.version_is_read_only(obj):
            return format_html(
                "<p><strong>{}</strong></p>{}",
                gettext(
                    "Phiên bản đã công bố và đang có hiệu lực nên không được sửa trực tiếp. "
                    "Hãy tạo phiên bản mới để sửa đổi."
                ),
                new_draft,
            )
        if obj.published_at is not None:
            return format_html(
                "<p>{}</p>",
                gettext(
                    "Đã công bố, có hiệu lực từ {date}: còn sửa được đến ngày hiệu lực."
                ).format(date=formats.date_format(obj.effective_from)),
            )
        return format_html(
            '<p>{}</p><p><button type="submit" class="button default" formaction="{}" '
            'formmethod="post" formnovalidate>{}</button></p>',
            gettext(
                "Bản nháp: sửa được. Lưu các thay đổi trước khi công bố; sau khi công bố và đến "
                "ngày hiệu lực, phiên bản không được sửa nữa."
            ),
            reverse("admin:procedures_procedureversion_publish", args=[quote(obj.pk)]),
            gettext("Công bố"),
        )

    # Buttons of the change page

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/new-draft/",
                self.admin_site.admin_view(require_POST(self.new_draft_view)),
                name="{}_{}_new_draft".format(*info),
            ),
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="{}_{}_publish".format(*info),
            ),
        ] + super().get_urls()

    def _get_version(self, request, object_id):
        version = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, version):
            raise Http404
        return version

    def new_draft_view(self, request, object_id):
        version = self._get_version(request, object_id)
        effective_from = _posted_date(request, "new_draft_effective_from")
        if effective_from is _INVALID:
            return redirect(change_url(version))
        return self._new_draft(request, version, effective_from or timezone.localdate())

    def publish_view(self, request, object_id):
        version = self._get_version(request, object_id)
        effective_from = _posted_date(request, "publish_effective_from")
        if effective_from is not _INVALID:
            self._publish(request, version, effective_from)
        return redirect(change_url(version))

    # Actions of the list

    @admin.action(description=_("Tạo phiên bản mới để sửa đổi"), permissions=["change"])
    def new_draft_action(self, request, queryset):
        effective_from = _posted_date(request, "effective_from")
        if effective_from is _INVALID:
            return None
        effective_from = effective_from or timezone.localdate()
        by_procedure = {}
        for version in queryset.order_by("procedure_id", "-number"):
            by_procedure.setdefault(version.procedure_id, version)
        responses = [self._new_draft(request, v, effective_from) for v in by_procedure.values()]
        return responses[0] if len(responses) == 1 else None

    @admin.action(description=_("Công bố"), permissions=["change"])
    def publish_action(self, request, queryset):
        effective_from = _posted_date(request, "effective_from")
        if effective_from is _INVALID:
            return
        for version in queryset:
            self._publish(request, version, effective_from)

    # The calls to services

    def _new_draft(self, request, version, effective_from):
        if not self.has_view_permission(request, version):
            raise PermissionDenied
        existing = (
            ProcedureVersion.objects.filter(procedure_id=version.procedure_id, published_at=None)
            .order_by("-number")
            .first()
        )
        if existing is not None:
            messages.warning(
                request,
                gettext(
                    "Thủ tục {code} đã có bản nháp (phiên bản số {number}): hãy sửa bản nháp đó."
                ).format(code=version.procedure.code, number=existing.number),
            )
            if self.has_view_permission(request, existing):
                return redirect(change_url(existing))
            return redirect(change_url(version))
        try:
            draft = services.version_new_draft(
                procedure_id=version.procedure_id, effective_from=effective_from
            )
        except (ValidationError, ValueError) as exc:
            messages.error(request, error_text(exc))
            return redirect(change_url(version))
        self.log_addition(request, draft, [{"added": {}}])
        messages.success(
            request,
            gettext(
                "Đã tạo bản nháp phiên bản số {number} của thủ tục {code}, sao chép từ phiên bản "
                "số {source}, hiệu lực dự kiến từ {date}."
            ).format(
                number=draft.number,
                code=version.procedure.code,
                source=draft.number - 1,
                date=formats.date_format(draft.effective_from),
            ),
        )
        return redirect(change_url(draft))

    def _publish(self, request, version, effective_from):
        label = f"{version.procedure.code} v{version.number}"
        if not manages_version(request, version):
            raise PermissionDenied
        if not version.is_draft:
            messages.error(
                request, gettext("{label}: phiên bản này đã được công bố.").format(label=label)
            )
            return
        if not request.user.is_superuser and not (
            set(version.implementing_agencies.values_list("pk", flat=True)) & agency_ids(request)
        ):
            messages.error(
                request,
                gettext("{label}: hãy chọn cơ quan thực hiện trước khi công bố.").format(
                    label=label
                ),
            )
            return
        try:
            published = services.version_publish(
                version_id=version.pk, effective_from=effective_from
            )
        except ValidationError as exc:
            messages.error(request, f"{label}: {error_text(exc)}")
            return
        self.log_change(request, published, [{"changed": {"fields": ["published_at"]}}])
        messages.success(
            request,
            gettext("Đã công bố {label}, hiệu lực từ {date}.").format(
                label=label, date=formats.date_format(published.effective_from)
            ),
        )
