""" "My dossiers": the signed-in applicant's own dossiers, after sending them.

- `/ho-so/cua-toi/`: the list, newest first, filtered by group (in progress, needs my action,
  finished), drafts included ("Chưa nộp", continued on the draft page);
- `…/<id>/`: one dossier: facts, due dates (local time), files, results, the timeline
  (`dossiers.timeline`), the slips, and what the applicant may do now;
- `…/<id>/tep/<file id>/`: download one of its files;
- `…/<id>/bo-sung/`: answer a completion request (Mẫu 02: re-submission, same code) or a
  supplement request (the clock resumes): upload papers per component, take one back, send;
- `…/<id>/rut-ho-so/`: ask to withdraw, after a confirmation step;
- `…/<id>/danh-gia/`: rate the service once the result is returned, once.

Only the dossier's applicant is served: anyone else (another citizen, staff of its agencies)
gets 404, like a dossier that does not exist. Every change is one service call; a service's
error comes back as a message with its status (400 bad input, 404 not yours, 409 wrong
state) on the same page, and what was already saved stays.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common.forms import add_service_error

from .. import ratings, selectors, services, timeline
from ..errors import BadInput, DossierError
from ..models import APPLICANT_FILE_KINDS, RatingCriterion
from ..states import TRANSITIONS, WITH_OFFICERS, Action, State
from . import mine_forms as forms
from .downloads import file_response

PAGE_SIZE = 20

# The filter of the list: group → (label, states).
GROUPS = {
    "dang-giai-quyet": (
        gettext_lazy("Đang giải quyết"),
        WITH_OFFICERS,
    ),
    "can-bo-sung": (
        gettext_lazy("Cần tôi thực hiện"),
        frozenset(
            {
                State.DRAFT,
                State.COMPLETION_REQUESTED,
                State.SUPPLEMENT_REQUESTED,
                State.AWAITING_PAYMENT,
            }
        ),
    ),
    "da-ket-thuc": (
        gettext_lazy("Đã kết thúc"),
        frozenset({State.RETURNED, State.REFUSED, State.STOPPED}),
    ),
}
ANSWERABLE = (State.COMPLETION_REQUESTED, State.SUPPLEMENT_REQUESTED)
WITHDRAWABLE = TRANSITIONS[Action.REQUEST_WITHDRAWAL].sources
# Files the applicant downloads: their own papers; the agency's papers only as issued results.
APPLICANT_KINDS = APPLICANT_FILE_KINDS


# ---- Shared -----------------------------------------------------------------------------------


def _own(user, dossier_id):
    """The whole dossier if `user` filed it; else 404 (staff of its agencies included)."""
    dossier = selectors.dossier_detail_for(user, dossier_id)
    if dossier is None or dossier.applicant_id != user.pk:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


def _draft_url(dossier) -> str:
    """The draft page of the apply pages (empty while that page does not exist)."""
    try:
        return reverse("dossiers:draft", args=[dossier.pk])
    except NoReverseMatch:
        return ""


def _error_message(error: DossierError) -> str:
    """The service's message, and the field messages of a BadInput."""
    parts = [str(error.message)]
    for messages_ in (error.fields or {}).values():
        parts.extend(str(m) for m in (messages_ if isinstance(messages_, list) else [messages_]))
    return " ".join(dict.fromkeys(parts))


def _events(user, dossier):
    events = selectors.dossier_events_for(user, dossier.pk)
    if events is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return events


def _new_files(dossier, request_at):
    """The files added since the open request and not yet sent (removable, sent next)."""
    if request_at is None:
        return []
    return [
        f
        for f in dossier.files.all()
        if f.kind in APPLICANT_KINDS and f.uploaded_at > request_at and not f.events.exists()
    ]


