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

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.paging import KeysFirstPaginator
from dossiers import permissions as perms
from dossiers import services
from dossiers.slips.legal_forms import Form, form_name
from dossiers.states import Action, Actor, State
from procedures.models import CopyKind

from ..actions import ActionPage, Row, Section
from ..flags import Flagger
from ..papers import (
    APPLICANT_KINDS,
    MISSING,
    absence,
    declarations_of,
    files_by_component,
    paper_row,
)
from . import forms
from . import queries as desk

PAGE_SIZE = 25
# The tag of a success message after which the page offers the receipt (Mẫu 01) to print:
# its link follows the message and has the focus (`desk/_messages.html`), so Enter opens it.
RECEIPT_TAG = "receipt"


def _scope(request):
    """The receiving units where the user works at the desk; 403 if none."""
    units = desk.desk_units(request.user)
    if not units:
        raise PermissionDenied(_("Trang này dành cho cán bộ Bộ phận Một cửa."))
    return units


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
    units = _scope(request)
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
    page = KeysFirstPaginator(dossiers, PAGE_SIZE).get_page(request.GET.get("trang"))
    flagger = Flagger(now)
    rows = [
        {
            "dossier": d,
            "flags": flagger.reception(d),
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


def _may_upload(page) -> bool:
    """The desk may add papers to a supplement it receives (`services.UPLOAD_STATES`)."""
    if Action.SUPPLEMENT not in page.available:
        return False
    allowed, _kind = services.UPLOAD_STATES.get(State(page.dossier.state), (set(), None))
    return Actor.DESK in allowed & perms.actors_for(page.dossier, page.user)


def _components(page) -> dict:
    return {"components": page.facts["components"]}


def _agencies(page) -> dict:
    return {"agencies": forms.refusal_agencies(page.dossier)}


def _requested(page) -> dict:
    payment = page.facts["payment_request"]
    return {"requested": _whole((payment.data or {}).get("amount"))} if payment else {}


def _added(page) -> dict:
    return {"added": page.facts["added_files"]} if page.facts["supplement_request"] else {}


def _asked(page) -> dict:
    withdrawal = page.facts["withdrawal"]
    return {"asked": (withdrawal.reason or "").strip()} if withdrawal else {}


def _whole(value):
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def _copy_label(value) -> str:
    if value in CopyKind.values:
        return str(CopyKind(value).label)
    return ""


def _presumed_missing(dossier, components, by_component, checked) -> list[str]:
    """The components to prefill as missing: after a failed reception, the required ones left
    unchecked; otherwise the required ones sent from afar without any file."""
    if checked is not None:
        return [str(c.pk) for c in components if c.required and str(c.pk) not in checked]
    return [str(c.pk) for c in components if absence(c, by_component.get(c.pk), dossier) == MISSING]


# ---- Success messages -------------------------------------------------------------------------


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _received(done) -> str:
    return _(
        "Đã tiếp nhận hồ sơ %(code)s. Hẹn trả kết quả: %(due)s. In Giấy tiếp nhận và hẹn trả kết "
        "quả (Mẫu 01) cho người nộp."
    ) % {"code": done.code, "due": _when(done.result.due_at)}


def _completion_asked(done) -> str:
    count = len(done.form.service_kwargs()["missing"])
    return _("Đã gửi yêu cầu hoàn thiện hồ sơ %(code)s (%(count)d nội dung cần bổ sung).") % {
        "code": done.code,
        "count": count,
    }


def _refused(done) -> str:
    return _("Đã từ chối tiếp nhận hồ sơ %(code)s.") % {"code": done.code}


def _transferred(done) -> str:
    unit = done.result.processing_unit.name if done.result.processing_unit else ""
    return _("Đã chuyển hồ sơ %(code)s đến %(unit)s.") % {"code": done.code, "unit": unit}


def _returned(done) -> str:
    return _("Đã trả kết quả hồ sơ %(code)s (%(channel)s).") % {
        "code": done.code,
        "channel": done.result.get_return_channel_display(),
    }


def _paid(done) -> str:
    data = done.form.cleaned_data
    return _(
        "Đã ghi nhận khoản đã nộp của hồ sơ %(code)s (biên lai %(receipt)s, %(amount)s đồng); "
        "thời hạn giải quyết tiếp tục tính."
    ) % {
        "code": done.code,
        "receipt": data["receipt_number"].strip(),
        "amount": _money(data["amount"]),
    }


def _uploaded(done) -> str:
    return _("Đã tải lên “%(name)s”. Khi đủ giấy tờ, bấm “Gửi hồ sơ bổ sung”.") % {
        "name": done.result.original_name
    }


def _removed(done) -> str:
    return _("Đã gỡ tệp.")


def _supplemented(done) -> str:
    return _(
        "Đã gửi hồ sơ bổ sung của hồ sơ %(code)s (%(count)d tệp) đến cơ quan giải quyết; thời "
        "hạn giải quyết tiếp tục tính."
    ) % {"code": done.code, "count": len(done.form.cleaned_data["files"])}


def _stopped(done) -> str:
    return _(
        "Đã dừng giải quyết hồ sơ %(code)s theo đề nghị rút hồ sơ. In Thông báo dừng giải quyết "
        "hồ sơ cho người nộp."
    ) % {"code": done.code}


# ---- The page ---------------------------------------------------------------------------------


class DeskPage(ActionPage):
    """One dossier at the desk (see the module's docstring)."""

    name = "desk"
    base = "ban-lam-viec/mot-cua/"
    template = "workspaces/desk/dossier.html"
    # The papers of a supplement, uploaded (or taken back) at the desk before it is sent: a
    # file id that is not the dossier's is the form's error.
    missing_is_input = frozenset({"tai-giay-to-bo-sung", "go-tep-bo-sung"})
    rows = (
        Section("workspaces/desk/_previous.html"),
        Row(
            "ghi-nhan-nop-phi",
            "paid",
            forms.PaymentForm,
            action=Action.RECORD_PAYMENT,
            kwargs=_requested,
            success=_paid,
            title=gettext_lazy("Ghi nhận nộp phí, lệ phí"),
            intro="workspaces/desk/_payment_request.html",
            hint=gettext_lazy(
                "Thu tiền, cấp biên lai cho người nộp rồi ghi lại số biên lai. Thời hạn giải "
                "quyết tiếp tục tính từ lúc ghi nhận."
            ),
            button=gettext_lazy("Ghi nhận đã nộp"),
        ),
        # The supplement's section renders its two helpers' forms too.
        Row(
            "tai-giay-to-bo-sung",
            "attach",
            forms.SupplementAttachForm,
            service="dossier_attach_file",
            offered=_may_upload,
            kwargs=_components,
            success=_uploaded,
            section=None,
            anchor="bo-sung",
        ),
        Row(
            "go-tep-bo-sung",
            "remove",
            forms.RemoveFileForm,
            service="dossier_remove_file",
            offered=_may_upload,
            success=_removed,
            section=None,
            anchor="bo-sung",
        ),
        Row(
            "bo-sung",
            "supplement",
            forms.SupplementForm,
            action=Action.SUPPLEMENT,
            kwargs=_added,
            success=_supplemented,
            section="workspaces/desk/_supplement.html",
        ),
        Row(
            "dung-xu-ly",
            "stop",
            forms.StopForm,
            action=Action.STOP,
            kwargs=_asked,
            success=_stopped,
            title=gettext_lazy("Xác nhận rút hồ sơ, dừng giải quyết"),
            intro="workspaces/desk/_withdrawal.html",
            hint=gettext_lazy(
                "Sau khi xác nhận, hồ sơ dừng giải quyết và chỉ còn được xem; hệ thống lập Thông "
                "báo dừng giải quyết hồ sơ để in cho người nộp."
            ),
            button=gettext_lazy("Xác nhận dừng giải quyết hồ sơ"),
            tone="refuse",
            danger=True,
        ),
        Row(
            "tiep-nhan",
            "receive",
            forms.ReceiveForm,
            action=Action.RECEIVE,
            kwargs=_components,
            success=_received,
            tags=RECEIPT_TAG,
            section="workspaces/desk/_receive.html",
            always=True,
        ),
        Row(
            "yeu-cau-hoan-thien",
            "completion",
            forms.CompletionForm,
            action=Action.REQUEST_COMPLETION,
            kwargs=_components,
            success=_completion_asked,
            title=gettext_lazy("Yêu cầu hoàn thiện hồ sơ (Mẫu 02)"),
            hint=gettext_lazy(
                "Nêu đầy đủ mọi nội dung cần bổ sung trong một lần. Các thành phần chưa đánh dấu "
                "ở trên được chọn sẵn."
            ),
            button=gettext_lazy("Gửi yêu cầu hoàn thiện"),
            tone="completion",
        ),
        Row(
            "tu-choi",
            "refuse",
            forms.RefuseForm,
            action=Action.REFUSE,
            kwargs=_agencies,
            success=_refused,
            title=gettext_lazy("Từ chối tiếp nhận (Mẫu 03)"),
            hint=gettext_lazy(
                "Chỉ từ chối khi hồ sơ không thuộc thẩm quyền hoặc không đủ điều kiện giải quyết; "
                "nếu chỉ thiếu giấy tờ, hãy yêu cầu hoàn thiện."
            ),
            button=gettext_lazy("Từ chối tiếp nhận"),
            tone="refuse",
            collapsed=True,
            danger=True,
        ),
        Row(
            "chuyen-xu-ly",
            "transfer",
            forms.TransferForm,
            action=Action.TRANSFER,
            success=_transferred,
            title=gettext_lazy("Chuyển xử lý"),
            intro="workspaces/desk/_transfer_hint.html",
            button=gettext_lazy("Chuyển xử lý"),
        ),
        Row(
            "tra-ket-qua",
            "return",
            forms.ReturnForm,
            action=Action.RETURN,
            success=_returned,
            section="workspaces/desk/_return.html",
        ),
    )

    def scope(self, request):
        return _scope(request)

    def in_scope(self, request, dossier, scope) -> bool:
        return dossier.receiving_unit_id in {u.pk for u in scope}

    def facts(self, page) -> dict:
        """What the forms of the waiting states build on: the open payment, supplement or
        withdrawal request, and the papers uploaded since a supplement request, not yet sent."""
        dossier, state = page.dossier, page.dossier.state
        supplement = None
        added = []
        if state == State.SUPPLEMENT_REQUESTED:
            supplement = page.last(Action.REQUEST_SUPPLEMENT)
        if supplement is not None:
            sent = {f.pk for event in page.events for f in event.files.all()}
            added = [
                f
                for f in dossier.files.all()
                if f.kind in APPLICANT_KINDS and f.uploaded_at > supplement.at and f.pk not in sent
            ]
        payment = None
        if state == State.AWAITING_PAYMENT:
            payment = page.last(Action.REQUEST_PAYMENT)
        withdrawal = None
        if state == State.WITHDRAWAL_REQUESTED:
            withdrawal = page.last(Action.REQUEST_WITHDRAWAL)
        return {
            "components": list(dossier.version.components.all()),
            "payment_request": payment,
            "payment_amount": _money((payment.data or {}).get("amount")) if payment else "",
            "supplement_request": supplement,
            "added_files": added,
            "withdrawal": withdrawal,
        }

    def context(self, page, shown) -> dict:
        dossier = page.dossier
        components = page.facts["components"]
        by_component = files_by_component(dossier)
        receive = shown.get("receive")
        checked = receive.checked() if receive is not None else set()
        completion = shown.get("completion")
        if completion is not None and not completion.is_bound:
            after_failed_reception = receive is not None and receive.is_bound
            completion.initial["missing_components"] = _presumed_missing(
                dossier, components, by_component, checked if after_failed_reception else None
            )
        received = page.last(Action.RECEIVE)
        copies = (received.data or {}).get("copies", {}) if received is not None else {}
        added = {f.pk for f in page.facts["added_files"]}
        flagger = Flagger()
        declarations = declarations_of(dossier)
        return {
            "flags": flagger.reception(dossier),
            "waited": _duration(flagger.waited(dossier)),
            "checklist": [
                {
                    **paper_row(c, by_component.get(c.pk, []), dossier, declarations),
                    "added": [f for f in by_component.get(c.pk, []) if f.pk in added],
                    "checked": str(c.pk) in checked,
                    "id": f"check-{c.pk}",
                    "copy": _copy_label(copies.get(str(c.pk))),
                }
                for c in components
            ],
            "other_files": by_component.get(None, []),
            "results": list(dossier.results.all()),
            "events": list(reversed(page.events))[:8],
            "open_request": page.last(Action.REQUEST_COMPLETION),
            "control_slip": form_name(dossier, Form.CONTROL),
        }


page = DeskPage()

urlpatterns = [
    path("ban-lam-viec/mot-cua/", desk_home, name="desk"),
    *page.urlpatterns(),
]
