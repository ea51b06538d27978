"""Walk-in intake at the Reception and Return Desk (tiếp nhận hồ sơ trực tiếp).

- `/ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/`: step 1, one form: find the applicant's account
  by identity number or phone (its data prefilled; a walk-in without an account is typed in),
  find the procedure by code or words (the matches come back as a radio group, without
  JavaScript: the best match checked and focused, the arrow keys check another, as in the
  WAI-ARIA radio group pattern, so the focused result is always the one chosen), the competent
  agency (by default the one received at the officer's own desk; the agencies shown are those
  of the procedure checked when the page was made, `agencies_for`, and are set aside if another
  procedure is sent); then `services.dossier_create` makes an in-person draft (a hidden client
  token: a double Enter makes one dossier). Enter does what the form needs next
  (`StartForm.next_step`): look the applicant up, search the procedures, or create the dossier
  with the procedure checked. The unit's unfinished walk-in drafts are listed below, to take
  up again.
- `…/<id>/`: step 2 for that draft: the version's components as a checklist, per component
  the copy handed in (original, certified copy, photocopy) and an optional scan
  (`services.dossier_attach_file`), and how the result is returned (at the desk by default).
  "Tiếp nhận" submits and receives in one transaction (`dossier_submit`, `dossier_receive`
  with the copy kinds), then shows the desk's page of the dossier, its message carrying the
  receipt's link (Mẫu 01) with the focus (the message's tag `RECEIPT_TAG`), so Enter opens it.
  A required paper missing: nothing is sent, the missing list is shown, the scans already
  uploaded stay with the draft; the officer may print the completion request (Mẫu 02) instead.

Only desk staff are served (the desk workspace's rule, `DeskPage.scope`); whether the officer may
receive for the chosen agency is the service's decision (another desk's agency: 400).
"""

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from citizens.selectors import applicant_data
from common.forms import add_service_error
from dossiers import selectors, services
from dossiers.errors import BadInput, DossierError, NotFound
from dossiers.models import Dossier, FileKind
from dossiers.states import State
from procedures import selectors as catalog
from procedures.models import Agency, ChannelKind, ProcedureVersion

from ..desk.pages import RECEIPT_TAG
from ..desk.pages import page as desk_page
from . import forms

MAX_MATCHES = 10
MAX_DRAFTS = 10
CODE = re.compile(r"^[0-9][0-9.]*$")


# ---- Reads ----------------------------------------------------------------------------------


def find_applicant(value: str):
    """The applicant account (a user without staff roles) with this identity number (CCCD, tax
    code, or the login name, which is the identity number) or phone; None if none or several."""
    value = "".join(value.split())
    if not value:
        return None
    found = list(
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=True, is_superuser=False)
        .filter(
            Q(citizen_profile__id_number=value)
            | Q(citizen_profile__tax_code=value)
            | Q(username=value)
            | Q(phone=value)
        )
        .distinct()[:2]
    )
    return found[0] if len(found) == 1 else None


def _in_person(procedures):
    return procedures.filter(
        current_version__in=ProcedureVersion.objects.filter(channels__kind=ChannelKind.IN_PERSON)
    )


def search_procedures(query: str) -> list[tuple[str, str]]:
    """(code, "code – name") of the procedures filed in person matching a code or words."""
    query = " ".join(query.split())
    if not query:
        return []
    found = []
    if CODE.match(query):
        found = list(
            _in_person(catalog.procedure_list())
            .filter(code__startswith=query)
            .order_by("code")[:MAX_MATCHES]
        )
    if not found:
        found = list(_in_person(catalog.procedure_list(search=query))[:MAX_MATCHES])
    return [(p.code, f"{p.code} – {p.current_version.name}") for p in found]


def _procedure(code: str):
    if not code:
        return None
    return catalog.procedure_list().filter(code=code).first()


