"""The applicant's papers as the officers' pages show them: each component of the procedure
version with the files sent for it (application and supplements), and the files of none."""

from django.utils.translation import gettext_lazy as _

from dossiers.models import APPLICANT_FILE_KINDS
from procedures.declarations.display import answer_pages
from procedures.models import ChannelKind

APPLICANT_KINDS = APPLICANT_FILE_KINDS

# What a component without a file means, by what the law and the channel ask of it.
SHOWN_ONLY = "shown"  # shown at the desk for comparison, never handed in
ON_PAPER = "paper"  # a walk-in's papers are on the desk, scanning them is optional
MISSING = "missing"  # required, sent from afar, and no file: the only alarming case
OPTIONAL = "optional"
ABSENCE_NOTES = {
    SHOWN_ONLY: _("Chỉ xuất trình bản chính để đối chiếu, không nộp."),
    ON_PAPER: _("Nộp bản giấy tại Bộ phận Một cửa, không có bản quét."),
    MISSING: _("Chưa có tệp."),
    OPTIONAL: _("Không nộp (không bắt buộc)."),
}


def absence(component, files, dossier) -> str:
    """Why `component` has no file in `dossier` (one of the keys of ABSENCE_NOTES), or ""
    when it has files."""
    if component.present_only:
        return SHOWN_ONLY
    if files:
        return ""
    if dossier.channel == ChannelKind.IN_PERSON:
        return ON_PAPER
    return MISSING if component.required else OPTIONAL


def paper_row(component, files, dossier, declarations=None) -> dict:
    """`declarations`: the dossier's answers by component id (`declarations_of`), for the
    answers of an online declaration shown as data beside its printed PDF."""
    why = absence(component, files, dossier)
    row = {
        "component": component,
        "files": files,
        "absence": why,
        "absence_note": ABSENCE_NOTES.get(why, ""),
        "missing": why == MISSING,
    }
    declared = (declarations or {}).get(component.pk)
    if component.form and declared is not None and declared.answers:
        row["declaration"] = answer_pages(
            component.form, declared.answers, prefilled=declared.prefilled, keep_empty=False
        )
    return row


def declarations_of(dossier) -> dict:
    """{component id: DeclarationAnswers} of `dossier` (one query)."""
    return {row.component_id: row for row in dossier.declarations.all()}


def files_by_component(dossier, files=None) -> dict:
    """{component id or None: [the applicant's files]} of `dossier`."""
    by_component = {}
    for f in dossier.files.all() if files is None else files:
        if f.kind in APPLICANT_KINDS:
            by_component.setdefault(f.component_id, []).append(f)
    return by_component


def applicant_papers(dossier, files=None) -> dict:
    """{"components": [paper_row…], "other_files": [...]} for `dossier`; `files` are its files
    if already read."""
    by_component = files_by_component(dossier, files)
    declarations = declarations_of(dossier)
    rows = [
        paper_row(c, by_component.get(c.pk, []), dossier, declarations)
        for c in dossier.version.components.all()
    ]
    return {"components": rows, "other_files": by_component.get(None, [])}
