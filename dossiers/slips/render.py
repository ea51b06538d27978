"""Each form's content read from the dossier and its events, and HTML → PDF (weasyprint).

Pure reads: nothing here writes. Times are printed in local time (Asia/Ho_Chi_Minh) in the
words of the forms ("09 giờ 00 phút, ngày 09 tháng 03 năm 2026"). The fonts are the Noto Serif
files shipped in `fonts/` (SIL OFL), loaded with @font-face from file:// addresses, so every
machine prints the same glyphs whatever fonts it has installed.
"""

import datetime
import io
import uuid
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.calendar import calendar_for
from procedures.geography import province_name

from .. import deadlines
from ..models import Dossier, DossierEvent
from ..states import HANDOVERS, Action, State
from .legal_forms import (
    ACTIONS_OF_FORM,
    Form,
    Regime,
    regime_for,
    regime_for_date,
    spec,
    template_name,
)

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FACES = {
    "regular": FONTS_DIR / "NotoSerif-Regular.ttf",
    "bold": FONTS_DIR / "NotoSerif-Bold.ttf",
    "italic": FONTS_DIR / "NotoSerif-Italic.ttf",
    "bold_italic": FONTS_DIR / "NotoSerif-BoldItalic.ttf",
}
# Without a configured public address, the tracking link of the QR code points here.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
DESK_TERMS = {
    Regime.TT01_2018: gettext_lazy("Bộ phận tiếp nhận và trả kết quả"),
    Regime.TT03_2025: gettext_lazy("Bộ phận Một cửa"),
}


# ---- Words for times ------------------------------------------------------------------------


def _local(moment):
    return timezone.localtime(moment) if moment else None


def words_time(moment) -> str:
    """ "09 giờ 00 phút, ngày 09 tháng 03 năm 2026" (local time), or "" for no time."""
    moment = _local(moment)
    if moment is None:
        return ""
    return _("%(hour)s giờ %(minute)s phút, %(date)s") % {
        "hour": f"{moment:%H}",
        "minute": f"{moment:%M}",
        "date": words_date(moment.date()),
    }


def words_date(day) -> str:
    """ "ngày 09 tháng 03 năm 2026"."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = _local(day).date()
    return _("ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": f"{day:%d}",
        "month": f"{day:%m}",
        "year": f"{day:%Y}",
    }


def short_date(day) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = _local(day).date()
    return f"{day:%d/%m/%Y}"


def _parse(value):
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# ---- Shared parts of every form -------------------------------------------------------------


def place_name(agency) -> str:
    """The place of the date line: the province of the agency (or of the portal), without
    "Tỉnh"/"Thành phố"."""
    name = province_name(getattr(agency, "province_code", None) or settings.PORTAL_PROVINCE_CODE)
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def site_url() -> str:
    return (getattr(settings, "PORTAL_SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def tracking_url(dossier) -> str:
    """The public tracking page with the code filled in (the secret is typed there)."""
    return f"{site_url()}{reverse('dossiers:track')}?{urlencode({'code': dossier.code or ''})}"


def qr_svg_uri(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def _fonts():
    return {key: path.as_uri() for key, path in FONT_FACES.items()}


def _common(dossier, regime, form, issuer, issued_at):
    the_spec = spec(regime, form)
    return {
        "dossier": dossier,
        "regime": Regime(regime),
        "form": Form(form),
        "number": the_spec.number,
        "title": the_spec.title,
        "circular": Regime(regime).label,
        "desk_term": DESK_TERMS[Regime(regime)],
        "issuer": issuer,
        "governing": issuer.parent if issuer is not None else None,
        "place": place_name(issuer),
        "issued_on": words_date(issued_at),
        "fonts": _fonts(),
        "procedure_name": dossier.version.name if dossier is not None else "",
        "applicant": _applicant(dossier) if dossier is not None else {},
    }


def _applicant(dossier):
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }


# ---- The forms --------------------------------------------------------------------------------


def dossier_for_slip(dossier_id) -> Dossier | None:
    try:
        dossier_id = uuid.UUID(str(dossier_id))
    except ValueError:
        return None
    return (
        Dossier.objects.select_related(
            "version",
            "procedure",
            "receiving_unit__parent",
            "competent_agency__parent",
            "processing_unit__parent",
        )
        .filter(pk=dossier_id)
        .first()
    )


def event_for(dossier, form, event_id=None) -> DossierEvent | None:
    """The event the slip documents: the one named, else the newest of the form's actions."""
    events = DossierEvent.objects.select_related("actor_agency__parent").filter(
        dossier_id=dossier.pk, action__in=[a.value for a in ACTIONS_OF_FORM[Form(form)]]
    )
    if event_id is not None:
        return events.filter(pk=event_id).first()
    return events.order_by("-at", "-id").first()