def _agencies(procedure, units) -> tuple[list[tuple[str, str]], str]:
    """The implementing agencies as choices, those received at the officer's desk first, and
    the default: the first of them."""
    if procedure is None:
        return [], ""
    today = timezone.localdate()
    agencies = [
        a
        for a in procedure.current_version.implementing_agencies.order_by("name")
        if a.closed_on is None or a.closed_on > today
    ]
    own, others = [], []
    unit_ids = {u.pk for u in units}
    for agency in agencies:
        try:
            unit = services.receiving_unit_for(agency)
        except BadInput:
            unit = None
        if unit is not None and unit.pk in unit_ids:
            own.append((agency.code, agency.name))
        else:
            where = unit.name if unit else _("chưa có Bộ phận Một cửa")
            label = _("%(agency)s (tiếp nhận tại: %(unit)s)") % {
                "agency": agency.name,
                "unit": where,
            }
            others.append((agency.code, label))
    choices = own + others
    default = own[0][0] if own else (choices[0][0] if len(choices) == 1 else "")
    return choices, default


def _open_drafts(request, units):
    """The walk-in drafts of the officer's desks not finished yet, newest first."""
    return list(
        Dossier.objects.filter(
            selectors.visible_to(request.user),
            receiving_unit__in=units,
            state=State.DRAFT,
            channel=ChannelKind.IN_PERSON,
            applicant__isnull=True,
        )
        .select_related("version", "procedure")
        .order_by("-created_at")[:MAX_DRAFTS]
    )


# ---- Step 1: the applicant and the procedure ------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    units = desk_page.scope(request)
    if request.method == "GET":
        form = forms.StartForm()
        return _start(request, units, form)
    data = request.POST.copy()
    step = data.get("do") if data.get("do") in forms.STEPS else forms.NEXT
    if step == forms.NEXT:
        step = forms.StartForm.next_step(data)
    if step == forms.LOOKUP:
        return _lookup(request, units, data)
    if step == forms.SEARCH:
        return _search(request, units, data)
    return _create(request, units, data)


def _values(data) -> dict:
    values = {name: data.get(name, "") for name in forms.StartForm.base_fields}
    if not values["client_token"]:
        values.pop("client_token")  # a new one is made
    return values


def _choices_for(data, units, matches=None):
    """The procedure choices (the matches of the query, and the chosen one) and agencies."""
    if matches is None:
        matches = search_procedures(data.get("searched") or data.get("thu_tuc_q") or "")
    chosen = _procedure(data.get("procedure", ""))
    if chosen is not None and chosen.code not in dict(matches):
        matches = [(chosen.code, f"{chosen.code} – {chosen.current_version.name}"), *matches]
    agencies, default = _agencies(chosen, units)
    return matches, agencies, default


def _lookup(request, units, data):
    value = (data.get("tim") or "").strip()
    values = _values(data)
    values["looked_up"] = value
    user = find_applicant(value)
    if user is not None:
        values.update(applicant_data(user))
        messages.success(
            request,
            _(
                "Đã tìm thấy tài khoản của %(name)s: thông tin đã được điền sẵn, hãy đối chiếu "
                "với giấy tờ tùy thân."
            )
            % {"name": user.get_full_name()},
        )
        focus = "procedure" if values.get("procedure") else "thu_tuc_q"
    else:
        digits = "".join(value.split())
        if digits.isdigit() and len(digits) in (10, 11) and digits.startswith("0"):
            values["applicant_phone"] = values["applicant_phone"] or digits
        elif digits:
            values["applicant_id_number"] = values["applicant_id_number"] or digits
        messages.info(
            request,
            _(
                "Không có tài khoản với số %(value)s: nhập thông tin người nộp theo giấy tờ "
                "tùy thân (không cần tài khoản)."
            )
            % {"value": value},
        )
        focus = "applicant_name"
    matches, agencies, default = _choices_for(values, units)
    values["agency"] = values.get("agency") or default
    form = forms.StartForm(initial=values, procedures=matches, agencies=agencies, focus=focus)
    return _start(request, units, form)


def _search(request, units, data):
    query = (data.get("thu_tuc_q") or "").strip()
    values = _values(data)
    values["searched"] = query
    matches = search_procedures(query)
    codes = [code for code, _label in matches]
    if values.get("procedure") not in codes:
        # The best match is checked, and focused below: the radio group's focus and its
        # selection are one, so Enter and the arrow keys act on what the officer sees.
        values["procedure"] = codes[0] if codes else ""
    matches, agencies, default = _choices_for(values, units, matches)
    if values.get("agency") not in dict(agencies):
        values["agency"] = default
    focus = "procedure" if codes else "thu_tuc_q"
    form = forms.StartForm(initial=values, procedures=matches, agencies=agencies, focus=focus)
    form.no_match = not codes
    return _start(request, units, form, searched=query)


