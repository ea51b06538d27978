"""Each form's content read from the dossier and its events, and HTML → PDF (weasyprint).

Pure reads: nothing here writes. Times are printed in local time (Asia/Ho_Chi_Minh) in the
words of the forms ("09 giờ 00 phút, ngày 09 tháng 03 năm 2026"). The fonts are the Noto Serif
files shipped in `fonts/` (SIL OFL), loaded with @font-face from file:// addresses, so every
machine prints the same glyphs whatever fonts it has installed.

This module renders a form; the parts live beside it and are re-exported here:

- `parts`: times in words, the place, the tracking link and QR code, the heading;
- `contexts`: the context of each form (Mẫu 01–05, the control slip);
- `register`: the register of a receiving unit (Mẫu 06/07) as PDF and .xlsx;
- `pdf`: HTML → PDF in the shipped fonts, and other documents printed like the slips.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .contexts import appointment_at, context_for, control_rows, dossier_for_slip, event_for
from .legal_forms import template_name
from .parts import (
    DEFAULT_SITE_URL,
    DESK_TERMS,
    place_name,
    qr_svg_uri,
    short_date,
    site_url,
    tracking_url,
    words_date,
    words_time,
)
from .pdf import FONT_FACES, FONTS_DIR, html_to_pdf, template_pdf
from .register import (
    REGISTER_COLUMNS,
    register_context,
    register_pdf,
    register_rows,
    register_xlsx,
)

__all__ = [
    "DEFAULT_SITE_URL",
    "DESK_TERMS",
    "FONTS_DIR",
    "FONT_FACES",
    "REGISTER_COLUMNS",
    "appointment_at",
    "context_for",
    "control_rows",
    "dossier_for_slip",
    "event_for",
    "html_to_pdf",
    "place_name",
    "qr_svg_uri",
    "register_context",
    "register_pdf",
    "register_rows",
    "register_xlsx",
    "render_html",
    "render_issued",
    "render_pdf",
    "short_date",
    "site_url",
    "template_pdf",
    "tracking_url",
    "words_date",
    "words_time",
]


def render_html(form, dossier, event) -> str:
    context = context_for(form, dossier, event)
    return render_to_string(template_name(context["regime"], form), context)


def render_pdf(form, dossier, event) -> bytes:
    """The PDF of `form` for `dossier` (`event`: what it documents; None for the control
    slip). Printed in Vietnamese whatever the language of the request."""
    return render_issued(form, dossier, event)[0]


def render_issued(form, dossier, event) -> tuple[bytes, object]:
    """`render_pdf` and the agency that issues the slip (who would sign it)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = context_for(form, dossier, event)
        html = render_to_string(template_name(context["regime"], form), context)
        return html_to_pdf(html), context["issuer"]
