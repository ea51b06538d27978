"""The printed declaration (tờ khai): the answers in the form's layout, as a PDF made with the
slips' fonts and page (dossiers/slips/pdf.py), attached to the dossier when it is sent."""

from django.utils import timezone

from procedures.declarations.display import answer_pages

from .slips.parts import place_name
from .slips.pdf import template_pdf


def declaration_context(dossier, component, answers: dict) -> dict:
    form = component.form
    today = timezone.localdate(dossier.sent_at or timezone.now())
    return {
        "form": form,
        "pages": answer_pages(form, answers),
        "dossier": dossier,
        "addressee": dossier.competent_agency.name if dossier.competent_agency_id else "",
        "day": today,
        "place": place_name(dossier.competent_agency),
        "signer": dossier.applicant_name,
        "title": form["title"],
    }


def declaration_pdf(dossier, component, answers: dict) -> bytes:
    """The declaration `component`'s form prints from `answers` (checked, final)."""
    return template_pdf("slips/declaration.html", declaration_context(dossier, component, answers))
