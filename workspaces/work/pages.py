"""The processing workspace of the competent agency: specialists, heads of unit, leaders.

- `/ban-lam-viec/xu-ly/`: two lists (`dossiers.work.TABS`): "Hồ sơ của tôi" (assigned to the
  user) and "Của đơn vị" (the unit's queue, the unassigned first), with the due time of the
  current step and the appointment, late and due-soon flags, searched by code, name or
  procedure; paginated with a fixed number of queries. A head of unit assigns from the list;
- `…/<id>/`: the appraisal page: the applicant, the components and their files, the internal
  working papers, the timeline, and the forms of the actions the user may take now
  (`services.available_actions`): assign, add a working paper or a draft result (uploaded, or
  printed from the template: `DRAFT`), request a supplement (Mẫu 02), request a payment,
  record a payment made at the desk, submit for approval, send back (head, leader), apologise
  with a new date (Mẫu 04, proposed on the last day it is allowed);
- `…/<id>/tep/<file id>/`: download one of its files;
- `…/<id>/thao-tac/<action>/`: POST one action; then back with a message, or the page again
  with the form as sent, its errors and the service's status (400, 403, 409).

The head of unit assigns and reassigns (`Action.TRANSFER`); a specialist of the unit takes an
unassigned dossier for themselves (`Action.CLAIM`), which is not a hand-over: the step's time
budget runs on.

Only staff with a processing role (`permissions.PROCESSING_ROLES`) are served; anyone else
signed in gets 403, anonymous users go to the login page. A dossier outside the user's
processing units and agencies answers 404, like one that does not exist.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dossiers import permissions as perms
from dossiers import selectors, services
from dossiers.models import FileKind
from dossiers.pages.downloads import file_response
from dossiers.states import Action, Actor, State

from ..actions import run_service
from . import forms
from . import queries as work

PAGE_SIZE = 25
ATTACH = "tai-lieu"
DRAFT = "du-thao-ket-qua"
NOTE = "ghi-chu"

# URL slug → (action, form class, form prefix); the attachment and the draft result printed
# from the template are not transitions (`OTHER_SERVICES`).
ACTIONS = {
    "phan-cong": (Action.TRANSFER, forms.AssignForm, "assign"),
    "nhan-xu-ly": (Action.CLAIM, forms.ClaimForm, "claim"),
    ATTACH: (None, forms.AttachForm, "attach"),
    DRAFT: (None, forms.DraftResultForm, "draft"),
    NOTE: (None, forms.NoteForm, "note"),
    "yeu-cau-bo-sung": (Action.REQUEST_SUPPLEMENT, forms.SupplementForm, "supplement"),
    "yeu-cau-nop-phi": (Action.REQUEST_PAYMENT, forms.PaymentRequestForm, "payment"),
    "ghi-nhan-nop-phi": (Action.RECORD_PAYMENT, forms.PaymentRecordForm, "paid"),
    "trinh-phe-duyet": (Action.SUBMIT_FOR_APPROVAL, forms.SubmitForm, "submit"),
    "tra-lai": (Action.SEND_BACK, forms.SendBackForm, "sendback"),
    "hen-lai": (Action.RESCHEDULE, forms.RescheduleForm, "reschedule"),
}
STAFF = frozenset({Actor.SPECIALIST, Actor.HEAD, Actor.LEADER})
# The services of the slugs that are not transitions (names in `dossiers.services`).
OTHER_SERVICES = {
    ATTACH: "dossier_attach_file",
    DRAFT: "dossier_draft_result",
    NOTE: "dossier_note_add",
}


# ---- Shared -----------------------------------------------------------------------------------


def _units(request):
    """The agencies where the user holds a processing role; 403 if none."""
    units = work.work_units(request.user)
    if not units:
        raise PermissionDenied(_("Trang này dành cho chuyên viên, trưởng phòng và lãnh đạo."))
    return units


def _dossier(request, dossier_id):
    """The whole dossier if it is with one of the user's processing units; else 404."""
    dossier = selectors.dossier_detail_for(request.user, dossier_id)
    if dossier is None or not work.in_scope(dossier, request.user):
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


def _may_attach(dossier, user) -> bool:
    allowed, _kind = services.UPLOAD_STATES.get(State(dossier.state), (set(), None))
    return bool(allowed & perms.actors_for(dossier, user) & STAFF)


def _may_draft(dossier, user) -> bool:
    """The draft result from the template: specialists and heads of the unit, in progress."""
    drafters = services.DRAFTERS & perms.actors_for(dossier, user)
    return dossier.state == State.IN_PROGRESS and bool(drafters)


def _specialists(dossier):
    unit = dossier.processing_unit or dossier.competent_agency
    return work.unit_specialists([unit.pk]).get(unit.pk, [])


