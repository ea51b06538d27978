"""The Reception and Return Desk (Bộ phận Một cửa) workspace.

- `/ban-lam-viec/mot-cua/`: the desk's lists (`dossiers.desk.TABS`): waiting for the reception
  check (oldest first, with flags), received and waiting for the hand-over, resolved and
  waiting for the return, waiting for the applicant; searched by code, name, identity number
  or procedure; paginated with a fixed number of queries;
- `…/<id>/`: one dossier: the applicant, the procedure version's components as a checklist
  with the files sent, and the forms of the actions the officer may take now
  (`services.available_actions`): receive (Mẫu 01), request completion (Mẫu 02), refuse
  (Mẫu 03), hand over to the competent unit, return the result;
- `…/<id>/tep/<file id>/`: download one of its files;
- `…/<id>/thao-tac/<action>/`: POST one action; then back to the dossier with a message, or
  the page again with the form as sent, its errors and the service's status (400, 403, 409).

Only desk staff are served: a user with a desk role (`permissions.DESK_ROLES`) in a receiving
unit (an agency with a desk). Anyone else signed in gets 403; anonymous users go to the login
page. A dossier of another receiving unit answers 404, like one that does not exist.
"""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .. import desk, selectors, services
from ..errors import DossierError, NotFound
from ..models import FileKind
from ..states import Action, State
from . import desk_forms as forms
from .downloads import file_response

PAGE_SIZE = 25

# URL slug → (action, form class, form prefix).
ACTIONS = {
    "tiep-nhan": (Action.RECEIVE, forms.ReceiveForm, "receive"),
    "yeu-cau-hoan-thien": (Action.REQUEST_COMPLETION, forms.CompletionForm, "completion"),
    "tu-choi": (Action.REFUSE, forms.RefuseForm, "refuse"),
    "chuyen-xu-ly": (Action.TRANSFER, forms.TransferForm, "transfer"),
    "tra-ket-qua": (Action.RETURN, forms.ReturnForm, "return"),
}


# ---- Shared -----------------------------------------------------------------------------------


def _units(request):
    """The receiving units where the user works at the desk; 403 if none."""
    units = desk.desk_units(request.user)
    if not units:
        raise PermissionDenied(_("Trang này dành cho cán bộ Bộ phận Một cửa."))
    return units


def _dossier(request, dossier_id, units):
    """The whole dossier if it belongs to one of the user's receiving units; else 404."""
    dossier = selectors.dossier_detail_for(request.user, dossier_id)
    if dossier is None or dossier.receiving_unit_id not in {u.pk for u in units}:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


