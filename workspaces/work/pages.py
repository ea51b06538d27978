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

The head of unit assigns and reassigns (`Action.ASSIGN`, its own line in the history); a
specialist of the unit takes an unassigned dossier for themselves (`Action.CLAIM`). Neither is
a hand-over: the step's time budget runs on. The desk hands a dossier over once (`TRANSFER`).

Only staff with a processing role (`permissions.PROCESSING_ROLES`) are served; anyone else
signed in gets 403, anonymous users go to the login page. A dossier outside the user's
processing units and agencies answers 404, like one that does not exist.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.paging import KeysFirstPaginator
from dossiers import permissions as perms
from dossiers import services
from dossiers.states import Action, Actor, State

from ..actions import ActionPage, Row, Section
from ..flags import Flagger
from ..papers import applicant_papers
from . import forms
from . import queries as work

PAGE_SIZE = 25
STAFF = frozenset({Actor.SPECIALIST, Actor.HEAD, Actor.LEADER})


def _scope(request):
    """The agencies where the user holds a processing role; 403 if none."""
    units = work.work_units(request.user)
    if not units:
        raise PermissionDenied(_("Trang này dành cho chuyên viên, trưởng phòng và lãnh đạo."))
    return units


# ---- The lists --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def work_home(request):
    units = _scope(request)
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
    page = KeysFirstPaginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    flagger = Flagger(now)
    rows = [
        {
            "dossier": d,
            "flags": flagger.processing(d),
            "assign": Action.ASSIGN in _actions(d, user),
        }
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


def _may_attach(page) -> bool:
    allowed, _kind = services.UPLOAD_STATES.get(State(page.dossier.state), (set(), None))
    return bool(allowed & perms.actors_for(page.dossier, page.user) & STAFF)


def _may_draft(page) -> bool:
    """The draft result from the template: specialists and heads of the unit, in progress."""
    drafters = services.DRAFTERS & perms.actors_for(page.dossier, page.user)
    return page.dossier.state == State.IN_PROGRESS and bool(drafters)


def _may_note(page) -> bool:
    return not page.dossier.is_read_only and services.may_note(page.dossier, page.user)


def _specialists(page) -> dict:
    dossier = page.dossier
    unit = dossier.processing_unit or dossier.competent_agency
    return {"specialists": work.unit_specialists([unit.pk]).get(unit.pk, [])}


def _papers(page) -> dict:
    papers = page.facts["papers"]
    sent = page.facts["sent"]
    return {"papers": papers, "fresh": [f for f in papers if f.pk not in sent]}


def _requested(page) -> dict:
    asked = page.last(Action.REQUEST_PAYMENT)
    return {"requested": asked.data.get("amount")} if asked is not None else {}


def _message(text):
    """A success message that names the dossier."""
    return lambda done: str(text) % {"code": done.code}


def _assigned(done) -> str:
    assignee = done.result.assignee
    name = assignee.get_full_name() or assignee.get_username()
    return _("Đã giao hồ sơ %(code)s cho %(name)s.") % {"code": done.code, "name": name}


def _drafted(done) -> str:
    return _(
        "Đã tạo dự thảo kết quả “%(name)s” cho hồ sơ %(code)s; chọn dự thảo khi trình phê duyệt."
    ) % {"name": done.result.original_name, "code": done.code}


def _attached(done) -> str:
    return _("Đã thêm tài liệu “%(name)s” vào hồ sơ %(code)s.") % {
        "name": done.result.original_name,
        "code": done.code,
    }


def _rescheduled(done) -> str:
    due = done.result.due_at
    due = timezone.localtime(due).strftime("%H:%M %d/%m/%Y") if due else ""
    return _(
        "Đã gửi văn bản xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s (Mẫu 04): %(due)s."
    ) % {"code": done.code, "due": due}


# Marked for translation here, translated when shown (`_message`).
CLAIMED = gettext_lazy("Bạn đã nhận xử lý hồ sơ %(code)s.")
NOTED = gettext_lazy("Đã lưu ghi chú nội bộ của hồ sơ %(code)s.")
SUBMITTED = gettext_lazy("Đã trình phê duyệt hồ sơ %(code)s.")
SENT_BACK = gettext_lazy("Đã trả lại hồ sơ %(code)s để chuyên viên xử lý tiếp.")
PAID = gettext_lazy("Đã ghi nhận khoản đã nộp của hồ sơ %(code)s; thời hạn tiếp tục tính.")
SUPPLEMENT_ASKED = gettext_lazy(
    "Đã gửi yêu cầu bổ sung hồ sơ %(code)s (Mẫu 02). Thời hạn giải quyết tạm dừng đến khi "
    "người nộp bổ sung."
)
PAYMENT_ASKED = gettext_lazy(
    "Đã yêu cầu người nộp thực hiện nghĩa vụ tài chính cho hồ sơ %(code)s."
)


class WorkPage(ActionPage):
    """The appraisal page (see the module's docstring)."""

    name = "work"
    base = "ban-lam-viec/xu-ly/"
    template = "workspaces/work/dossier.html"
    rows = (
        Row(
            "nhan-xu-ly",
            "claim",
            forms.ClaimForm,
            action=Action.CLAIM,
            success=_message(CLAIMED),
            section="workspaces/work/_claim.html",
        ),
        Row(
            "phan-cong",
            "assign",
            forms.AssignForm,
            action=Action.ASSIGN,
            kwargs=_specialists,
            success=_assigned,
            section="workspaces/work/_assign.html",
            button=gettext_lazy("Phân công"),
        ),
        Section("workspaces/_components.html"),
        Row(
            "tai-lieu",
            "attach",
            forms.AttachForm,
            service="dossier_attach_file",
            offered=_may_attach,
            success=_attached,
            section="workspaces/work/_papers.html",
            always=True,
            button=gettext_lazy("Tải tài liệu lên"),
            secondary=True,
            multipart=True,
        ),
        Row(
            "ghi-chu",
            "note",
            forms.NoteForm,
            service="dossier_note_add",
            offered=_may_note,
            success=_message(NOTED),
            section="workspaces/work/_notes.html",
            always=True,
            button=gettext_lazy("Lưu ghi chú"),
            secondary=True,
        ),
        Row(
            "du-thao-ket-qua",
            "draft",
            forms.DraftResultForm,
            service="dossier_draft_result",
            offered=_may_draft,
            success=_drafted,
            title=gettext_lazy("Tạo dự thảo kết quả từ mẫu"),
            hint=gettext_lazy(
                "Cổng in dự thảo khổ A4 theo mẫu: quốc hiệu, tên cơ quan giải quyết, mã hồ sơ, "
                "người nộp, thủ tục, nội dung dưới đây, địa danh, ngày tháng và chức danh người "
                "ký; dự thảo được lưu vào tài liệu nội bộ để trình phê duyệt."
            ),
            button=gettext_lazy("Tạo dự thảo (PDF)"),
            secondary=True,
        ),
        Row(
            "trinh-phe-duyet",
            "submit",
            forms.SubmitForm,
            action=Action.SUBMIT_FOR_APPROVAL,
            kwargs=_papers,
            success=_message(SUBMITTED),
            title=gettext_lazy("Trình phê duyệt"),
            hint=gettext_lazy(
                "Tải lên hoặc tạo dự thảo kết quả từ mẫu ở mục trên rồi chọn để trình kèm; lãnh "
                "đạo phê duyệt hoặc trả lại."
            ),
            button=gettext_lazy("Trình phê duyệt"),
        ),
        Row(
            "tra-lai",
            "sendback",
            forms.SendBackForm,
            action=Action.SEND_BACK,
            success=_message(SENT_BACK),
            title=gettext_lazy("Trả lại để xử lý tiếp"),
            button=gettext_lazy("Trả lại chuyên viên"),
            tone="completion",
        ),
        Section("workspaces/work/_leader.html"),
        Row(
            "ghi-nhan-nop-phi",
            "paid",
            forms.PaymentRecordForm,
            action=Action.RECORD_PAYMENT,
            kwargs=_requested,
            success=_message(PAID),
            title=gettext_lazy("Ghi nhận đã nộp phí, lệ phí"),
            button=gettext_lazy("Ghi nhận đã nộp"),
        ),
        Section("workspaces/work/_consult.html"),
        Row(
            "yeu-cau-bo-sung",
            "supplement",
            forms.SupplementForm,
            action=Action.REQUEST_SUPPLEMENT,
            success=_message(SUPPLEMENT_ASKED),
            title=gettext_lazy("Yêu cầu bổ sung hồ sơ (Mẫu 02)"),
            intro="workspaces/work/_supplement_hint.html",
            button=gettext_lazy("Gửi yêu cầu bổ sung"),
            tone="completion",
            collapsed=True,
        ),
        Row(
            "yeu-cau-nop-phi",
            "payment",
            forms.PaymentRequestForm,
            action=Action.REQUEST_PAYMENT,
            success=_message(PAYMENT_ASKED),
            title=gettext_lazy("Yêu cầu thực hiện nghĩa vụ tài chính"),
            hint=gettext_lazy("Thời hạn giải quyết tạm dừng đến khi ghi nhận người nộp đã nộp."),
            button=gettext_lazy("Gửi yêu cầu nộp"),
            tone="refuse",
            collapsed=True,
        ),
        Row(
            "hen-lai",
            "reschedule",
            forms.RescheduleForm,
            action=Action.RESCHEDULE,
            success=_rescheduled,
            section="workspaces/work/_reschedule.html",
            hint=gettext_lazy(
                "Chỉ được hẹn lại một lần, chậm nhất một ngày làm việc trước hạn; thống kê vẫn "
                "tính theo hạn ban đầu."
            ),
            button=gettext_lazy("Gửi văn bản xin lỗi và hẹn lại"),
        ),
    )

    def scope(self, request):
        return _scope(request)

    def in_scope(self, request, dossier, scope) -> bool:
        return work.in_scope(dossier, request.user)

    def facts(self, page) -> dict:
        files = list(page.dossier.files.all())
        return {
            "papers": [f for f in files if f.kind in forms.PAPER_KINDS],
            "sent": {f.pk for event in page.events for f in event.files.all()},
            "files": files,
        }

    def context(self, page, shown) -> dict:
        dossier, user = page.dossier, page.user
        flagger = Flagger()
        step = None
        if dossier.step_order is not None:
            step = dossier.version.process_steps.filter(order=dossier.step_order).first()
        specialists = shown["assign"].fields["assignee"].choices[1:] if "assign" in shown else []
        sent = page.facts["sent"]
        return {
            "flags": flagger.processing(dossier),
            "step": step,
            **applicant_papers(dossier, page.facts["files"]),
            "papers": [{"file": f, "sent": f.pk in sent} for f in page.facts["papers"]],
            "results": list(dossier.results.all()),
            "notes": services.notes_for(dossier, user),
            "last_supplement": page.last(Action.REQUEST_SUPPLEMENT),
            "last_payment": page.last(Action.REQUEST_PAYMENT),
            "last_send_back": page.last(Action.SEND_BACK),
            "self_assign": str(user.pk) in {pk for pk, _name in specialists},
            "leader_decides": (
                dossier.state == State.PENDING_APPROVAL
                and Actor.LEADER in perms.actors_for(dossier, user)
            ),
            "reschedule_proposed": flagger.reschedule_proposed(dossier),
            "reschedule_allowed": flagger.reschedule_allowed(dossier),
            # The notes' form alone is not an action on the dossier.
            "acted": bool(set(shown) - {"note"}),
        }

    def after(self, request, row, dossier) -> str:
        """Back to the list the action came from (the list's own address only)."""
        target = request.POST.get("next", "")
        if target.startswith(reverse("workspaces:work")) and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return super().after(request, row, dossier)


page = WorkPage()

urlpatterns = [
    path("ban-lam-viec/xu-ly/", work_home, name="work"),
    *page.urlpatterns(),
]
