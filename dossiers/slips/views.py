"""Downloads: a dossier's slip for those who may see the dossier, and the register (Sổ theo
dõi hồ sơ) of a receiving unit for its staff."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from procedures.models import Agency

from .. import permissions as perms
from ..models import Dossier
from . import render as slips_render
from .legal_forms import ON_DEMAND, Form
from .store import newest_slip, slip_content, slip_render

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def viewable_dossier(user, dossier_id) -> Dossier | None:
    """The dossier (with what the slips print) if `user` may see it; else None."""
    dossier = slips_render.dossier_for_slip(dossier_id)
    if dossier is None or not perms.can_view(dossier, user):
        return None
    return dossier


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_of(dossier, form: Form) -> bytes | None:
    """The PDF to download: the control slip printed now from the events; any other form the
    newest slip kept (printed now if its task has not run yet, or its file is lost)."""
    if form == Form.CONTROL:
        if dossier.received_at is None:
            return None
        return slips_render.render_pdf(form, dossier, None)
    slip = newest_slip(dossier, form)
    if slip is None:
        return None
    content = slip_content(slip)
    if content is None:
        slip = slip_render(dossier_id=dossier.pk, form=form, event_id=slip.event_id)
        content = slip_content(slip) if slip else None
    return content


@require_GET
@never_cache
@login_required
def slip_download(request, pk, form):
    """GET /ho-so/<uuid>/phieu/<form>/: the PDF, or 404 (not visible, no such slip)."""
    try:
        form = Form(form)
    except ValueError:
        raise Http404() from None
    if form in ON_DEMAND - {Form.CONTROL}:
        raise Http404()
    dossier = viewable_dossier(request.user, pk)
    if dossier is None:
        raise Http404()
    content = pdf_of(dossier, form)
    if content is None:
        raise Http404()
    name = f"{dossier.code or dossier.pk}-{form.value}.pdf"
    return _file(content, name, PDF)


# ---- The register ---------------------------------------------------------------------------

MAX_REGISTER_DAYS = 366


def _bad_request(request, message):
    return render(
        request,
        "error.html",
        {"status": 400, "title": _("Yêu cầu không hợp lệ"), "message": message},
        status=400,
    )


def _date(value):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def may_read_register(user, unit) -> bool:
    """Superusers, and the desk officers and heads of the receiving unit."""
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    return any(
        agency_id == unit.pk and role in perms.DESK_ROLES
        for agency_id, role in perms.memberships(user)
    )


@require_GET
@never_cache
@login_required
def register_download(request):
    """GET /so-theo-doi/?unit=<code>&from=YYYY-MM-DD&to=YYYY-MM-DD&format=pdf|xlsx."""
    unit = Agency.objects.filter(code=request.GET.get("unit", "").strip()).first()
    if unit is None:
        raise Http404()
    if not may_read_register(request.user, unit):
        return render(
            request,
            "error.html",
            {
                "status": 403,
                "title": _("Không có quyền truy cập"),
                "message": _("Chỉ cán bộ của đơn vị tiếp nhận mới được xem sổ theo dõi hồ sơ."),
            },
            status=403,
        )
    date_from, date_to = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if date_from is None or date_to is None:
        return _bad_request(
            request,
            _(
                "Cần ngày bắt đầu (from) và ngày kết thúc (to) theo dạng NNNN-TT-NN, "
                "ví dụ 2026-03-09."
            ),
        )
    if date_from > date_to:
        return _bad_request(request, _("Ngày bắt đầu phải trước hoặc trùng ngày kết thúc."))
    if (date_to - date_from).days >= MAX_REGISTER_DAYS:
        return _bad_request(request, _("Mỗi lần chỉ xem được sổ theo dõi tối đa 366 ngày."))
    kind = request.GET.get("format", "pdf")
    name = f"so-theo-doi-{unit.code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
    if kind == "pdf":
        return _file(slips_render.register_pdf(unit, date_from, date_to), f"{name}.pdf", PDF)
    if kind == "xlsx":
        response = _file(slips_render.register_xlsx(unit, date_from, date_to), f"{name}.xlsx", XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return _bad_request(request, _("Định dạng phải là pdf hoặc xlsx."))
