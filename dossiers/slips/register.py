"""Mẫu 06/07: the register (Sổ theo dõi hồ sơ) of a receiving unit, as PDF and as .xlsx."""

import datetime
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from procedures.models import Component

from ..models import Dossier, DossierEvent, DossierFile
from ..states import Action
from .legal_forms import Form, regime_for_date, template_name
from .parts import _common, _local, short_date
from .pdf import html_to_pdf

# One register book per receiving unit and calendar year, numbered "01/<year>"; its rows
# are the dossiers the unit received that year, in order of reception (then of code). The
# receipt (Mẫu 01) prints the book and the row: "Vào Sổ theo dõi hồ sơ, Quyển số … Số thứ tự …".


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def book_of(year: int) -> str:
    return f"01/{year}"


def register_entry(dossier) -> tuple[str, int] | None:
    """(book, number) of a received dossier in its receiving unit's register; None before
    reception."""
    if dossier.received_at is None:
        return None
    year = timezone.localtime(dossier.received_at).year
    mine = Dossier.objects.filter(
        receiving_unit_id=dossier.receiving_unit_id,
        received_at__gte=_local_midnight(datetime.date(year, 1, 1)),
    )
    before = mine.filter(received_at__lt=dossier.received_at).count()
    same_moment = mine.filter(received_at=dossier.received_at, code__lt=dossier.code).count()
    return book_of(year), before + same_moment + 1


def _numbers_before(unit, start: datetime.datetime) -> int:
    """How many dossiers `unit` received in the year of `start`, before it."""
    year_start = _local_midnight(datetime.date(timezone.localtime(start).year, 1, 1))
    return Dossier.objects.filter(
        receiving_unit=unit, received_at__gte=year_start, received_at__lt=start
    ).count()


def register_rows(unit, date_from: datetime.date, date_to: datetime.date) -> list[dict]:
    """One row per dossier received by `unit` between the two local dates (both included),
    in order of reception, each numbered as in the year's book (`register_entry`)."""
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
    papers = papers_received(dossiers)
    transfers = {}
    for dossier_id, at in (
        DossierEvent.objects.filter(dossier_id__in=[d.pk for d in dossiers], action=Action.TRANSFER)
        .order_by("at")
        .values_list("dossier_id", "at")
    ):
        transfers.setdefault(dossier_id, at)
    rows = []
    year, index = None, 0
    for dossier in dossiers:
        received_year = timezone.localtime(dossier.received_at).year
        if received_year != year:  # a new book: count what the year held before
            year = received_year
            index = _numbers_before(unit, max(start, _local_midnight(datetime.date(year, 1, 1))))
        index += 1
        contact = ", ".join(p for p in (dossier.applicant_address, dossier.applicant_phone) if p)
        rows.append(
            {
                "index": index,
                "book": book_of(year),
                "code": dossier.code,
                "procedure": dossier.version.name,
                # One dossier is one set (bộ); the papers are those the receipt lists.
                "sets": 1,
                "papers": papers.get(dossier.pk, 0),
                "applicant": dossier.applicant_name,
                "contact": contact,
                "competent": dossier.competent_agency.name,
                "received": _local(dossier.received_at),
                # The appointment printed on the receipt; after an apology, the new date beside.
                "due": _local(dossier.original_due_at or dossier.due_at),
                "new_due": _local(dossier.due_at)
                if dossier.original_due_at and dossier.due_at != dossier.original_due_at
                else None,
                "transferred": _local(transfers.get(dossier.pk)),
                "resolved": _local(dossier.resolved_at),
                "returned": _local(dossier.returned_at),
                "state": dossier.get_state_display(),
            }
        )
    return rows


def papers_received(dossiers) -> dict:
    """{dossier id: how many papers its receipt lists}: those checked at the desk or sent as
    files, not those only shown and handed back. Three queries, whatever the number."""
    ids = [d.pk for d in dossiers]
    checked = {}
    for dossier_id, data in DossierEvent.objects.filter(
        dossier_id__in=ids, action=Action.RECEIVE
    ).values_list("dossier_id", "data"):
        checked.setdefault(dossier_id, set()).update(
            str(pk) for pk in (data or {}).get("checklist", [])
        )
    for dossier_id, component_id in DossierFile.objects.filter(
        dossier_id__in=ids, component__isnull=False
    ).values_list("dossier_id", "component_id"):
        checked.setdefault(dossier_id, set()).add(str(component_id))
    handed_in = {version_id: set() for version_id in {d.version_id for d in dossiers}}
    for pk, version_id in Component.objects.filter(
        version_id__in=list(handed_in), present_only=False
    ).values_list("pk", "version_id"):
        handed_in[version_id].add(str(pk))
    return {d.pk: len(checked.get(d.pk, set()) & handed_in[d.version_id]) for d in dossiers}


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
                    for key in ("received", "due", "new_due", "transferred", "resolved", "returned")
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
                "; ".join(
                    [
                        row["state"],
                        ngettext("%(count)s giấy tờ", "%(count)s giấy tờ", row["papers"])
                        % {"count": row["papers"]},
                    ]
                )
                + (
                    "; " + _("hẹn lại %(day)s") % {"day": short_date(row["new_due"])}
                    if row["new_due"]
                    else ""
                ),
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
