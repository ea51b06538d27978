"""The Reception and Return Desk (Bộ phận Một cửa) workspace.

- `/ban-lam-viec/mot-cua/`: the desk's lists (`dossiers.desk.TABS`): waiting for the reception
  check (oldest first, with flags), received and waiting for the hand-over, resolved and
  waiting for the return, waiting for the applicant; searched by code, name, identity number
  or procedure; paginated with a fixed number of queries;
- `…/<id>/`: one dossier: the applicant, the procedure version's components as a checklist
  with the files sent, and the forms of the actions the officer may take now
  (`services.available_actions`): receive (Mẫu 01), request completion (Mẫu 02), refuse
  (Mẫu 03), hand over to the competent unit, return the result; record a fee paid at the
  desk (awaiting payment); receive a supplement the applicant brings (upload the papers, take
  one back, send them on); confirm a withdrawal, which stops the dossier (notice of stopping).
  Once received, each component shows the kind of copy handed in (original, certified copy,
  photocopy) when the reception recorded one;
- `…/<id>/tep/<file id>/`: download one of its files;
- `…/<id>/thao-tac/<action>/`: POST one action; then back to the dossier with a message, or
  the page again with the form as sent, its errors and the service's status (400, 403, 409).

Only desk staff are served: a user with a desk role (`permissions.DESK_ROLES`) in a receiving
unit (an agency with a desk). Anyone else signed in gets 403; anonymous users go to the login
page. A dossier of another receiving unit answers 404, like one that does not exist.
"""

import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dossiers import permissions as perms
from dossiers import selectors, services
from dossiers.models import FileKind
from dossiers.pages.downloads import file_response
from dossiers.states import Action, Actor, State
from procedures.models import CopyKind

from ..actions import run_service
from . import forms
from . import queries as desk

PAGE_SIZE = 25

# URL slug → (action, form class, form prefix).
ACTIONS = {
    "tiep-nhan": (Action.RECEIVE, forms.ReceiveForm, "receive"),
    "yeu-cau-hoan-thien": (Action.REQUEST_COMPLETION, forms.CompletionForm, "completion"),
    "tu-choi": (Action.REFUSE, forms.RefuseForm, "refuse"),
    "chuyen-xu-ly": (Action.TRANSFER, forms.TransferForm, "transfer"),
    "tra-ket-qua": (Action.RETURN, forms.ReturnForm, "return"),
    "ghi-nhan-nop-phi": (Action.RECORD_PAYMENT, forms.PaymentForm, "paid"),
    "tai-giay-to-bo-sung": (None, forms.SupplementAttachForm, "attach"),
    "go-tep-bo-sung": (None, forms.RemoveFileForm, "remove"),
    "bo-sung": (Action.SUPPLEMENT, forms.SupplementForm, "supplement"),
    "dung-xu-ly": (Action.STOP, forms.StopForm, "stop"),
}
# The slugs that are not transitions: the papers of a supplement, uploaded (or taken back) at
# the desk before it is sent (names in `dossiers.services`); offered with the supplement.
OTHER_SERVICES = {
    "tai-giay-to-bo-sung": "dossier_attach_file",
    "go-tep-bo-sung": "dossier_remove_file",
}
# After these, back to the section of the page the officer was working in.
ANCHORS = {"tai-giay-to-bo-sung": "bo-sung", "go-tep-bo-sung": "bo-sung"}
APPLICANT_KINDS = (FileKind.APPLICATION, FileKind.SUPPLEMENT)


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


def _money(value) -> str:
    """An amount in đồng as Vietnamese write it: 1.250.000."""
    try:
        amount = int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return str(value or "")
    return f"{amount:,}".replace(",", ".")


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
        "workspaces/desk/queue.html",
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
    return render(request, "workspaces/desk/dossier.html", _context(request, dossier))


def _context(request, dossier, bound=None, bound_slug="") -> dict:
    """The page of one dossier; `bound` is the form of a failed action, shown as sent."""
    user = request.user
    available = set(services.available_actions(dossier, user))
    components = list(dossier.version.components.all())
    files = list(dossier.files.all())
    by_component = {}
    for f in files:
        if f.kind in APPLICANT_KINDS:
            by_component.setdefault(f.component_id, []).append(f)
    events = selectors.dossier_events_for(user, dossier.pk) or []
    facts = _facts(dossier, events)
    uploads = Action.SUPPLEMENT in available and _may_upload(dossier, user)
    shown = {}  # by form prefix (template names cannot hold the slugs' hyphens)
    for slug, (action, form_class, prefix) in ACTIONS.items():
        if slug == bound_slug:
            shown[prefix] = bound
        elif (action is None and uploads) or (action is not None and action in available):
            shown[prefix] = _form(form_class, dossier, prefix, components, facts)
    receive = shown.get("receive")
    checked = receive.checked() if receive is not None else set()
    completion = shown.get("completion")
    if completion is not None and not completion.is_bound:
        completion.initial["missing_components"] = _presumed_missing(
            components, by_component, checked if bound_slug == "tiep-nhan" else None
        )
    received = _last(events, Action.RECEIVE)
    copies = (received.data or {}).get("copies", {}) if received is not None else {}
    added = {f.pk for f in facts["added"]}
    checklist = [
        {
            "component": c,
            "files": by_component.get(c.pk, []),
            "added": [f for f in by_component.get(c.pk, []) if f.pk in added],
            "checked": str(c.pk) in checked,
            "id": f"check-{c.pk}",
            "copy": _copy_label(copies.get(str(c.pk))),
        }
        for c in components
    ]
    flagger = desk.Flagger()
    payment = facts["payment"]
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
        "payment_request": payment,
        "payment_amount": _money((payment.data or {}).get("amount")) if payment else "",
        "supplement_request": facts["supplement"],
        "added_files": facts["added"],
        "withdrawal": facts["withdrawal"],
        "acted": bool(shown),
        "read_only": dossier.is_read_only,
    }