def _create(request, units, data):
    shown_for = data.get("agencies_for") or ""
    if shown_for and data.get("procedure") != shown_for:
        # The agencies on the page were another procedure's (the officer chose another
        # result): the chosen procedure's default applies, or the page asks.
        data["agency"] = ""
    matches, agencies, default = _choices_for(data, units)
    if not data.get("agency") and default:
        data["agency"] = default
    form = forms.StartForm(data, procedures=matches, agencies=agencies, focus="")
    if form.is_valid():
        try:
            dossier = services.dossier_create(
                actor=request.user, channel=ChannelKind.IN_PERSON, **form.service_kwargs()
            )
        except DossierError as failure:
            _service_errors(form, failure, units)
            return _start(request, units, form, status=failure.status)
        return redirect("workspaces:intake_draft", dossier.pk)
    return _start(request, units, form, status=400)


def _service_errors(form, failure, units):
    fields = dict(failure.fields or {})
    if "channel" in fields:
        # An in-person dossier for an agency received at another desk.
        fields.pop("channel")
        agency = Agency.objects.filter(code=form.cleaned_data.get("agency") or "").first()
        unit = None
        if agency is not None:
            try:
                unit = services.receiving_unit_for(agency)
            except BadInput:
                unit = None
        message = _("Hồ sơ của cơ quan này không được tiếp nhận tại Bộ phận Một cửa của bạn.")
        if unit is not None:
            message = _(
                "Hồ sơ của cơ quan này do %(unit)s tiếp nhận, không phải Bộ phận Một cửa "
                "của bạn: hãy chọn cơ quan khác hoặc hướng dẫn người nộp đến đúng nơi."
            ) % {"unit": unit.name}
        form.add_error("agency", message)
    if fields or not failure.fields:  # what is left, or the message of an error without fields
        add_service_error(form, type(failure)(failure.message, fields=fields))


def _start(request, units, form, *, searched="", status=200):
    if form.is_bound and form.errors:
        # The first field in error takes the focus.
        first = next((name for name in form.fields if name in form.errors), "")
        if first and first != "procedure":
            form.fields[first].widget.attrs["autofocus"] = True
        form.focus = first
    codes = [code for code, _label in form.fields["procedure"].choices]
    chosen = form["procedure"].value()
    focus_procedure = ""
    if form.focus == "procedure" and codes:
        focus_procedure = chosen if chosen in codes else codes[0]
    return render(
        request,
        "workspaces/intake/start.html",
        {
            "units": units,
            "form": form,
            "searched": searched or form.initial.get("searched", ""),
            "no_match": getattr(form, "no_match", False),
            "focus_procedure": focus_procedure,
            # Whose agencies the page lists (`_choices_for` builds them for the chosen one).
            "agencies_for": chosen if chosen in codes and form.fields["agency"].choices else "",
            "drafts": _open_drafts(request, units),
        },
        status=status,
    )


# ---- Step 2: what was handed in, and the reception ------------------------------------------


RECEIVE, COMPLETION = "receive", "completion"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def intake_draft(request, dossier_id):
    units = desk_page.scope(request)
    dossier = desk_page.load(request, dossier_id, units)
    if dossier.state != State.DRAFT or dossier.channel != ChannelKind.IN_PERSON:
        if request.method == "POST":
            messages.info(request, _("Hồ sơ này đã được gửi; đây là trang xử lý của hồ sơ."))
        return redirect("workspaces:desk_dossier", dossier.pk)
    components = list(dossier.version.components.all())
    if request.method == "GET":
        form = forms.IntakeForm(dossier=dossier, components=components)
        return _draft_page(request, dossier, form)
    form = forms.IntakeForm(request.POST, request.FILES, dossier=dossier, components=components)
    action = COMPLETION if request.POST.get("do") == COMPLETION else RECEIVE
    status = _prepare(request, dossier, form)
    if status is None:
        status = _finish(request, dossier, form, action)
        if status is None:
            return redirect("workspaces:desk_dossier", dossier.pk)
    dossier = desk_page.load(request, dossier.pk, units)  # as saved now
    if dossier.state != State.DRAFT:
        # A second click while the first was being handled: the first one won.
        messages.info(request, _("Hồ sơ này đã được gửi; đây là trang xử lý của hồ sơ."))
        return redirect("workspaces:desk_dossier", dossier.pk)
    return _draft_page(request, dossier, form, status=status, action=action)