def context_for(form, dossier, event) -> dict:
    """Everything the template of `form` prints, for `dossier` (and the event it documents)."""
    form = Form(form)
    regime = regime_for(dossier)
    builder = {
        Form.RECEIPT: _receipt,
        Form.COMPLETION: _completion,
        Form.REFUSAL: _refusal,
        Form.APOLOGY: _apology,
        Form.STOP: _stop,
        Form.CONTROL: _control,
    }[form]
    return builder(dossier, event, regime)


def _receipt(dossier, event, regime):
    context = _common(dossier, regime, Form.RECEIPT, dossier.receiving_unit, event.at)
    checked = {str(pk) for pk in (event.data or {}).get("checklist", [])}
    provided = {str(pk) for pk in dossier.files.values_list("component_id", flat=True) if pk}
    copies = (event.data or {}).get("copies", {})
    components = [
        _handed_in(c, copies.get(str(c.pk)))
        for c in dossier.version.components.all()
        if str(c.pk) in checked | provided
    ]
    channel = dossier.version.channels.filter(kind=dossier.channel).first()
    url = tracking_url(dossier)
    context.update(
        components=components,
        duration=channel.duration_label if channel else "",
        received=words_time(dossier.received_at or event.at),
        appointment=words_time(appointment_at(dossier, channel)),
        delivery=dossier.get_delivery_channel_display(),
        delivery_address=dossier.delivery_address,
        receiver=event.actor_name,
        tracking_url=url,
        tracking_page=f"{site_url()}{reverse('dossiers:track')}",
        qr=qr_svg_uri(url),
    )
    return context


def _handed_in(component, kind):
    """A row of the receipt's table: the copies the procedure asks for, or, where the desk
    recorded the kind of copy handed in, that kind alone (as many as asked, at least one)."""
    asked = {
        "original": component.originals,
        "certified": component.certified_copies,
        "photocopy": component.photocopies,
    }
    if kind in asked:
        asked = {key: (max(count, 1) if key == kind else 0) for key, count in asked.items()}
    return {
        "name": component.name,
        "originals": asked["original"],
        "certified_copies": asked["certified"],
        "photocopies": asked["photocopy"],
    }


def appointment_at(dossier, channel):
    """The due time given at reception (Mẫu 01): later waits and the one new appointment
    (Mẫu 04) do not change what the receipt said."""
    if not dossier.pauses or channel is None:
        return dossier.original_due_at or dossier.due_at
    return deadlines.due_at(
        received_at=dossier.received_at,
        value=channel.duration_value,
        unit=channel.duration_unit,
        calendar=calendar_for(dossier.receiving_unit.province_code),
    )


def _completion(dossier, event, regime):
    during_processing = event.action == Action.REQUEST_SUPPLEMENT
    issuer = dossier.receiving_unit
    if during_processing:
        issuer = event.actor_agency or dossier.processing_unit or dossier.competent_agency
    context = _common(dossier, regime, Form.COMPLETION, issuer, event.at)
    context.update(
        missing=(event.data or {}).get("missing", []),
        reason=event.reason,
        submitted=words_time(dossier.submitted_at),
        requested=words_time(event.at),
        during_processing=during_processing,
        guide=event.actor_name,
        contact=issuer,
    )
    return context


def _refusal(dossier, event, regime):
    context = _common(dossier, regime, Form.REFUSAL, dossier.receiving_unit, event.at)
    context.update(
        reason=event.reason,
        redirect_to=(event.data or {}).get("redirect_to"),
        submitted=words_time(dossier.submitted_at),
        receiver=event.actor_name,
    )
    return context


def _apology(dossier, event, regime):
    data = event.data or {}
    context = _common(dossier, regime, Form.APOLOGY, dossier.competent_agency, event.at)
    previous = _parse(data.get("previous_due_at"))
    new_due = _parse(data.get("new_due_at"))
    context.update(
        received=words_date(dossier.received_at),
        received_short=short_date(dossier.received_at),
        previous_due=short_date(previous),
        new_due=short_date(new_due or dossier.rescheduled_to),
        new_due_words=words_time(new_due),
        reason=event.reason,
        signer=event.actor_name,
    )
    return context


