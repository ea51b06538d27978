"""The leaders' approval queue (phê duyệt), a short page for signing off results.

- `/ban-lam-viec/phe-duyet/`: the dossiers waiting for approval (state pending_approval) of
  the agencies where the user is a leader (`Role.LEADER`, the competent agency of the
  dossier), oldest submission first, each with the specialist's note and draft result files
  (from the last submit-for-approval event, plus the draft results uploaded since) and its
  due flags; paginated with a fixed number of queries;
- `…/<id>/`: one dossier: what is asked, the note, the files to read and choose from, the
  consultations of other agencies, and the decisions: approve (the result is numbered
  `<code>-KQn`, `services.dossier_approve`), deny with reasons (`services.dossier_deny`), or
  send back for more work (`services.dossier_send_back`); once resolved, the result's number
  and code;
- `…/<id>/tep/<file id>/`: download one of its files;
- `…/<id>/thao-tac/<action>/`: POST one decision; then back to the page with a message, or
  the page again with the form as sent, its errors and the service's status (400, 403, 409).

Only leaders are served: anyone else signed in gets 403, anonymous users the login page. A
dossier of another agency answers 404, like one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dossiers import deadlines, selectors, services
from dossiers import permissions as perms
from dossiers.consult import selectors as consult_selectors
from dossiers.models import Dossier, DossierEvent, DossierFile, FileKind
from dossiers.pages.downloads import file_response
from dossiers.states import Action, State
from procedures.models import Role

from ..actions import run_service
from . import forms

PAGE_SIZE = 25
RESULT_KINDS = (FileKind.RESULT, FileKind.ATTACHMENT)

# URL slug → (action, form class, form prefix).
ACTIONS = {
    "phe-duyet": (Action.APPROVE, forms.ApproveForm, "approve"),
    "tu-choi": (Action.DENY, forms.DenyForm, "deny"),
    "tra-lai": (Action.SEND_BACK, forms.SendBackForm, "send_back"),
}

LATE = gettext_lazy("Quá hạn")
DUE_TODAY = gettext_lazy("Đến hạn hôm nay")
STEP_LATE = gettext_lazy("Quá hạn bước phê duyệt")
COUNTED_LATE = gettext_lazy("Bị tính là trễ hạn")


# ---- Reads ------------------------------------------------------------------------------------


def leader_agencies(user) -> set[int]:
    return {agency for agency, role in perms.memberships(user) if role == Role.LEADER}


def _submissions():
    return Prefetch(
        "events",
        queryset=DossierEvent.objects.filter(action=Action.SUBMIT_FOR_APPROVAL)
        .select_related("actor")
        .prefetch_related("files")
        .order_by("at", "id"),
        to_attr="submissions",
    )


def _result_files():
    return Prefetch(
        "files",
        queryset=DossierFile.objects.filter(kind=FileKind.RESULT).order_by("uploaded_at"),
        to_attr="draft_results",
    )


def approval_queue(user, agencies):
    """The dossiers waiting for `user`'s approval, oldest submission first."""
    submitted = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"), action=Action.SUBMIT_FOR_APPROVAL)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        Dossier.objects.filter(
            selectors.visible_to(user),
            state=State.PENDING_APPROVAL,
            competent_agency_id__in=agencies,
        )
        .annotate(submitted_for_approval_at=Subquery(submitted))
        .select_related(*selectors.LIST_RELATED)
        .prefetch_related(_submissions(), _result_files())
        .order_by("submitted_for_approval_at", "received_at", "id")
    )


def submission(dossier):
    """The last submit-for-approval event (its note, who, when, files), or None."""
    submissions = getattr(dossier, "submissions", None)
    if submissions is None:
        submissions = list(
            dossier.events.filter(action=Action.SUBMIT_FOR_APPROVAL)
            .select_related("actor")
            .prefetch_related("files")
            .order_by("at", "id")
        )
    return submissions[-1] if submissions else None


def draft_files(dossier, last) -> list:
    """The files to read: those sent with the submission, then the draft results added."""
    files = list(last.files.all()) if last else []
    seen = {f.pk for f in files}
    drafts = getattr(dossier, "draft_results", None)
    if drafts is None:
        drafts = [f for f in dossier.files.all() if f.kind == FileKind.RESULT]
    return files + [f for f in drafts if f.pk not in seen]


def flags(dossier, now) -> list[tuple[str, str]]:
    found = []
    if dossier.due_at:
        if dossier.due_at < now:
            found.append(("late", str(LATE)))
        elif deadlines.to_local(dossier.due_at).date() == deadlines.to_local(now).date():
            found.append(("due_today", str(DUE_TODAY)))
    if dossier.step_due_at and dossier.step_due_at < now:
        found.append(("step_late", str(STEP_LATE)))
    if dossier.flagged_late:
        found.append(("counted_late", str(COUNTED_LATE)))
    return found