def _duration(value: datetime.timedelta | None) -> str:
    """Office time as officers say it: "2 giờ 15 phút", "1 ngày 3 giờ" (a day is 8 hours)."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 8 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(_("%(n)d ngày") % {"n": days})
    if hours:
        parts.append(_("%(n)d giờ") % {"n": hours})
    if minutes and not days:
        parts.append(_("%(n)d phút") % {"n": minutes})
    return " ".join(parts) or _("dưới 1 phút")


# ---- The lists --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def desk_home(request):
    units = _units(request)
    tab = request.GET.get("nhom", "")
    if tab not in desk.TABS:
        tab = desk.DEFAULT_TAB
    procedures = desk.desk_procedures(request.user, tab=tab, units=units)
    search = forms.SearchForm(request.GET, procedures=procedures, units=units)
    q = search.value("q")
    procedure = search.value("thu_tuc")
    unit = search.value("don_vi")
    urgent = bool(search.value("gap", False)) and tab == desk.DEFAULT_TAB
    now = timezone.now()
    dossiers = desk.desk_queue(
        request.user,
        tab=tab,
        q=q,
        procedure=procedure,
        unit=unit,
        urgent=urgent,
        now=now,
        units=units,
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    flagger = desk.Flagger(now)
    rows = [
        {
            "dossier": d,
            "flags": flagger.flags(d),
            "waited": _duration(flagger.waited(d)),
        }
        for d in page.object_list
    ]
    counts = desk.desk_counts(request.user, q=q, procedure=procedure, units=units)
    kept = {"q": q, "thu_tuc": procedure, "don_vi": unit}
    tabs = [
        {
            "key": key,
            "label": spec.label,
            "count": counts[key],
            "query": urlencode({"nhom": key, **{k: v for k, v in kept.items() if v}}),
        }
        for key, spec in desk.TABS.items()
    ]
    return render(
        request,
        "dossiers/desk/queue.html",
        {
            "units": units,
            "tab": tab,
            "tab_label": desk.TABS[tab].label,
            "tabs": tabs,
            "search": search,
            "searching": bool(q or procedure or unit or urgent),
            "page": page,
            "rows": rows,
        },
    )


# ---- One dossier ------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def desk_dossier(request, dossier_id):
    units = _units(request)
    dossier = _dossier(request, dossier_id, units)
    return render(request, "dossiers/desk/dossier.html", _context(request, dossier))


def _context(request, dossier, bound=None, bound_slug="") -> dict:
    """The page of one dossier; `bound` is the form of a failed action, shown as sent."""
    user = request.user
    available = set(services.available_actions(dossier, user))
    components = list(dossier.version.components.all())
    files = list(dossier.files.all())
    by_component = {}
    for f in files:
        if f.kind in (FileKind.APPLICATION, FileKind.SUPPLEMENT):
            by_component.setdefault(f.component_id, []).append(f)
    shown = {}  # by form prefix (template names cannot hold the slugs' hyphens)
    for slug, (action, form_class, prefix) in ACTIONS.items():
        if slug == bound_slug:
            shown[prefix] = bound
        elif action in available:
            shown[prefix] = _form(form_class, dossier, prefix, components)
    receive = shown.get("receive")
    checked = receive.checked() if receive is not None else set()
    completion = shown.get("completion")
    if completion is not None and not completion.is_bound:
        completion.initial["missing_components"] = _presumed_missing(
            components, by_component, checked if bound_slug == "tiep-nhan" else None
        )
    checklist = [
        {
            "component": c,
            "files": by_component.get(c.pk, []),
            "checked": str(c.pk) in checked,
            "id": f"check-{c.pk}",
        }
        for c in components
    ]
    events = selectors.dossier_events_for(user, dossier.pk) or []
    flagger = desk.Flagger()
    return {
        "dossier": dossier,
        "state_label": State(dossier.state).label,
        "flags": flagger.flags(dossier),
        "waited": _duration(flagger.waited(dossier)),
        "checklist": checklist,
        "other_files": by_component.get(None, []),
        "results": [r for r in dossier.results.all()],
        "forms": shown,
        "events": list(reversed(events))[:8],
        "open_request": _last(events, Action.REQUEST_COMPLETION),
        "acted": bool(shown),
        "read_only": dossier.is_read_only,
    }


def _form(form_class, dossier, prefix, components, data=None):
    kwargs = {"dossier": dossier, "prefix": prefix}
    if form_class in (forms.ReceiveForm, forms.CompletionForm):
        kwargs["components"] = components
    if form_class is forms.RefuseForm:
        kwargs["agencies"] = forms.refusal_agencies(dossier)
    return form_class(data, **kwargs)


def _presumed_missing(components, by_component, checked) -> list[str]:
    """The components to prefill as missing: after a failed reception, the required ones left
    unchecked; otherwise the required ones without any file."""
    if checked is not None:
        return [str(c.pk) for c in components if c.required and str(c.pk) not in checked]
    return [str(c.pk) for c in components if c.required and not by_component.get(c.pk)]


def _last(events, action):
    for event in reversed(events):
        if event.action == action:
            return event
    return None


@login_required
@require_GET
def desk_file(request, dossier_id, file_id):
    units = _units(request)
    dossier = _dossier(request, dossier_id, units)
    stored = selectors.dossier_file_for(request.user, dossier.pk, file_id)
    return file_response(stored)


# ---- Actions ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_POST
def desk_act(request, dossier_id, action):
    units = _units(request)
    dossier = _dossier(request, dossier_id, units)
    if action not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    what, form_class, prefix = ACTIONS[action]
    components = list(dossier.version.components.all())
    form = _form(form_class, dossier, prefix, components, data=request.POST)
    status = 400
    if form.is_valid():
        try:
            done = services.SERVICES[what](
                dossier_id=dossier.pk, actor=request.user, **form.service_kwargs()
            )
        except NotFound:
            raise Http404(_("Không tìm thấy hồ sơ.")) from None
        except DossierError as failure:
            form.add_service_error(failure)
            status = failure.status
        else:
            messages.success(request, _success(what, done, form))
            return redirect("dossiers:desk_dossier", dossier.pk)
    dossier = _dossier(request, dossier.pk, units)  # as saved now
    context = _context(request, dossier, bound=form, bound_slug=action)
    context["failed"] = prefix
    return render(request, "dossiers/desk/dossier.html", context, status=status)


def _success(action, dossier, form) -> str:
    code = dossier.code or ""
    if action == Action.RECEIVE:
        due = (
            timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else ""
        )
        return _(
            "Đã tiếp nhận hồ sơ %(code)s. Hẹn trả kết quả: %(due)s. In Giấy tiếp nhận và hẹn "
            "trả kết quả (Mẫu 01) cho người nộp."
        ) % {"code": code, "due": due}
    if action == Action.REQUEST_COMPLETION:
        count = len(form.service_kwargs()["missing"])
        return _("Đã gửi yêu cầu hoàn thiện hồ sơ %(code)s (%(count)d nội dung cần bổ sung).") % {
            "code": code,
            "count": count,
        }
    if action == Action.REFUSE:
        return _("Đã từ chối tiếp nhận hồ sơ %(code)s.") % {"code": code}
    if action == Action.TRANSFER:
        unit = dossier.processing_unit.name if dossier.processing_unit else ""
        return _("Đã chuyển hồ sơ %(code)s đến %(unit)s.") % {"code": code, "unit": unit}
    return _("Đã trả kết quả hồ sơ %(code)s (%(channel)s).") % {
        "code": code,
        "channel": dossier.get_return_channel_display(),
    }


urlpatterns = [
    path("ban-lam-viec/mot-cua/", desk_home, name="desk"),
    path("ban-lam-viec/mot-cua/<uuid:dossier_id>/", desk_dossier, name="desk_dossier"),
    path("ban-lam-viec/mot-cua/<uuid:dossier_id>/tep/<uuid:file_id>/", desk_file, name="desk_file"),
    path(
        "ban-lam-viec/mot-cua/<uuid:dossier_id>/thao-tac/<slug:action>/",
        desk_act,
        name="desk_act",
    ),
]
