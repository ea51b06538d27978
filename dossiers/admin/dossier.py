"""The dossier's admin: the scoped list with its filters, the read-only change page with the
buttons of the actions the user may take, each action's form, and the files' downloads."""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from procedures.models import Role

from .. import permissions as perms
from .. import services
from ..admin_forms import ACTION_FORMS, local_time, success_message, timeline_details
from ..errors import BadInput, DossierError
from ..models import Dossier, DossierFile
from ..selectors import overdue_q
from ..states import Action, State
from .base import ReadOnlyAdmin, _agencies, dossier_scope

BUTTON_STYLE = {Action.APPROVE: "default", Action.DENY: "danger", Action.REFUSE: "danger"}


def _is_overdue(dossier, now=None) -> bool:
    return dossier.is_overdue(now)


def _plain(field_name):
    """A related object shown as text: the admin would link it to pages that are not the
    staff's (the catalog, the accounts)."""

    @admin.display(description=Dossier._meta.get_field(field_name).verbose_name)
    def show(self, obj):
        value = getattr(obj, field_name)
        if value is None:
            return None
        return getattr(value, "get_full_name", lambda: "")() or str(value)

    return show


class OverdueFilter(admin.SimpleListFilter):
    title = _("quá hạn")
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return (("yes", _("Đang quá hạn")), ("no", _("Chưa quá hạn")))

    def queryset(self, request, queryset):
        overdue = overdue_q()
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class MyWorkFilter(admin.SimpleListFilter):
    """For leaders, the list opens on the dossiers waiting for their approval (a search looks
    through all their dossiers unless they chose this view)."""

    title = _("việc của tôi")
    parameter_name = "viec"
    APPROVAL, ALL = "cho-phe-duyet", "tat-ca"

    def __init__(self, request, params, model, model_admin):
        self.leads = _agencies(request.user, {Role.LEADER})
        self.default = self.APPROVAL if self.leads and not request.GET.get("q") else self.ALL
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        if not self.leads:
            return ()
        return ((self.APPROVAL, _("Chờ tôi phê duyệt")), (self.ALL, _("Tất cả hồ sơ")))

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        if self.value() == self.APPROVAL:
            return queryset.filter(state=State.PENDING_APPROVAL, competent_agency_id__in=self.leads)
        return queryset

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