def _stop(dossier, event, regime):
    issuer = event.actor_agency or dossier.competent_agency
    withdrawal = (
        DossierEvent.objects.filter(
            dossier_id=dossier.pk, action=Action.REQUEST_WITHDRAWAL, at__lte=event.at
        )
        .order_by("-at", "-id")
        .first()
    )
    context = _common(dossier, regime, Form.STOP, issuer, event.at)
    context.update(
        reason=event.reason,
        received=words_time(dossier.received_at),
        submitted=words_time(dossier.submitted_at),
        withdrawal_at=words_date(withdrawal.at) if withdrawal else "",
        withdrawal_reason=withdrawal.reason if withdrawal else "",
        stopped=words_time(event.at),
        signer=event.actor_name,
        by_desk=issuer is not None and issuer.pk == dossier.receiving_unit_id,
    )
    return context


# ---- Mẫu 05/06: the control slip, one row per hand-over -------------------------------------


def _receiver(dossier, event, units) -> str:
    """Who took the dossier at this hand-over."""
    state = event.to_state
    if state == State.RECEIVED or state == State.RESOLVED:
        return dossier.receiving_unit.name
    if state == State.IN_PROGRESS:
        code = (event.data or {}).get("unit")
        unit = units.get(code) or dossier.processing_unit or dossier.competent_agency
        return unit.name
    if state == State.PENDING_APPROVAL:
        return _("Lãnh đạo %(agency)s") % {"agency": dossier.competent_agency.name}
    if state in (State.RETURNED, State.REFUSED):
        return _("Người nộp hồ sơ: %(name)s") % {"name": dossier.applicant_name}
    return ""


def control_rows(dossier, events) -> list[dict]:
    from procedures.models import Agency

    handovers = HANDOVERS
    events = [e for e in events if e.action in handovers]
    codes = {(e.data or {}).get("unit") for e in events if (e.data or {}).get("unit")}
    units = {a.code: a for a in Agency.objects.filter(code__in=codes)} if codes else {}
    rows = []
    for event in events:
        if event.action == Action.RECEIVE:
            giver = _("%(name)s (người nộp hồ sơ)") % {"name": dossier.applicant_name}
            agency = dossier.receiving_unit.name
        else:
            agency = event.actor_agency.name if event.actor_agency else ""
            giver = event.actor_name
        rows.append(
            {
                "agency": agency,
                "action": event.get_action_display(),
                "giver": giver,
                "receiver": _receiver(dossier, event, units),
                "at": words_time(event.at),
                "timeliness": event.get_timeliness_display() if event.timeliness else "",
                "step_due": words_time(event.step_due_at),
                "note": event.reason,
            }
        )
    return rows


def _control(dossier, event, regime):
    events = list(
        DossierEvent.objects.select_related("actor_agency")
        .filter(dossier_id=dossier.pk)
        .order_by("at", "id")
    )
    context = _common(dossier, regime, Form.CONTROL, dossier.receiving_unit, timezone.now())
    context.update(
        rows=control_rows(dossier, events),
        received=words_time(dossier.received_at),
        appointment=words_time(dossier.due_at),
        original_due=words_time(dossier.original_due_at),
        rescheduled=dossier.rescheduled_to is not None,
        competent=dossier.competent_agency,
        processing=dossier.processing_unit,
    )
    return context


# ---- Mẫu 06/07: the register of a receiving unit ---------------------------------------------


def register_rows(unit, date_from: datetime.date, date_to: datetime.date) -> list[dict]:
    """One row per dossier received by `unit` between the two local dates (both included),
    in order of reception."""
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
    )
    dossiers = (
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("version", "competent_agency")
        .order_by("received_at", "code")
    )
    dossiers = list(dossiers)
    transfers = {}
    for dossier_id, at in (
        DossierEvent.objects.filter(dossier_id__in=[d.pk for d in dossiers], action=Action.TRANSFER)
        .order_by("at")
        .values_list("dossier_id", "at")
    ):
        transfers.setdefault(dossier_id, at)
    rows = []
    for index, dossier in enumerate(dossiers, start=1):
        contact = ", ".join(p for p in (dossier.applicant_address, dossier.applicant_phone) if p)
        rows.append(
            {
                "index": index,
                "code": dossier.code,
                "procedure": dossier.version.name,
                "sets": 1,
                "applicant": dossier.applicant_name,
                "contact": contact,
                "competent": dossier.competent_agency.name,
                "received": _local(dossier.received_at),
                "due": _local(dossier.due_at),
                "transferred": _local(transfers.get(dossier.pk)),
                "resolved": _local(dossier.resolved_at),
                "returned": _local(dossier.returned_at),
                "state": dossier.get_state_display(),
            }
        )
    return rows


