"""HTML → PDF with weasyprint, in the fonts shipped with the slips.

The fonts are the Noto Serif files shipped in `fonts/` (SIL OFL), loaded with @font-face from
file:// addresses, so every machine prints the same glyphs whatever fonts it has installed.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FACES = {
    "regular": FONTS_DIR / "NotoSerif-Regular.ttf",
    "bold": FONTS_DIR / "NotoSerif-Bold.ttf",
    "italic": FONTS_DIR / "NotoSerif-Italic.ttf",
    "bold_italic": FONTS_DIR / "NotoSerif-BoldItalic.ttf",
}


def _fonts():
    return {key: path.as_uri() for key, path in FONT_FACES.items()}


def template_pdf(template: str, context: dict) -> bytes:
    """Another document printed like the slips: `template` (extending slips/base.html) with
    the shipped fonts added to `context`, in Vietnamese whatever the language of the request."""
    with translation.override(settings.LANGUAGE_CODE):
        return html_to_pdf(render_to_string(template, {"fonts": _fonts(), **context}))


def template_document(template: str, context: dict):
    """`template_pdf`'s laid-out weasyprint document, for callers that need the positions of
    elements (`page.anchors`: id → (x, y) in CSS px) before writing it."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, {"fonts": _fonts(), **context})
    return HTML(string=html, base_url=str(FONTS_DIR)).render(font_config=FontConfiguration())


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf(font_config=fonts)