def _facts(dossier, events) -> dict:
    """What the forms of the waiting states build on: the open payment, supplement or
    withdrawal request, and the papers uploaded since a supplement request, not yet sent."""
    state = dossier.state
    payment = _last(events, Action.REQUEST_PAYMENT) if state == State.AWAITING_PAYMENT else None
    supplement = None
    if state == State.SUPPLEMENT_REQUESTED:
        supplement = _last(events, Action.REQUEST_SUPPLEMENT)
    withdrawal = None
    if state == State.WITHDRAWAL_REQUESTED:
        withdrawal = _last(events, Action.REQUEST_WITHDRAWAL)
    added = []
    if supplement is not None:
        sent = {f.pk for event in events for f in event.files.all()}
        added = [
            f
            for f in dossier.files.all()
            if f.kind in APPLICANT_KINDS and f.uploaded_at > supplement.at and f.pk not in sent
        ]
    return {"payment": payment, "supplement": supplement, "withdrawal": withdrawal, "added": added}


def _may_upload(dossier, user) -> bool:
    """The desk may add papers to the dossier in its state (`services.UPLOAD_STATES`)."""
    allowed, _kind = services.UPLOAD_STATES.get(State(dossier.state), (set(), None))
    return Actor.DESK in allowed & perms.actors_for(dossier, user)


def _copy_label(value) -> str:
    if value in CopyKind.values:
        return str(CopyKind(value).label)
    return ""


def _form(form_class, dossier, prefix, components, facts, data=None, files=None):
    kwargs = {"dossier": dossier, "prefix": prefix}
    if form_class in (forms.ReceiveForm, forms.CompletionForm, forms.SupplementAttachForm):
        kwargs["components"] = components
    if form_class is forms.RefuseForm:
        kwargs["agencies"] = forms.refusal_agencies(dossier)
    if form_class is forms.PaymentForm and facts["payment"] is not None:
        kwargs["requested"] = _whole((facts["payment"].data or {}).get("amount"))
    if form_class is forms.SupplementForm and facts["supplement"] is not None:
        kwargs["added"] = facts["added"]
    if form_class is forms.StopForm and facts["withdrawal"] is not None:
        kwargs["asked"] = (facts["withdrawal"].reason or "").strip()
    return form_class(data, files, **kwargs)


def _whole(value):
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


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
    events = selectors.dossier_events_for(request.user, dossier.pk) or []
    facts = _facts(dossier, events)
    form = _form(
        form_class,
        dossier,
        prefix,
        components,
        facts,
        data=request.POST,
        files=request.FILES,
    )
    status = 400
    if form.is_valid():
        if what is None:
            service = getattr(services, OTHER_SERVICES[action])
        else:
            service = services.SERVICES[what]
        # Without an action: a file of the dossier that is not there is the form's error.
        done, failed = run_service(
            service, form, dossier=dossier, user=request.user, missing_is_input=what is None
        )
        status = failed or status
        if not failed:
            messages.success(request, _success(action, what, dossier, done, form))
            target = reverse("workspaces:desk_dossier", args=[dossier.pk])
            if action in ANCHORS:
                target += "#" + ANCHORS[action]
            return redirect(target)
    dossier = _dossier(request, dossier.pk, units)  # as saved now
    context = _context(request, dossier, bound=form, bound_slug=action)
    context["failed"] = prefix
    return render(request, "workspaces/desk/dossier.html", context, status=status)


def _success(slug, action, dossier, done, form) -> str:
    """The message after `action` (or the non-transition `slug`); `done` is what the service
    returned: the dossier, or the file uploaded."""
    code = dossier.code or ""
    if slug == "tai-giay-to-bo-sung":
        return _("Đã tải lên “%(name)s”. Khi đủ giấy tờ, bấm “Gửi hồ sơ bổ sung”.") % {
            "name": done.original_name
        }
    if slug == "go-tep-bo-sung":
        return _("Đã gỡ tệp.")
    if action == Action.RECEIVE:
        due = timezone.localtime(done.due_at).strftime("%H:%M %d/%m/%Y") if done.due_at else ""
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
        unit = done.processing_unit.name if done.processing_unit else ""
        return _("Đã chuyển hồ sơ %(code)s đến %(unit)s.") % {"code": code, "unit": unit}
    if action == Action.RECORD_PAYMENT:
        return _(
            "Đã ghi nhận khoản đã nộp của hồ sơ %(code)s (biên lai %(receipt)s, %(amount)s "
            "đồng); thời hạn giải quyết tiếp tục tính."
        ) % {
            "code": code,
            "receipt": form.cleaned_data["receipt_number"].strip(),
            "amount": _money(form.cleaned_data["amount"]),
        }
    if action == Action.SUPPLEMENT:
        return _(
            "Đã gửi hồ sơ bổ sung của hồ sơ %(code)s (%(count)d tệp) đến cơ quan giải quyết; "
            "thời hạn giải quyết tiếp tục tính."
        ) % {"code": code, "count": len(form.cleaned_data["files"])}
    if action == Action.STOP:
        return _(
            "Đã dừng giải quyết hồ sơ %(code)s theo đề nghị rút hồ sơ. In Thông báo dừng giải "
            "quyết hồ sơ cho người nộp."
        ) % {"code": code}
    return _("Đã trả kết quả hồ sơ %(code)s (%(channel)s).") % {
        "code": code,
        "channel": done.get_return_channel_display(),
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
