"""Applying online from a procedure page: start a draft, fill and attach, review, submit, and
the confirmation with the dossier code and the official reception time.

Every page here is the applicant's own: a dossier someone else applied for (another citizen's,
a walk-in's made at the desk) answers 404 whoever asks, staff included. Pages work without
JavaScript (a plain multipart form per component); `dossiers/apply.js` adds upload progress.
Thin views: a form checks formats, one service acts, its errors become form errors or a
message with their 4xx status, and nothing already saved is lost.
"""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizens.documents import documents_of
from citizens.selectors import applicant_data
from common.forms import add_service_error
from common.moments import moment_text
from procedures import selectors as catalog
from procedures.declarations import validate_answers
from procedures.declarations.display import answer_pages

from .. import files as dossier_files
from .. import selectors, services
from ..errors import BadInput, DossierError, NotFound
from ..states import State
from .apply_forms import ApplicantForm, ReuseForm, StartForm, UploadForm
from .downloads import file_response

# ---- Helpers -------------------------------------------------------------------------------

TYPE_LABELS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
}
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt"
NEVER = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _own(request, dossier_id):
    """The dossier, if the signed-in user is its applicant; else 404 (whoever else asks)."""
    dossier = selectors.dossier_detail_for(request.user, dossier_id)
    if dossier is None or dossier.applicant_id is None or dossier.applicant_id != request.user.pk:
        raise Http404
    return dossier