# ---- Shared -----------------------------------------------------------------------------------


def _agencies(request) -> set[int]:
    agencies = leader_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Trang này dành cho lãnh đạo cơ quan."))
    return agencies


def _dossier(request, dossier_id, agencies):
    dossier = selectors.dossier_detail_for(request.user, dossier_id)
    if dossier is None or dossier.competent_agency_id not in agencies:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


# ---- The queue --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def approval_home(request):
    agencies = _agencies(request)
    now = timezone.now()
    page = Paginator(approval_queue(request.user, agencies), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    rows = []
    for dossier in page.object_list:
        last = submission(dossier)
        rows.append(
            {
                "dossier": dossier,
                "submission": last,
                "files": draft_files(dossier, last),
                "flags": flags(dossier, now),
            }
        )
    return render(request, "workspaces/approval/queue.html", {"page": page, "rows": rows})


# ---- One dossier ------------------------------------------------------------------------------


def _context(request, dossier, bound=None, bound_slug=""):
    last = submission(dossier)
    files = draft_files(dossier, last)
    choices = [f for f in files if f.kind in RESULT_KINDS]
    shown = {}
    if dossier.state == State.PENDING_APPROVAL:
        available = set(services.available_actions(dossier, request.user))
        for slug, (action, form_class, prefix) in ACTIONS.items():
            if slug == bound_slug:
                shown[prefix] = bound
            elif action in available:
                shown[prefix] = form_class(prefix=prefix, files=choices)
    now = timezone.now()
    consultations = [
        {"c": c, "flags": consult_selectors.flags(c, now)}
        for c in consult_selectors.consultations_of_dossier(dossier)
    ]
    return {
        "dossier": dossier,
        "state_label": State(dossier.state).label,
        "flags": flags(dossier, now) if dossier.state == State.PENDING_APPROVAL else [],
        "submission": last,
        "files": files,
        "forms": shown,
        "results": list(dossier.results.all()),
        "consultations": consultations,
    }


@never_cache
@login_required
@require_GET
def approval_dossier(request, dossier_id):
    agencies = _agencies(request)
    dossier = _dossier(request, dossier_id, agencies)
    return render(request, "workspaces/approval/dossier.html", _context(request, dossier))


@login_required
@require_GET
def approval_file(request, dossier_id, file_id):
    agencies = _agencies(request)
    dossier = _dossier(request, dossier_id, agencies)
    stored = selectors.dossier_file_for(request.user, dossier.pk, file_id)
    return file_response(stored)


@never_cache
@login_required
@require_POST
def approval_act(request, dossier_id, action):
    agencies = _agencies(request)
    dossier = _dossier(request, dossier_id, agencies)
    if action not in ACTIONS:
        raise Http404(_("Không có thao tác này."))
    what, form_class, prefix = ACTIONS[action]
    choices = [f for f in draft_files(dossier, submission(dossier)) if f.kind in RESULT_KINDS]
    form = form_class(request.POST, prefix=prefix, files=choices)
    status = 400
    if form.is_valid():
        service = services.SERVICES[what]
        done, failed = run_service(service, form, dossier=dossier, user=request.user)
        status = failed or status
        if not failed:
            messages.success(request, _success(what, done))
            return redirect("workspaces:approval_dossier", dossier.pk)
    dossier = _dossier(request, dossier.pk, agencies)  # as saved now
    context = _context(request, dossier, bound=form, bound_slug=action)
    context["failed"] = prefix
    return render(request, "workspaces/approval/dossier.html", context, status=status)


def _success(action, dossier) -> str:
    code = dossier.code or ""
    if action == Action.SEND_BACK:
        return _("Đã trả lại hồ sơ %(code)s để xử lý tiếp.") % {"code": code}
    result = dossier.results.order_by("-number").first()
    values = {"code": code, "number": result.number, "result": result.code}
    if action == Action.APPROVE:
        return _("Đã phê duyệt hồ sơ %(code)s. Kết quả số %(number)d, mã %(result)s.") % values
    return (
        _("Đã từ chối giải quyết hồ sơ %(code)s. Văn bản trả lời số %(number)d, mã %(result)s.")
        % values
    )


urlpatterns = [
    path("ban-lam-viec/phe-duyet/", approval_home, name="approval"),
    path("ban-lam-viec/phe-duyet/<uuid:dossier_id>/", approval_dossier, name="approval_dossier"),
    path(
        "ban-lam-viec/phe-duyet/<uuid:dossier_id>/tep/<uuid:file_id>/",
        approval_file,
        name="approval_file",
    ),
    path(
        "ban-lam-viec/phe-duyet/<uuid:dossier_id>/thao-tac/<slug:action>/",
        approval_act,
        name="approval_act",
    ),
]