def _prepare(request, dossier, form) -> int | None:
    """Keep the scans and the return channel; the 4xx status if something was refused."""
    status = None
    for component in form.components:
        upload = form.upload_of(component)
        if upload is None:
            continue
        try:
            services.dossier_attach_file(
                dossier_id=dossier.pk, actor=request.user, upload=upload, component_id=component.pk
            )
        except NotFound:
            raise Http404(_("Không tìm thấy hồ sơ.")) from None
        except DossierError as failure:
            texts = [str(t) for ts in (failure.fields or {}).values() for t in ts]
            form.upload_errors[component.pk] = texts or [str(failure.message)]
            status = failure.status
    if status is not None:
        form.is_valid()
        form.add_error(None, _("Có tệp chưa tải lên được; các tệp khác đã được lưu."))
        return status
    if not form.is_valid():
        return 400
    changes = form.delivery_changes()
    if changes:
        try:
            services.dossier_update_draft(dossier_id=dossier.pk, actor=request.user, **changes)
        except DossierError as failure:
            form.add_service_error(failure)
            return failure.status
    return None


def _finish(request, dossier, form, action) -> int | None:
    """Submit then receive (or ask for completion), all or nothing; the status if refused."""
    missing = form.missing()
    if action == RECEIVE and missing:
        form.add_error(
            None,
            _(
                "Chưa đủ thành phần bắt buộc nên chưa tiếp nhận được. Hướng dẫn người nộp bổ "
                "sung, hoặc lập phiếu yêu cầu hoàn thiện (Mẫu 02); hồ sơ nháp và các tệp đã "
                "tải lên vẫn được giữ."
            ),
        )
        return 400
    if action == COMPLETION and not missing:
        form.add_error(None, _("Hồ sơ đã đủ thành phần bắt buộc: hãy tiếp nhận."))
        return 400
    try:
        with transaction.atomic():
            services.dossier_submit(dossier_id=dossier.pk, actor=request.user)
            if action == RECEIVE:
                done = services.dossier_receive(
                    dossier_id=dossier.pk, actor=request.user, checklist=form.checklist()
                )
            else:
                reason = (form.cleaned_data.get("reason") or "").strip() or _(
                    "Hồ sơ nộp trực tiếp còn thiếu thành phần bắt buộc."
                )
                done = services.dossier_request_completion(
                    dossier_id=dossier.pk,
                    actor=request.user,
                    reason=reason,
                    missing=[c.name for c in missing],
                )
    except NotFound:
        raise Http404(_("Không tìm thấy hồ sơ.")) from None
    except DossierError as failure:
        form.add_service_error(failure)
        return failure.status
    if action == RECEIVE:
        due = timezone.localtime(done.due_at).strftime("%H:%M %d/%m/%Y") if done.due_at else ""
        messages.success(
            request,
            _(
                "Đã tiếp nhận hồ sơ %(code)s. Hẹn trả kết quả: %(due)s. In Giấy tiếp nhận và "
                "hẹn trả kết quả (Mẫu 01) cho người nộp."
            )
            % {"code": done.code, "due": due},
            extra_tags=RECEIPT_TAG,
        )
    else:
        messages.success(
            request,
            _(
                "Đã lập phiếu yêu cầu hoàn thiện hồ sơ %(code)s (%(count)d thành phần còn "
                "thiếu). In phiếu (Mẫu 02) cho người nộp."
            )
            % {"code": done.code, "count": len(missing)},
        )
    return None


def _draft_page(request, dossier, form, *, status=200, action=RECEIVE):
    files = {}
    for f in dossier.files.all():
        if f.kind == FileKind.APPLICATION:
            files.setdefault(f.component_id, []).append(f)
    rows = form.rows(files)
    missing = [row["component"] for row in rows if row["missing"]] if form.is_bound else []
    return render(
        request,
        "workspaces/intake/draft.html",
        {
            "dossier": dossier,
            "form": form,
            "rows": rows,
            "missing": missing,
            "failed": status != 200,
            "action": action,
        },
        status=status,
    )


urlpatterns = [
    path("ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/", intake, name="intake"),
    path(
        "ban-lam-viec/mot-cua/tiep-nhan-truc-tiep/<uuid:dossier_id>/",
        intake_draft,
        name="intake_draft",
    ),
]
