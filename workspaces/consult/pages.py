"""The consultation pages (liên thông), for the processing staff of agencies.

- `/ban-lam-viec/lien-thong/`: the queue: consultations addressed to my agencies ("den", the
  default) or asked by them ("di"); open ones first by due time with overdue and due-today
  flags, then the others; paginated with a fixed number of queries;
- `…/<id>/`: one consultation: the question, the files shared, the answer; the answer form
  for the consulted agency's staff while it is open (POST here);
- `…/<id>/tep/<file id>/`: a file shared with the consultation;
- `…/<id>/huy/`: POST: the asking side cancels it;
- `…/hoi/<dossier id>/`: the consultations of one dossier, and the form to ask another
  agency (POST here) for its specialist or head of unit while it is in progress.

Served only to staff holding a processing role (specialist, head of unit, leader) somewhere:
anyone else signed in gets 403, anonymous users go to the login page. A consultation the user
may not see, or a dossier they may not see, answers 404, as if it did not exist; a dossier
they see without processing it (its desk, its applicant) answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.paging import KeysFirstPaginator
from dossiers import selectors as dossier_selectors
from dossiers.consult import selectors, services
from dossiers.consult.models import ConsultationState
from dossiers.errors import DossierError, NotFound
from dossiers.pages.downloads import file_response
from dossiers.states import State

from ..flags import Flagger
from . import forms

PAGE_SIZE = 25
TABS = {
    "den": gettext_lazy("Được hỏi ý kiến"),
    "di": gettext_lazy("Đã hỏi ý kiến cơ quan khác"),
}
DIRECTION = {"den": "to", "di": "from"}


def _staff(request) -> set[int]:
    """The agencies where the user holds a processing role; 403 if none."""
    agencies = selectors.processing_agency_ids(request.user)
    if not agencies:
        raise PermissionDenied(
            _("Trang này dành cho chuyên viên, trưởng phòng và lãnh đạo cơ quan.")
        )
    return agencies


def _consultation(request, pk):
    consultation = selectors.consultation_for(request.user, pk)
    if consultation is None:
        raise Http404(_("Không tìm thấy yêu cầu xin ý kiến."))
    return consultation


def _rows(consultations, now):
    return [{"c": c, "flags": Flagger(now).consultation(c)} for c in consultations]


# ---- The queue --------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def consult_queue(request):
    _staff(request)
    tab = request.GET.get("nhom", "den")
    if tab not in TABS:
        tab = "den"
    now = timezone.now()
    found = selectors.consultations_for(request.user, direction=DIRECTION[tab])
    page = KeysFirstPaginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    tabs = [
        {
            "key": key,
            "label": label,
            "open": selectors.consultations_for(
                request.user, direction=DIRECTION[key], state=ConsultationState.OPEN
            ).count(),
        }
        for key, label in TABS.items()
    ]
    return render(
        request,
        "workspaces/consult/queue.html",
        {
            "tab": tab,
            "tab_label": TABS[tab],
            "tabs": tabs,
            "page": page,
            "rows": _rows(page.object_list, now),
        },
    )


# ---- One consultation -------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consult_detail(request, pk):
    _staff(request)
    consultation = _consultation(request, pk)
    may_answer = services.may_answer(consultation, request.user) and consultation.is_open
    form = None
    status = 200
    if request.method == "POST":
        form = forms.AnswerForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            try:
                services.consultation_answer(
                    consultation_id=consultation.pk, actor=request.user, **form.service_kwargs()
                )
            except NotFound:
                raise Http404(_("Không tìm thấy yêu cầu xin ý kiến.")) from None
            except DossierError as failure:
                form.add_service_error(failure)
                status = failure.status
            else:
                messages.success(
                    request,
                    _("Đã gửi ý kiến trả lời về hồ sơ %(code)s.")
                    % {"code": consultation.dossier.code},
                )
                return redirect("workspaces:consult_detail", consultation.pk)
        consultation = _consultation(request, pk)
        may_answer = may_answer or status != 200
    elif may_answer:
        form = forms.AnswerForm()
    dossier = consultation.dossier
    return render(
        request,
        "workspaces/consult/detail.html",
        {
            "c": consultation,
            "dossier": dossier,
            "flags": Flagger().consultation(consultation),
            "form": form if may_answer else None,
            "consulted": services.may_answer(consultation, request.user),
            "dossier_staff": selectors.is_staff_of_dossier(dossier, request.user),
        },
        status=status,
    )


@login_required
@require_GET
def consult_file(request, pk, file_id):
    _staff(request)
    stored = selectors.consultation_file_for(request.user, pk, file_id)
    return file_response(stored)


@never_cache
@login_required
@require_POST
def consult_cancel(request, pk):
    _staff(request)
    consultation = _consultation(request, pk)
    if not services.may_ask(consultation.dossier, request.user):
        raise PermissionDenied(
            _("Chỉ chuyên viên, trưởng phòng đang xử lý hồ sơ mới hủy được yêu cầu xin ý kiến.")
        )
    dossier = _dossier(request, consultation.dossier_id)
    form = forms.CancelForm(request.POST, prefix=f"huy-{consultation.pk}")
    status = 400
    if form.is_valid():
        try:
            services.consultation_cancel(
                consultation_id=consultation.pk, actor=request.user, **form.service_kwargs()
            )
        except NotFound:
            raise Http404(_("Không tìm thấy yêu cầu xin ý kiến.")) from None
        except DossierError as failure:
            form.add_service_error(failure)
            status = failure.status
        else:
            messages.success(
                request,
                _("Đã hủy yêu cầu xin ý kiến %(agency)s.") % {"agency": consultation.to_agency},
            )
            return redirect(reverse("workspaces:consult_ask", args=[dossier.pk]) + "#lien-thong")
    context = _ask_context(request, dossier, cancel_forms={consultation.pk: form})
    context["failed"] = True
    return render(request, "workspaces/consult/ask.html", context, status=status)


# ---- The consultations of a dossier, and asking -------------------------------------------


def _dossier(request, dossier_id):
    """The dossier if the user sees it (else 404) and processes it (else 403)."""
    dossier = dossier_selectors.dossier_detail_for(request.user, dossier_id)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if not selectors.is_staff_of_dossier(dossier, request.user):
        raise PermissionDenied(_("Chỉ cán bộ xử lý hồ sơ mới xem được trang này."))
    return dossier


def _ask_context(request, dossier, *, ask_form=None, cancel_forms=None):
    user = request.user
    may_ask = services.may_ask(dossier, user)
    can_ask_now = may_ask and dossier.state == State.IN_PROGRESS
    if ask_form is None and can_ask_now:
        ask_form = _ask_form(dossier)
    consultations = selectors.consultations_of_dossier(dossier)
    cancel_forms = cancel_forms or {}
    now = timezone.now()
    rows = []
    for c in consultations:
        cancel = None
        if may_ask and c.is_open:
            cancel = cancel_forms.get(c.pk) or forms.CancelForm(prefix=f"huy-{c.pk}")
        rows.append({"c": c, "flags": Flagger(now).consultation(c), "cancel": cancel})
    return {
        "dossier": dossier,
        "state_label": State(dossier.state).label,
        "rows": rows,
        "form": ask_form if can_ask_now else None,
        "may_ask": may_ask,
    }


def _ask_form(dossier, data=None):
    return forms.AskForm(
        data,
        agencies=list(services.agencies_to_consult(dossier)),
        files=list(dossier.files.all()),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def consult_ask(request, dossier_id):
    _staff(request)
    dossier = _dossier(request, dossier_id)
    if request.method == "GET":
        return render(request, "workspaces/consult/ask.html", _ask_context(request, dossier))
    form = _ask_form(dossier, request.POST)
    status = 400
    if form.is_valid():
        try:
            consultation = services.consultation_ask(
                dossier_id=dossier.pk, actor=request.user, **form.service_kwargs()
            )
        except NotFound:
            raise Http404(_("Không tìm thấy hồ sơ.")) from None
        except DossierError as failure:
            form.add_service_error(failure)
            status = failure.status
        else:
            due = timezone.localtime(consultation.due_at).strftime("%H:%M %d/%m/%Y")
            messages.success(
                request,
                _("Đã gửi xin ý kiến %(agency)s; hạn trả lời %(due)s.")
                % {"agency": consultation.to_agency, "due": due},
            )
            return redirect(reverse("workspaces:consult_ask", args=[dossier.pk]) + "#lien-thong")
    dossier = _dossier(request, dossier.pk)
    context = _ask_context(request, dossier, ask_form=form)
    if context["form"] is None:  # refused before the form could be shown (403, 409)
        context["refusal"] = form.non_field_errors()
    context["failed"] = True
    return render(request, "workspaces/consult/ask.html", context, status=status)