# ---- The lists --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def work_home(request):
    units = _units(request)
    user = request.user
    default = work.UNIT if work.is_head(user) else work.MINE
    tab = request.GET.get("nhom", "") or default
    if tab not in work.TABS:
        tab = default
    search = forms.SearchForm(request.GET)
    q = search.value("q")
    state = search.value("trang_thai")
    now = timezone.now()
    dossiers = work.work_queue(user, tab=tab, q=q, state=state)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    flagger = work.Flagger(now)
    rows = [
        {"dossier": d, "flags": flagger.flags(d), "assign": Action.TRANSFER in _actions(d, user)}
        for d in page.object_list
    ]
    assignable = {_unit_id(row["dossier"]) for row in rows if row["assign"]}
    specialists = work.unit_specialists(assignable) if assignable else {}
    for row in rows:
        row["specialists"] = specialists.get(_unit_id(row["dossier"]), []) if row["assign"] else []
    counts = work.work_counts(user, q=q, state=state)
    kept = {k: v for k, v in {"q": q, "trang_thai": state}.items() if v}
    tabs = [
        {
            "key": key,
            "label": spec.label,
            "count": counts[key],
            "query": urlencode({"nhom": key, **kept}),
        }
        for key, spec in work.TABS.items()
    ]
    query = urlencode({"nhom": tab, **kept})
    return render(
        request,
        "workspaces/work/queue.html",
        {
            "units": units,
            "tab": tab,
            "tab_label": work.TABS[tab].label,
            "tabs": tabs,
            "unassigned": counts["unassigned"],
            "search": search,
            "searching": bool(q or state),
            "page": page,
            "rows": rows,
            "here": f"{reverse('workspaces:work')}?{query}&trang={page.number}",
        },
    )


def _actions(dossier, user):
    return services.available_actions(dossier, user)


def _unit_id(dossier):
    return dossier.processing_unit_id or dossier.competent_agency_id


# ---- One dossier ------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def work_dossier(request, dossier_id):
    _units(request)
    dossier = _dossier(request, dossier_id)
    return render(request, "workspaces/work/dossier.html", _context(request, dossier))


def _context(request, dossier, bound=None, bound_slug="") -> dict:
    """The appraisal page; `bound` is the form of a failed action, shown as sent."""
    user = request.user
    available = set(_actions(dossier, user))
    events = selectors.dossier_events_for(user, dossier.pk) or []
    files = list(dossier.files.all())
    sent = {f.pk for event in events for f in event.files.all()}
    papers = [f for f in files if f.kind in forms.PAPER_KINDS]
    shown = {}  # by form prefix
    draft_form = None  # shown beside the papers, apart from the actions' forms
    note_form = None  # shown with the notes
    for slug, (action, form_class, prefix) in ACTIONS.items():
        if slug == NOTE:
            if slug == bound_slug:
                note_form = bound
            elif not dossier.is_read_only and services.may_note(dossier, user):
                note_form = _form(form_class, dossier, prefix)
        elif slug == DRAFT:
            if slug == bound_slug:
                draft_form = bound
            elif _may_draft(dossier, user):
                draft_form = _form(form_class, dossier, prefix)
        elif slug == bound_slug:
            shown[prefix] = bound
        elif (action is None and _may_attach(dossier, user)) or action in available:
            shown[prefix] = _form(form_class, dossier, prefix, events=events, papers=papers)
    specialists = []
    if "assign" in shown:
        specialists = shown["assign"].fields["assignee"].choices[1:]
    flagger = work.Flagger()
    by_component = {}
    for f in files:
        if f.kind in (FileKind.APPLICATION, FileKind.SUPPLEMENT):
            by_component.setdefault(f.component_id, []).append(f)
    components = [
        {"component": c, "files": by_component.get(c.pk, [])}
        for c in dossier.version.components.all()
    ]
    mine = perms.actors_for(dossier, user)
    step = None
    if dossier.step_order is not None:
        step = dossier.version.process_steps.filter(order=dossier.step_order).first()
    return {
        "dossier": dossier,
        "state_label": State(dossier.state).label,
        "flags": flagger.flags(dossier),
        "step": step,
        "components": components,
        "other_files": by_component.get(None, []),
        "papers": [{"file": f, "sent": f.pk in sent} for f in papers],
        "results": list(dossier.results.all()),
        "forms": shown,
        "draft_form": draft_form,
        "note_form": note_form,
        "notes": services.notes_for(dossier, user),
        "events": events,
        "last_supplement": _last(events, Action.REQUEST_SUPPLEMENT),
        "last_payment": _last(events, Action.REQUEST_PAYMENT),
        "last_send_back": _last(events, Action.SEND_BACK),
        "self_assign": str(user.pk) in {pk for pk, _name in specialists},
        "leader_decides": dossier.state == State.PENDING_APPROVAL and Actor.LEADER in mine,
        "reschedule_proposed": flagger.reschedule_proposed(dossier),
        "reschedule_allowed": flagger.reschedule_allowed(dossier),
        "acted": bool(shown or draft_form),
        "read_only": dossier.is_read_only,
        "failed": "",
    }