def _is_xhr(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _messages_of(error: DossierError) -> list[str]:
    """Every message of a service error: its field messages, else its main message."""
    found = [str(m) for messages_ in error.fields.values() for m in messages_]
    return found or [str(error.message)]


def _first_url(*candidates):
    """The first of (view name, args) that resolves: links to pages other apps may add."""
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _drafts_of(user, code):
    return selectors.dossier_list_for(user, states=[State.DRAFT], procedure=code).filter(
        applicant_id=user.pk, channel="online"
    )


# ---- Start ---------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request, code):
    """The procedure, the drafts already started for it (to resume), and a new draft."""
    procedure = catalog.procedure_detail(code=code)
    if procedure is None:
        raise Http404
    version = procedure.current_version
    agencies = [a for a in version.implementing_agencies.all() if a.closed_on is None]
    form = StartForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST" and version.accepts_online:
        if form.is_valid():
            try:
                dossier = services.dossier_create(
                    actor=request.user,
                    procedure_code=procedure.code,
                    channel="online",
                    agency_code=form.cleaned_data.get("agency") or "",
                    client_token=form.cleaned_data["client_token"],
                    **applicant_data(request.user),
                )
            except DossierError as error:
                add_service_error(form, error)
                status = error.status
            else:
                return redirect("dossiers:draft", dossier.pk)
        else:
            status = 400
    context = {
        "procedure": procedure,
        "version": version,
        "agencies": agencies,
        "form": form,
        "drafts": list(_drafts_of(request.user, procedure.code)) if version.accepts_online else [],
        "online_channel": next((c for c in version.channels.all() if c.kind == "online"), None),
    }
    return render(request, "dossiers/apply/start.html", context, status=status)


# ---- The draft -----------------------------------------------------------------------------


def _sections(request, dossier, *, upload_errors=None, reuse_errors=None):
    """Each component of the pinned version with its files, errors and reusable papers."""
    by_component = defaultdict(list)
    for stored in dossier.files.all():
        stored.type_label = TYPE_LABELS.get(stored.content_type, stored.content_type)
        by_component[stored.component_id].append(stored)
    documents = [d for d in documents_of(request.user) if d.file]
    current = dossier.procedure.current_version_id == dossier.version_id
    return [
        {
            "component": component,
            "files": by_component.get(component.pk, []),
            "upload_errors": (upload_errors or {}).get(component.pk, []),
            "reuse_errors": (reuse_errors or {}).get(component.pk, []),
            "documents": documents if component.from_document_store else [],
            "template_url": reverse(
                "procedures:component-template", args=[dossier.procedure.code, component.pk]
            )
            if component.template and current
            else "",
        }
        for component in dossier.version.components.all()
        if dossier.takes_files_for(component) and not component.form
    ]


def _declarations(dossier):
    """Each online declaration form of the draft: its answers so far and what the applicant
    sees of them (the review shows them in words, with a link to each page)."""
    rows = {row.component_id: row for row in dossier.declarations.all()}
    found = []
    for component in dossier.version.components.all():
        if not component.form:
            continue
        row = rows.get(component.pk)
        answers = row.answers if row else {}
        errors = validate_answers(component.form, answers)[1] if answers else []
        found.append(
            {
                "component": component,
                "started": bool(answers),
                "complete": bool(answers) and not errors,
                "errors": len(errors),
                "pages": answer_pages(
                    component.form,
                    answers,
                    prefilled=row.prefilled if row else (),
                    keep_empty=False,
                ),
                "start_url": reverse("dossiers:declaration_start", args=[dossier.pk, component.pk]),
            }
        )
    return found


def _shown_only(dossier):
    """The papers the applicant only shows (at the desk, when collecting the result)."""
    return [c for c in dossier.version.components.all() if not dossier.takes_files_for(c)]


def _channels(version):
    return list(version.channels.prefetch_related("fees").all())


def _draft_page(request, dossier, *, form=None, status=200, conflict=None, **errors):
    context = {
        "dossier": dossier,
        "version": dossier.version,
        "form": form
        or ApplicantForm(initial=ApplicantForm.initial_for(dossier), version=dossier.version),
        "sections": _sections(request, dossier, **errors),
        "declarations": _declarations(dossier),
        "shown_only": _shown_only(dossier),
        "channels": _channels(dossier.version),
        "conflict": conflict,
        "accept": ACCEPT,
        "max_mb": dossier_files.max_upload_bytes() // (1024 * 1024),
        "accepted": dossier_files.ACCEPTED,
    }
    return render(request, "dossiers/apply/draft.html", context, status=status)


def _not_a_draft(dossier, request=None):
    """Once sent, the draft's pages lead to the confirmation (with a word when a change was
    asked for: it was not made)."""
    if request is not None:
        messages.error(request, _("Hồ sơ đã được nộp: không thay đổi được nữa."))
    return redirect("dossiers:submitted", dossier.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def draft(request, dossier_id):
    """The draft form: applicant data and delivery (saved here), then the components."""
    dossier = _own(request, dossier_id)
    if dossier.state != State.DRAFT:
        return _not_a_draft(dossier)
    if request.method == "GET":
        return _draft_page(request, dossier)
    form = ApplicantForm(request.POST, version=dossier.version)
    if request.headers.get("X-Autosave") == "1":
        return _autosave(request, dossier, form)
    if not form.is_valid():
        return _draft_page(request, dossier, form=form, status=400)
    try:
        services.dossier_update_draft(
            dossier_id=dossier.pk,
            actor=request.user,
            # A missing or mangled stamp never matches: treated as a stale page.
            expected_updated_at=form.expected_updated_at() or NEVER,
            **form.changes(),
        )
    except NotFound:
        raise Http404 from None
    except BadInput as error:
        add_service_error(form, error)
        return _draft_page(request, dossier, form=form, status=400)
    except DossierError as error:
        latest = _own(request, dossier.pk)
        if latest.state != State.DRAFT:
            return _not_a_draft(latest, request)
        return _draft_page(
            request,
            latest,
            status=error.status,
            conflict={"message": str(error.message), "typed": _typed_changes(form, latest)},
        )
    messages.success(request, _("Đã lưu bản nháp."))
    if request.POST.get("then") == "review":
        return redirect("dossiers:review", dossier.pk)
    return redirect("dossiers:draft", dossier.pk)


def _autosave(request, dossier, form):
    """The draft page's script saves what is typed as the applicant goes: JSON in, the new
    stamp out (for the next save), or what stands in the way (400 with the fields' messages,
    409 when the draft changed elsewhere). The page itself is not reloaded."""
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": _field_messages(form)}, status=400)
    try:
        saved = services.dossier_update_draft(
            dossier_id=dossier.pk,
            actor=request.user,
            expected_updated_at=form.expected_updated_at() or NEVER,
            **form.changes(),
        )
    except NotFound:
        raise Http404 from None
    except BadInput as error:
        add_service_error(form, error)
        return JsonResponse({"ok": False, "errors": _field_messages(form)}, status=400)
    except DossierError as error:
        return JsonResponse({"ok": False, "message": str(error.message)}, status=error.status)
    at = timezone.localtime(saved.updated_at).strftime("%H:%M")
    return JsonResponse(
        {
            "ok": True,
            "updated_at": saved.updated_at.isoformat(),
            "message": _("Đã tự động lưu lúc %(at)s.") % {"at": at},
        }
    )


def _field_messages(form) -> list[str]:
    """The form's errors as lines "label: message" (the non-field ones alone)."""
    lines = [str(m) for m in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label if name in form.fields else name
            lines += [f"{label}: {m}" for m in errors]
    return lines


def _typed_changes(form, latest):
    """What the applicant typed that differs from the latest saved draft: shown beside the
    conflict message so nothing typed is lost."""
    typed = []
    for name, value in form.changes().items():
        saved = getattr(latest, name, "")
        if str(value or "").strip() != str(saved or "").strip():
            shown = value
            if name == "delivery_channel":
                shown = dict(form.fields[name].choices).get(value, value)
            typed.append({"label": form.fields[name].label, "value": shown})
    return typed


def _files_fragment(request, dossier, component_id):
    dossier = _own(request, dossier.pk)  # the files as saved now
    section = next(s for s in _sections(request, dossier) if s["component"].pk == component_id)
    return render_to_string(
        "dossiers/apply/_files.html",
        {"dossier": dossier, "section": section, "removable": True},
        request=request,
    )


@login_required
@require_POST
def upload(request, dossier_id):
    """Files for one component: one by one through the service, each kept once accepted.
    Without JavaScript the page comes back; with it, JSON with the component's new list."""
    dossier = _own(request, dossier_id)
    form = UploadForm(request.POST)
    component_id = form.cleaned_data["component"] if form.is_valid() else None
    if component_id is None or not any(
        c.pk == component_id for c in dossier.version.components.all()
    ):
        raise Http404
    uploads = request.FILES.getlist("files")
    errors, saved, status = [], [], 200
    if not uploads:
        errors.append(_("Chưa chọn tệp."))
        status = 400
    for one in uploads:
        try:
            stored = services.dossier_attach_file(
                dossier_id=dossier.pk, actor=request.user, upload=one, component_id=component_id
            )
        except NotFound:
            raise Http404 from None
        except DossierError as error:
            status = max(status, error.status)
            errors.extend(
                _("%(name)s: %(message)s") % {"name": _shown_name(one), "message": m}
                for m in _messages_of(error)
            )
        else:
            saved.append(stored.original_name)
    success = _("Đã đính kèm: %(names)s.") % {"names": ", ".join(saved)} if saved else ""
    if _is_xhr(request):
        return JsonResponse(
            {
                "ok": not errors,
                "message": success,
                "errors": errors,
                "html": _files_fragment(request, dossier, component_id),
            },
            status=status,
        )
    if errors:
        if success:
            messages.success(request, success)
        dossier = _own(request, dossier.pk)
        if dossier.state != State.DRAFT:
            return _not_a_draft(dossier, request)
        return _draft_page(request, dossier, status=status, upload_errors={component_id: errors})
    messages.success(request, success)
    return redirect(reverse("dossiers:draft", args=[dossier.pk]) + f"#tp-{component_id}")


def _shown_name(upload) -> str:
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:80] or _("tệp")


@login_required
@require_POST
def reuse(request, dossier_id):
    """Attach a paper of the applicant's own document store to a component (marked reused)."""
    dossier = _own(request, dossier_id)
    form = ReuseForm(request.POST)
    component_id = request.POST.get("component")
    try:
        component_id = int(component_id)
    except (TypeError, ValueError):
        raise Http404 from None
    if not form.is_valid():
        errors = [str(m) for messages_ in form.errors.values() for m in messages_]
        return _draft_page(request, dossier, status=400, reuse_errors={component_id: errors})
    try:
        stored = services.dossier_attach_stored(
            dossier_id=dossier.pk,
            actor=request.user,
            component_id=component_id,
            document_id=form.cleaned_data["document"],
        )
    except DossierError as error:
        dossier = _own(request, dossier.pk)
        if dossier.state != State.DRAFT:
            return _not_a_draft(dossier, request)
        return _draft_page(
            request, dossier, status=error.status, reuse_errors={component_id: _messages_of(error)}
        )
    messages.success(
        request,
        _("Đã lấy “%(name)s” từ kho dữ liệu cá nhân.") % {"name": stored.original_name},
    )
    return redirect(reverse("dossiers:draft", args=[dossier.pk]) + f"#tp-{component_id}")


@login_required
@require_POST
def remove(request, dossier_id, file_id):
    dossier = _own(request, dossier_id)
    stored = next((f for f in dossier.files.all() if f.pk == file_id), None)
    if stored is None:
        raise Http404
    try:
        services.dossier_remove_file(dossier_id=dossier.pk, actor=request.user, file_id=file_id)
    except NotFound:
        raise Http404 from None
    except DossierError as error:
        dossier = _own(request, dossier.pk)
        if dossier.state != State.DRAFT:
            return _not_a_draft(dossier, request)
        return _draft_page(
            request,
            dossier,
            status=error.status,
            upload_errors={stored.component_id: _messages_of(error)},
        )
    messages.success(request, _("Đã gỡ tệp “%(name)s”.") % {"name": stored.original_name})
    anchor = f"#tp-{stored.component_id}" if stored.component_id else ""
    return redirect(reverse("dossiers:draft", args=[dossier.pk]) + anchor)


@login_required
@require_GET
def download(request, dossier_id, file_id):
    """A file of the applicant's own dossier (never someone else's)."""
    dossier = _own(request, dossier_id)
    stored = selectors.dossier_file_for(request.user, dossier.pk, file_id)
    return file_response(stored)


# ---- Review and submit ---------------------------------------------------------------------


def _missing(sections):
    return [s["component"] for s in sections if s["component"].required and not s["files"]]


def _review_page(request, dossier, *, status=200, errors=()):
    sections = _sections(request, dossier)
    declarations = _declarations(dossier)
    context = {
        "dossier": dossier,
        "version": dossier.version,
        "sections": sections,
        "declarations": declarations,
        "shown_only": _shown_only(dossier),
        "missing": _missing(sections),
        "unfinished": [
            d
            for d in declarations
            if not d["complete"] and (d["started"] or d["component"].required)
        ],
        # What submission will ask for, said before it is pressed.
        "contacts": [m for ms in services.contacts_missing(dossier).values() for m in ms],
        "channels": _channels(dossier.version),
        "errors": list(errors),
    }
    return render(request, "dossiers/apply/review.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def review(request, dossier_id):
    """Everything as entered, the completeness pre-check, and Submit. A second submit (a
    double click, a retried request) leads to the confirmation, not to an error."""
    dossier = _own(request, dossier_id)
    if dossier.state != State.DRAFT:
        return _not_a_draft(dossier)
    if request.method == "GET":
        return _review_page(request, dossier)
    try:
        services.dossier_submit(dossier_id=dossier.pk, actor=request.user)
    except NotFound:
        raise Http404 from None
    except DossierError as error:
        latest = _own(request, dossier.pk)
        if latest.state != State.DRAFT:
            return _not_a_draft(latest)  # sent a moment ago by the same applicant
        return _review_page(request, latest, status=error.status, errors=_messages_of(error))
    return redirect("dossiers:submitted", dossier.pk)


@never_cache
@login_required
@require_GET
def submitted(request, dossier_id):
    """The confirmation: the code, the official reception time, what happens next."""
    dossier = _own(request, dossier_id)
    if dossier.state == State.DRAFT:
        return redirect("dossiers:draft", dossier.pk)
    official, sent = dossier.official_reception_at, dossier.sent_at
    deferred = bool(official and sent and official - sent > datetime.timedelta(minutes=1))
    context = {
        "dossier": dossier,
        "version": dossier.version,
        "official": official,
        "sent": sent,
        "official_text": moment_text(official),
        "sent_text": moment_text(sent),
        "deferred": deferred,
        "mine_url": _first_url(
            ("dossiers:mine_detail", [dossier.pk]),
            ("dossiers:mine-detail", [dossier.pk]),
            ("dossiers:mine", []),
        ),
    }
    return render(request, "dossiers/apply/submitted.html", context)


urlpatterns = [
    path("ho-so/nop/<str:code>/", apply, name="apply"),
    path("ho-so/nhap/<uuid:dossier_id>/", draft, name="draft"),
    path("ho-so/nhap/<uuid:dossier_id>/tai-len/", upload, name="draft_upload"),
    path("ho-so/nhap/<uuid:dossier_id>/tu-kho/", reuse, name="draft_reuse"),
    path("ho-so/nhap/<uuid:dossier_id>/tep/<uuid:file_id>/", download, name="draft_file"),
    path("ho-so/nhap/<uuid:dossier_id>/tep/<uuid:file_id>/go/", remove, name="draft_remove"),
    path("ho-so/nhap/<uuid:dossier_id>/kiem-tra/", review, name="review"),
    path("ho-so/<uuid:dossier_id>/da-nop/", submitted, name="submitted"),
]