def register_context(unit, date_from, date_to) -> dict:
    regime = regime_for_date(date_to)
    context = _common(None, regime, Form.REGISTER, unit, timezone.now())
    context.update(
        unit=unit,
        date_from=short_date(date_from),
        date_to=short_date(date_to),
        rows=[
            {
                **row,
                **{
                    key: short_date(row[key])
                    for key in ("received", "due", "transferred", "resolved", "returned")
                },
            }
            for row in register_rows(unit, date_from, date_to)
        ],
    )
    return context


REGISTER_COLUMNS = [
    gettext_lazy("STT"),
    gettext_lazy("Mã hồ sơ"),
    gettext_lazy("Tên thủ tục hành chính"),
    gettext_lazy("Số lượng hồ sơ (bộ)"),
    gettext_lazy("Tên cá nhân, tổ chức"),
    gettext_lazy("Địa chỉ, số điện thoại"),
    gettext_lazy("Cơ quan chủ trì giải quyết"),
    gettext_lazy("Ngày nhận hồ sơ"),
    gettext_lazy("Ngày hẹn trả kết quả"),
    gettext_lazy("Ngày chuyển hồ sơ đến cơ quan giải quyết"),
    gettext_lazy("Ngày nhận kết quả từ cơ quan giải quyết"),
    gettext_lazy("Ngày trả kết quả cho cá nhân, tổ chức"),
    gettext_lazy("Ký nhận"),
    gettext_lazy("Ghi chú"),
]


def register_pdf(unit, date_from, date_to) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _register_pdf(unit, date_from, date_to)


def _register_pdf(unit, date_from, date_to) -> bytes:
    context = register_context(unit, date_from, date_to)
    context["columns"] = [str(c) for c in REGISTER_COLUMNS]
    return html_to_pdf(render_to_string(template_name(context["regime"], Form.REGISTER), context))


def register_xlsx(unit, date_from, date_to) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _register_xlsx(unit, date_from, date_to)


def _register_xlsx(unit, date_from, date_to) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    context = register_context(unit, date_from, date_to)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Sổ theo dõi hồ sơ")[:31]
    number = context["number"]
    sheet.append([f"{_('Mẫu số')} {number} – {context['circular']}" if number else ""])
    sheet.append([str(context["title"]).upper()])
    sheet.append(
        [_("Đơn vị tiếp nhận: %(unit)s (%(code)s)") % {"unit": unit.name, "code": unit.code}]
    )
    sheet.append(
        [
            _("Từ ngày %(start)s đến ngày %(end)s")
            % {"start": context["date_from"], "end": context["date_to"]}
        ]
    )
    sheet.append([])
    sheet.append([str(c) for c in REGISTER_COLUMNS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A2"].font = Font(bold=True, size=14)
    for row in register_rows(unit, date_from, date_to):
        sheet.append(
            [
                row["index"],
                row["code"],
                row["procedure"],
                row["sets"],
                row["applicant"],
                row["contact"],
                row["competent"],
                *(
                    row[key].replace(tzinfo=None) if row[key] else None
                    for key in ("received", "due", "transferred", "resolved", "returned")
                ),
                "",
                row["state"],
            ]
        )
        for cell in sheet[sheet.max_row][7:12]:
            cell.number_format = "DD/MM/YYYY HH:MM"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (6, 24, 40, 10, 24, 30, 30, 17, 17, 17, 17, 17, 12, 20), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- HTML → PDF -----------------------------------------------------------------------------


def render_html(form, dossier, event) -> str:
    context = context_for(form, dossier, event)
    return render_to_string(template_name(context["regime"], form), context)


def render_pdf(form, dossier, event) -> bytes:
    """The PDF of `form` for `dossier` (`event`: what it documents; None for the control
    slip). Printed in Vietnamese whatever the language of the request."""
    with translation.override(settings.LANGUAGE_CODE):
        return html_to_pdf(render_html(form, dossier, event))


def template_pdf(template: str, context: dict) -> bytes:
    """Another document printed like the slips: `template` (extending slips/base.html) with
    the shipped fonts added to `context`, in Vietnamese whatever the language of the request."""
    with translation.override(settings.LANGUAGE_CODE):
        return html_to_pdf(render_to_string(template, {"fonts": _fonts(), **context}))


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf(font_config=fonts)