def _form(form_class, dossier, prefix, *, events=(), papers=(), data=None, files=None):
    kwargs = {"dossier": dossier, "prefix": prefix}
    if form_class is forms.AssignForm:
        kwargs["specialists"] = _specialists(dossier)
    if form_class is forms.SubmitForm:
        sent = {f.pk for event in events for f in event.files.all()}
        kwargs["papers"] = papers
        kwargs["fresh"] = [f for f in papers if f.pk not in sent]
    if form_class is forms.PaymentRecordForm:
        asked = _last(events, Action.REQUEST_PAYMENT)
        if asked is not None:
            kwargs["requested"] = asked.data.get("amount")
    return form_class(data, files, **kwargs)


def _last(events, action):
    for event in reversed(events):
        if event.action == action:
            return event
    return None


@login_required
@require_GET
def work_file(request, dossier_id, file_id):
    _units(request)
    dossier = _dossier(request, dossier_id)
    stored = selectors.dossier_file_for(request.user, dossier.pk, file_id)
    return file_response(stored)


# ---- Actions ----------------------------------------------------------------------------------


@never_cache
@login_required
@require_POST
def work_act(request, dossier_id, action):
    _units(request)
    dossier = _dossier(request, dossier_id)
    if action not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    what, form_class, prefix = ACTIONS[action]
    events = selectors.dossier_events_for(request.user, dossier.pk) or []
    papers = [f for f in dossier.files.all() if f.kind in forms.PAPER_KINDS]
    form = _form(
        form_class,
        dossier,
        prefix,
        events=events,
        papers=papers,
        data=request.POST,
        files=request.FILES,
    )
    status = 400
    if form.is_valid():
        if what is None:
            service = getattr(services, OTHER_SERVICES[action])
        else:
            service = services.SERVICES[what]
        done, failed = run_service(service, form, dossier=dossier, user=request.user)
        status = failed or status
        if not failed:
            messages.success(request, _success(what, dossier, done, slug=action))
            return redirect(_next(request) or reverse("workspaces:work_dossier", args=[dossier.pk]))
    dossier = _dossier(request, dossier.pk)  # as saved now
    context = _context(request, dossier, bound=form, bound_slug=action)
    context["failed"] = prefix
    return render(request, "workspaces/work/dossier.html", context, status=status)


def _next(request) -> str:
    """Back to the list the action came from (the list's own address only)."""
    target = request.POST.get("next", "")
    if target.startswith(reverse("workspaces:work")) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _success(action, dossier, done, slug="") -> str:
    code = dossier.code or ""
    if slug == NOTE:
        return _("Đã lưu ghi chú nội bộ của hồ sơ %(code)s.") % {"code": code}
    if slug == DRAFT:
        return _(
            "Đã tạo dự thảo kết quả “%(name)s” cho hồ sơ %(code)s; chọn dự thảo khi trình phê "
            "duyệt."
        ) % {"name": done.original_name, "code": code}
    if action is None:
        return _("Đã thêm tài liệu “%(name)s” vào hồ sơ %(code)s.") % {
            "name": done.original_name,
            "code": code,
        }
    if action == Action.CLAIM:
        return _("Bạn đã nhận xử lý hồ sơ %(code)s.") % {"code": code}
    if action == Action.TRANSFER:
        name = done.assignee.get_full_name() or done.assignee.get_username()
        return _("Đã giao hồ sơ %(code)s cho %(name)s.") % {"code": code, "name": name}
    if action == Action.REQUEST_SUPPLEMENT:
        return _(
            "Đã gửi yêu cầu bổ sung hồ sơ %(code)s (Mẫu 02). Thời hạn giải quyết tạm dừng "
            "đến khi người nộp bổ sung."
        ) % {"code": code}
    if action == Action.REQUEST_PAYMENT:
        return _("Đã yêu cầu người nộp thực hiện nghĩa vụ tài chính cho hồ sơ %(code)s.") % {
            "code": code
        }
    if action == Action.RECORD_PAYMENT:
        return _("Đã ghi nhận khoản đã nộp của hồ sơ %(code)s; thời hạn tiếp tục tính.") % {
            "code": code
        }
    if action == Action.SUBMIT_FOR_APPROVAL:
        return _("Đã trình phê duyệt hồ sơ %(code)s.") % {"code": code}
    if action == Action.SEND_BACK:
        return _("Đã trả lại hồ sơ %(code)s để chuyên viên xử lý tiếp.") % {"code": code}
    due = timezone.localtime(done.due_at).strftime("%H:%M %d/%m/%Y") if done.due_at else ""
    return _(
        "Đã gửi văn bản xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s (Mẫu 04): %(due)s."
    ) % {"code": code, "due": due}


urlpatterns = [
    path("ban-lam-viec/xu-ly/", work_home, name="work"),
    path("ban-lam-viec/xu-ly/<uuid:dossier_id>/", work_dossier, name="work_dossier"),
    path("ban-lam-viec/xu-ly/<uuid:dossier_id>/tep/<uuid:file_id>/", work_file, name="work_file"),
    path(
        "ban-lam-viec/xu-ly/<uuid:dossier_id>/thao-tac/<slug:action>/",
        work_act,
        name="work_act",
    ),
]
