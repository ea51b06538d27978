"""The parts of a procedure version: components, channels with their fees, process steps.

They are edited on the version's page (inlines), except the fees of a channel, which have the
channel's own page, and a component's online declaration form, which has the component's.
Like the version, a part is editable only while the version is.
"""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..declarations import check_definition
from ..declarations.widgets import preview_pages
from ..models import Channel, Component, FeeLine, ProcessStep
from .base import (
    COMPACT_TEXT,
    CatalogAdmin,
    VersionScopedMixin,
    change_url,
    errors_as_messages,
    limit_to_managed_versions,
)


def _money(amount) -> str:
    """8000 → '8.000' (Vietnamese thousands separator)."""
    return f"{amount:,.0f}".replace(",", ".")


# --- Versions and their parts ----------------------------------------------------------------


class VersionPartInline(VersionScopedMixin, admin.TabularInline):
    """Parts of a version: editable only while the version is."""

    extra = 0
    formfield_overrides = COMPACT_TEXT

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class ComponentInline(VersionPartInline):
    model = Component
    fields = (
        "order",
        "name",
        "template",
        "template_name",
        "originals",
        "certified_copies",
        "photocopies",
        "required",
        "present_only",
        "from_document_store",
        "note",
    )
    show_change_link = True  # the component's own page: its online declaration form


class ChannelInline(VersionPartInline):
    model = Channel
    fields = ("kind", "duration_value", "duration_unit", "duration_text", "description", "fees")
    readonly_fields = ("fees",)
    show_change_link = True

    @admin.display(description=_("phí, lệ phí"))
    def fees(self, obj):
        if not obj.pk:
            return gettext("Lưu trước, sau đó mở cách thức để nhập phí, lệ phí.")
        lines = list(obj.fees.all())
        if not lines:
            return gettext("Không thu phí (mở để thêm)")
        return format_html_join(
            mark_safe("<br>"),
            "{}: {} đ",
            ((f.description, _money(f.amount)) for f in lines),
        )


class ProcessStepInline(VersionPartInline):
    model = ProcessStep
    fields = (
        "order",
        "name",
        "responsible_unit",
        "responsible_role",
        "budget_value",
        "budget_unit",
    )


# --- Channels and their fees -----------------------------------------------------------------


class FeeLineInline(VersionPartInline):
    """The fees of a channel, on the channel's page (`obj` is the channel)."""

    model = FeeLine
    fields = ("kind", "description", "amount", "unit", "cap", "exemptions", "legal_basis")

    @staticmethod
    def version_of(obj):
        return obj.version


class OwnPagePartAdmin(VersionScopedMixin, CatalogAdmin):
    """A part of a version with a page of its own, reached from the version's page (not listed
    on the admin's index, never added nor bulk-deleted there); saving goes back to the
    version."""

    @staticmethod
    def version_of(obj):
        return obj.version

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("version", "version__procedure")
        return limit_to_managed_versions(request, qs, "version__in")

    def get_model_perms(self, request):
        return {"add": False, "change": False, "delete": False, "view": False}

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("phiên bản thủ tục"))
    def version_link(self, obj):
        return format_html('<a href="{}">{}</a>', change_url(obj.version), obj.version)

    def response_post_save_change(self, request, obj):
        return redirect(change_url(obj.version))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return errors_as_messages(request, view, request, object_id, form_url, extra_context)


@admin.register(Channel)
class ChannelAdmin(OwnPagePartAdmin):
    """Reached from a version's page, to edit the fees of one channel."""

    list_display = ("version", "kind", "duration_label")
    list_select_related = ("version", "version__procedure")
    fields = (
        "version_link",
        "kind",
        "duration_value",
        "duration_unit",
        "duration_text",
        "description",
    )
    readonly_fields = ("version_link",)
    formfield_overrides = COMPACT_TEXT
    inlines = [FeeLineInline]

    def response_delete(self, request, obj_display, obj_id):
        return redirect(reverse("admin:procedures_procedureversion_changelist"))


# --- A component's online declaration form -----------------------------------------------------


class FormTextarea(forms.Textarea):
    """The definition as indented JSON, in a monospace box large enough to read."""

    def __init__(self):
        super().__init__(attrs={"rows": 30, "cols": 100, "class": "vLargeTextField form-json"})

    def format_value(self, value):
        if value in (None, "", "null"):
            return ""
        try:
            return json.dumps(json.loads(value), ensure_ascii=False, indent=2)
        except (TypeError, ValueError):
            return value


class ComponentForm(forms.ModelForm):
    class Meta:
        model = Component
        fields = ("name", "form")
        widgets = {"form": FormTextarea()}


@admin.register(Component)
class ComponentAdmin(OwnPagePartAdmin):
    """Reached from a version's page: a component and its online declaration form, written in
    the mot-cua-form/1 format (docs/declaration-forms.md), checked on save with the place of
    each problem, and previewed as the applicant will see it while it is typed."""

    form = ComponentForm
    fields = ("version_link", "name", "form", "preview")
    readonly_fields = ("version_link", "preview")

    class Media:
        js = ("procedures/form_preview.js",)
        css = {"all": ("procedures/form_preview.css",)}

    def get_urls(self):
        view = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/xem-truoc/", view, name="procedures_component_preview"),
            *super().get_urls(),
        ]

    @admin.display(description=_("xem trước tờ khai"))
    def preview(self, obj):
        url = reverse("admin:procedures_component_preview", args=[obj.pk]) if obj.pk else ""
        return format_html(
            '<div data-form-preview="{}" data-checking="{}">'
            '<p class="help" role="status" data-form-preview-status></p>{}</div>',
            url,
            gettext("Đang kiểm tra…"),
            _preview_html(obj.form, obj),
        )

    def preview_view(self, request, object_id):
        """POST the definition being typed: the preview, or its problems (always 200: a
        definition with problems is what is being written)."""
        obj = self.get_object(request, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        text = request.body.decode("utf-8", errors="replace").strip()
        if not text:
            return HttpResponse(_preview_html(None, obj))
        try:
            definition = json.loads(text)
        except ValueError as error:
            message = gettext("JSON không hợp lệ: %(error)s") % {"error": error}
            return HttpResponse(_preview_html(None, obj, problems=[("", message)]))
        return HttpResponse(_preview_html(definition, obj))


def _preview_html(definition, component, problems=None) -> str:
    if problems is None and definition is not None:
        problems = check_definition(definition)
    pages = preview_pages(definition) if definition is not None and not problems else []
    schema_url = ""
    if pages and component.pk and component.version.published_at:
        schema_url = reverse("dossiers_api:declaration-form-schema", args=[component.pk])
    return render_to_string(
        "admin/procedures/form_preview.html",
        {"problems": problems or [], "pages": pages, "schema_url": schema_url},
    )