RELATED = "receiving_unit_text competent_agency_text processing_unit_text assignee_text".split()
APPLICANT = "applicant_name applicant_id_number applicant_phone applicant_email applicant_address"
TIMES = """sent_at official_reception_at received_at original_due_at due_at rescheduled_to
    step_due_at resolved_at returned_at return_channel""".split()


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = (
        "code procedure_name applicant_text state_label receiving_unit_name due late".split()
    )
    list_filter = (MyWorkFilter, "state", "channel", OverdueFilter)
    search_fields = ("code", "applicant_name")
    search_help_text = _("Tìm theo mã hồ sơ hoặc họ tên người nộp.")
    list_per_page = 50
    fieldsets = (
        (_("Hồ sơ"), {"fields": ("code", "version_text", "channel", "state", "outcome")}),
        (_("Người nộp"), {"fields": APPLICANT.split()}),
        (_("Đơn vị giải quyết"), {"fields": RELATED}),
        (_("Thời gian"), {"fields": TIMES}),
        (_("Yêu cầu bổ sung"), {"fields": ["completion_requests", "supplement_requests"]}),
    )
    readonly_fields = ("version_text", *RELATED)
    version_text = _plain("version")
    receiving_unit_text = _plain("receiving_unit")
    competent_agency_text = _plain("competent_agency")
    processing_unit_text = _plain("processing_unit")
    assignee_text = _plain("assignee")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(dossier_scope(request.user))
            .select_related(
                "version__procedure",
                "receiving_unit",
                "competent_agency",
                "processing_unit",
                "assignee",
            )
        )

    # Columns

    @admin.display(description=_("thủ tục"), ordering="version__name")
    def procedure_name(self, obj):
        return obj.version.name

    @admin.display(description=_("người nộp"), ordering="applicant_name")
    def applicant_text(self, obj):
        return obj.applicant_name

    @admin.display(description=_("trạng thái"), ordering="state")
    def state_label(self, obj):
        return format_html(
            '<span class="dossier-state state-{}">{}</span>', obj.state, obj.get_state_display()
        )

    @admin.display(description=_("nơi tiếp nhận"), ordering="receiving_unit__name")
    def receiving_unit_name(self, obj):
        return obj.receiving_unit.short_name or obj.receiving_unit.name

    @admin.display(description=_("hạn trả"), ordering="due_at")
    def due(self, obj):
        if not obj.due_at:
            return "—"
        if _is_overdue(obj):
            return format_html(
                '<span class="overdue">{} ({})</span>', local_time(obj.due_at), gettext("quá hạn")
            )
        return local_time(obj.due_at)

    @admin.display(description=_("trễ hạn"), ordering="flagged_late")
    def late(self, obj):
        late = format_html('<span class="overdue">{}</span>', gettext("Tính trễ"))
        return late if obj.flagged_late else ""

    # The change page: summary, buttons, files, results, timeline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _page_context(self, request, dossier):
        events = list(dossier.events.select_related("actor", "actor_agency"))
        for event in events:
            event.details = timeline_details(event)
        return {
            "dossier": dossier,
            "dossier_overdue": _is_overdue(dossier),
            "dossier_due": local_time(dossier.due_at),
            "dossier_actions": [
                {
                    "label": action.label,
                    "url": self._url("action", dossier, action.value),
                    "style": BUTTON_STYLE.get(action, ""),
                }
                for action in services.available_actions(dossier, request.user)
            ],
            "dossier_files": [
                (f, self._url("file", dossier, f.pk))
                for f in dossier.files.select_related("component")
            ],
            "dossier_results": dossier.results.select_related("issued_by", "file"),
            "dossier_events": events,
        }

    def _url(self, name, dossier, *args):
        return reverse(f"admin:dossiers_dossier_{name}", args=[quote(dossier.pk), *map(str, args)])

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/action/<str:action>/",
                view(self.action_view),
                name="dossiers_dossier_action",
            ),
            path(
                "<path:object_id>/file/<uuid:file_id>/",
                view(self.file_view),
                name="dossiers_dossier_file",
            ),
        ] + super().get_urls()

    def file_view(self, request, object_id, file_id):
        """Stream one of the dossier's files from storage, to those who may see the dossier."""
        dossier = self.get_object(request, unquote(object_id))
        if not (request.user.is_superuser or perms.can_view(dossier, request.user)):
            raise Http404
        stored = get_object_or_404(DossierFile, dossier=dossier, pk=file_id)
        try:
            handle = stored.file.open("rb")
        except FileNotFoundError as error:
            raise Http404(gettext("Tệp không còn trong kho lưu trữ.")) from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=stored.original_name,
            content_type=stored.content_type,
        )

    def action_view(self, request, object_id, action):
        """GET: the action's form. POST: the action's service, then back to the dossier."""
        dossier = self.get_object(request, unquote(object_id))
        try:
            action = Action(action)
        except ValueError as error:
            raise Http404 from error
        change_url = self._url("change", dossier)
        form_class = ACTION_FORMS[action]
        if request.method == "POST":
            form = form_class(request.POST, dossier=dossier)
            if form.is_valid():
                try:
                    done = services.SERVICES[action](
                        dossier_id=dossier.pk, actor=request.user, **form.service_kwargs()
                    )
                except BadInput as error:
                    form.add_service_errors(error)
                except DossierError as error:
                    messages.error(request, str(error.message))
                    return redirect(change_url)
                else:
                    messages.success(request, success_message(action, done))
                    return redirect(change_url)
        else:
            form = form_class(dossier=dossier)
        if action not in services.available_actions(dossier, request.user):
            messages.error(
                request,
                gettext(
                    "Bạn không thể thực hiện “%(action)s” đối với hồ sơ này: không có quyền "
                    "hoặc trạng thái hiện tại của hồ sơ không cho phép."
                )
                % {"action": action.label},
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action.label,
            "dossier": dossier,
            "action": action,
            "form": form,
            "media": self.media + form.media,
            "change_url": change_url,
            "has_view_permission": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/dossiers/dossier/action_form.html", context)