# ---- The list ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def mine_list(request):
    group = request.GET.get("nhom", "")
    if group not in GROUPS:
        group = ""
    states = GROUPS[group][1] if group else ()
    own = Q(applicant_id=request.user.pk)
    dossiers = selectors.dossier_list_for(request.user, states=states).filter(own)
    counts = (
        selectors.dossier_list_for(request.user)
        .filter(own)
        .order_by()
        .aggregate(
            all=Count("pk"),
            **{
                key.replace("-", "_"): Count("pk", filter=Q(state__in=list(s)))
                for key, (_label, s) in GROUPS.items()
            },
        )
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    items = [
        {
            "dossier": dossier,
            "is_draft": dossier.state == State.DRAFT,
            "overdue": dossier.is_overdue(now),
            "needs_me": dossier.state in GROUPS["can-bo-sung"][1],
            "url": (
                _draft_url(dossier)
                if dossier.state == State.DRAFT
                else reverse("dossiers:mine_detail", args=[dossier.pk])
            ),
        }
        for dossier in page.object_list
    ]
    filters = [
        {"key": "", "label": _("Tất cả"), "count": counts["all"]},
        *(
            {"key": key, "label": label, "count": counts[key.replace("-", "_")]}
            for key, (label, _s) in GROUPS.items()
        ),
    ]
    return render(
        request,
        "dossiers/mine/list.html",
        {
            "page": page,
            "items": items,
            "filters": filters,
            "group": group,
            "group_label": GROUPS[group][0] if group else "",
        },
    )


# ---- One dossier ------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def mine_detail(request, dossier_id):
    dossier = _own(request.user, dossier_id)
    return render(request, "dossiers/mine/detail.html", _detail_context(request, dossier))


def _detail_context(request, dossier) -> dict:
    events = _events(request.user, dossier)
    files = [f for f in dossier.files.all() if f.kind in APPLICANT_KINDS]
    results = list(dossier.results.all())
    result_files = {r.file_id: r for r in results if r.file_id}
    rating = None
    if dossier.state == State.RETURNED:
        rating = ratings.rating_for(request.user, dossier.pk)
    return {
        "dossier": dossier,
        "state_label": State(dossier.state).label,
        "is_draft": dossier.state == State.DRAFT,
        "draft_url": _draft_url(dossier) if dossier.state == State.DRAFT else "",
        "overdue": dossier.is_overdue(),
        "steps": timeline.applicant_timeline(events),
        "stage": timeline.current_stage(dossier),
        "pauses": timeline.pauses(dossier),
        "request_open": timeline.open_request(dossier, events),
        "withdrawal": timeline.last_event(events, Action.REQUEST_WITHDRAWAL),
        "stop": timeline.last_event(events, Action.STOP),
        "files": files,
        "results": results,
        "result_files": result_files,
        "rating": rating,
        "rating_labels": {c.value: c.label for c in RatingCriterion},
        "can_answer": dossier.state in ANSWERABLE,
        "can_withdraw": dossier.state in WITHDRAWABLE,
        "can_rate": dossier.state == State.RETURNED and rating is None,
    }


@login_required
@require_GET
def mine_file(request, dossier_id, file_id):
    dossier = _own(request.user, dossier_id)
    stored = selectors.dossier_file_for(request.user, dossier.pk, file_id)
    issued = {r.file_id for r in dossier.results.all() if r.file_id}
    if stored is not None and stored.kind not in APPLICANT_KINDS and stored.pk not in issued:
        stored = None
    return file_response(stored)


# ---- Answering a completion or supplement request ------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine_answer(request, dossier_id):
    dossier = _own(request.user, dossier_id)
    if request.method == "GET" and dossier.state not in ANSWERABLE:
        messages.info(request, _("Hồ sơ này hiện không có yêu cầu bổ sung, hoàn thiện."))
        return redirect("dossiers:mine_detail", dossier.pk)
    components = [c for c in dossier.version.components.all() if dossier.takes_files_for(c)]
    attach = forms.AttachForm(components=components, prefix="attach")
    note = forms.SupplementForm(prefix="answer")
    error, status = "", 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        if op == "attach":
            attach = forms.AttachForm(
                request.POST, request.FILES, components=components, prefix="attach"
            )
            if attach.is_valid():
                try:
                    stored = services.dossier_attach_file(
                        dossier_id=dossier.pk,
                        actor=request.user,
                        upload=attach.cleaned_data["file"],
                        component_id=attach.cleaned_data["component"],
                    )
                except DossierError as failure:
                    add_service_error(attach, failure)
                    status = failure.status
                else:
                    messages.success(
                        request,
                        _("Đã tải lên “%(name)s”. Khi đủ giấy tờ, bấm “%(send)s”.")
                        % {"name": stored.original_name, "send": _send_label(dossier)},
                    )
                    return redirect("dossiers:mine_answer", dossier.pk)
            else:
                status = 400
        elif op == "remove":
            remove = forms.RemoveForm(request.POST)
            try:
                if not remove.is_valid():
                    raise BadInput(_("Không tìm thấy tệp."))
                services.dossier_remove_file(
                    dossier_id=dossier.pk,
                    actor=request.user,
                    file_id=remove.cleaned_data["file_id"],
                )
            except DossierError as failure:
                error, status = _error_message(failure), failure.status
            else:
                messages.success(request, _("Đã gỡ tệp."))
                return redirect("dossiers:mine_answer", dossier.pk)
        elif op == "send":
            note = forms.SupplementForm(request.POST, prefix="answer")
            outcome = _send(request, dossier, note)
            if not isinstance(outcome, int):
                return outcome
            status = outcome
        else:
            error, status = _("Yêu cầu không hợp lệ."), 400
        dossier = _own(request.user, dossier.pk)  # what is saved now
    return render(
        request,
        "dossiers/mine/answer.html",
        _answer_context(request, dossier, components, attach, note, error),
        status=status,
    )


def _send_label(dossier) -> str:
    if dossier.state == State.COMPLETION_REQUESTED:
        return _("Gửi lại hồ sơ đã hoàn thiện")
    return _("Gửi hồ sơ bổ sung")


def _send(request, dossier, note_form):
    """Send the answer: re-submit (completion) or supplement with the files added since the
    request. The redirect when done; else the status, the form carrying the message."""
    events = _events(request.user, dossier)
    asked = timeline.open_request(dossier, events)
    if dossier.state not in ANSWERABLE or asked is None:
        note_form.is_valid()
        note_form.add_error(
            None, _("Hồ sơ này hiện không có yêu cầu bổ sung, hoàn thiện để trả lời.")
        )
        return 409
    if not note_form.is_valid():
        return 400
    added = _new_files(dossier, asked.at)
    if not added:
        note_form.add_error(
            None, _("Chưa có giấy tờ nào được tải lên. Hãy tải lên giấy tờ còn thiếu trước.")
        )
        return 400
    try:
        if dossier.state == State.COMPLETION_REQUESTED:
            services.dossier_submit(dossier_id=dossier.pk, actor=request.user)
            done = _("Đã gửi lại hồ sơ đã hoàn thiện. Mã hồ sơ vẫn là %(code)s.")
        else:
            services.dossier_supplement(
                dossier_id=dossier.pk,
                actor=request.user,
                note=note_form.cleaned_data["note"],
                file_ids=[f.pk for f in added],
            )
            done = _("Đã gửi hồ sơ bổ sung cho hồ sơ %(code)s; thời hạn giải quyết tiếp tục.")
    except DossierError as failure:
        note_form.add_error(None, _error_message(failure))
        return failure.status
    messages.success(request, done % {"code": dossier.code})
    return redirect("dossiers:mine_detail", dossier.pk)


def _answer_context(request, dossier, components, attach, note, error) -> dict:
    events = _events(request.user, dossier)
    asked = timeline.open_request(dossier, events)
    added = _new_files(dossier, asked.at if asked else None)
    added_ids = {f.pk for f in added}
    sent = [f for f in dossier.files.all() if f.kind in APPLICANT_KINDS and f.pk not in added_ids]
    rows = [
        {
            "component": component,
            "sent": [f for f in sent if f.component_id == component.pk],
            "added": [f for f in added if f.component_id == component.pk],
        }
        for component in components
    ]
    return {
        "dossier": dossier,
        "state_label": State(dossier.state).label,
        "request_open": asked,
        "rows": rows,
        "added": added,
        "attach": attach,
        "note": note,
        "error": error,
        "accept": forms.ACCEPT,
        "is_completion": dossier.state == State.COMPLETION_REQUESTED,
        "send_label": _send_label(dossier),
        "open": dossier.state in ANSWERABLE,
    }


# ---- Withdrawal -------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine_withdraw(request, dossier_id):
    dossier = _own(request.user, dossier_id)
    if request.method == "GET" and dossier.state not in WITHDRAWABLE:
        messages.info(request, _("Hồ sơ ở trạng thái hiện tại không rút được."))
        return redirect("dossiers:mine_detail", dossier.pk)
    form = forms.WithdrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.dossier_request_withdrawal(
                    dossier_id=dossier.pk, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except DossierError as failure:
                add_service_error(form, failure)
                status = failure.status
            else:
                messages.success(
                    request,
                    _(
                        "Đã gửi đề nghị rút hồ sơ %(code)s. Cơ quan giải quyết sẽ xem xét "
                        "và dừng xử lý hồ sơ."
                    )
                    % {"code": dossier.code},
                )
                return redirect("dossiers:mine_detail", dossier.pk)
        else:
            status = 400
    return render(
        request,
        "dossiers/mine/withdraw.html",
        {"dossier": dossier, "form": form, "state_label": State(dossier.state).label},
        status=status,
    )


# ---- Rating -----------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine_rate(request, dossier_id):
    dossier = _own(request.user, dossier_id)
    rating = ratings.rating_for(request.user, dossier.pk)
    if request.method == "GET" and (rating is not None or dossier.state != State.RETURNED):
        if rating is not None:
            messages.info(request, _("Hồ sơ này đã được đánh giá."))
        else:
            messages.info(request, _("Chỉ đánh giá được sau khi đã nhận kết quả giải quyết."))
        return redirect("dossiers:mine_detail", dossier.pk)
    form = forms.RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.dossier_rate(
                    dossier_id=dossier.pk, actor=request.user, **form.service_data()
                )
            except DossierError as failure:
                add_service_error(form, failure)
                status = failure.status
            else:
                messages.success(request, _("Cảm ơn bạn đã đánh giá. Đánh giá đã được ghi nhận."))
                return redirect("dossiers:mine_detail", dossier.pk)
        else:
            status = 400
    return render(
        request,
        "dossiers/mine/rate.html",
        {"dossier": dossier, "form": form, "rating": rating},
        status=status,
    )


urlpatterns = [
    path("ho-so/cua-toi/", mine_list, name="mine"),
    path("ho-so/cua-toi/<uuid:dossier_id>/", mine_detail, name="mine_detail"),
    path("ho-so/cua-toi/<uuid:dossier_id>/tep/<uuid:file_id>/", mine_file, name="mine_file"),
    path("ho-so/cua-toi/<uuid:dossier_id>/bo-sung/", mine_answer, name="mine_answer"),
    path("ho-so/cua-toi/<uuid:dossier_id>/rut-ho-so/", mine_withdraw, name="mine_withdraw"),
    path("ho-so/cua-toi/<uuid:dossier_id>/danh-gia/", mine_rate, name="mine_rate"),
]
