"""The online declaration (tờ khai điện tử) of a draft: its answers saved as the applicant
goes, checked against the form pinned with the dossier's version, and printed when sent."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from procedures.declarations import normalize, page_keys, validate_answers
from procedures.declarations.display import search_text

from .. import permissions as perms
from ..declarations import declaration_pdf
from ..errors import BadInput, Conflict, NotAllowed
from ..models import DeclarationAnswers, Dossier, FileKind
from ..states import Actor, State
from ._core import _check_open, _locked, _new_file

MAX_ANSWERS_BYTES = 200_000


def form_components(dossier: Dossier) -> list:
    """The components of the dossier's version that carry an online declaration form."""
    return [c for c in dossier.version.components.all() if c.form]


def _form_component(dossier, component_id):
    try:
        component = dossier.version.components.get(pk=int(component_id))
    except (ValueError, TypeError, dossier.version.components.model.DoesNotExist):
        component = None
    if component is None or not component.form:
        raise BadInput(
            fields={"component": [_("Thành phần này không có tờ khai điện tử trong thủ tục.")]}
        )
    return component


@transaction.atomic
def declaration_save(
    *, dossier_id, actor, component_id, answers, page: str | None = None, prefilled=None
) -> tuple[DeclarationAnswers, list[dict]]:
    """Keep the answers of a draft's declaration, complete or not: (the row, the errors of the
    whole form). `page`: only that page's answers are replaced (its fields left out are
    cleared); without it, all of them. `prefilled`: {top-level key: source} of answers the
    portal filled in, kept for the officers while the answer stays as filled."""
    dossier = _locked(dossier_id)
    _check_open(dossier, actor)
    if not {Actor.APPLICANT, Actor.DESK} & perms.actors_for(dossier, actor):
        raise NotAllowed()
    if dossier.state != State.DRAFT:
        raise Conflict(_("Hồ sơ đã được gửi: không sửa được tờ khai."))
    component = _form_component(dossier, component_id)
    form = component.form
    if not isinstance(answers, dict):
        raise BadInput(fields={"answers": [_("Câu trả lời phải là một đối tượng JSON.")]})
    if len(str(answers).encode()) > MAX_ANSWERS_BYTES:
        raise BadInput(fields={"answers": [_("Nội dung kê khai quá dài.")]})
    row, _created = DeclarationAnswers.objects.select_for_update().get_or_create(
        dossier=dossier, component=component
    )
    if page is None:
        merged = dict(answers)
        marks = {}
    else:
        if page not in {p["key"] for p in form["pages"]}:
            raise BadInput(fields={"page": [_("Tờ khai không có trang này.")]})
        keys = page_keys(form, page)
        merged = {k: v for k, v in row.answers.items() if k not in keys}
        merged.update({k: v for k, v in answers.items() if k in keys})
        marks = {k: v for k, v in row.prefilled.items() if k not in keys}
    kept = normalize(form, merged, hide=False)
    for key, source in (prefilled or {}).items():
        if key in kept:
            marks[key] = source
    if page is not None:  # a prefilled answer the applicant changed is theirs now
        unchanged = {k for k in keys if k in kept and kept[k] == row.answers.get(k)}
        marks.update({k: v for k, v in row.prefilled.items() if k in unchanged})
    _cleaned, errors = validate_answers(form, kept)
    row.answers = kept
    row.prefilled = {k: v for k, v in marks.items() if k in kept}
    row.complete = not errors
    row.search_text = search_text(form, kept)
    row.save()
    return row, errors


def declarations_checked(dossier: Dossier) -> dict:
    """At submission: {component: final answers} of every form that is required (and not
    replaced by an uploaded paper) or begun; BadInput naming what is missing."""
    rows = {row.component_id: row for row in dossier.declarations.all()}
    uploaded = set(
        dossier.files.filter(component__isnull=False).values_list("component_id", flat=True)
    )
    final, problems = {}, []
    for component in form_components(dossier):
        row = rows.get(component.pk)
        if row is None or not row.answers:
            if component.required and component.pk not in uploaded:
                problems.append(_("%(form)s: chưa kê khai.") % {"form": component.name})
            continue
        cleaned, errors = validate_answers(component.form, row.answers)
        if errors:
            first = "; ".join(error["message"] for error in errors[:3])
            more = len(errors) - 3
            if more > 0:
                first += " " + _("(và %(n)s lỗi khác)") % {"n": more}
            problems.append(_("%(form)s: %(errors)s") % {"form": component.name, "errors": first})
            continue
        final[component] = (row, cleaned)
    if problems:
        raise BadInput(_("Tờ khai chưa đầy đủ."), fields={"declarations": problems})
    return final


def print_declarations(dossier: Dossier, actor, final: dict) -> None:
    """Print each checked declaration as the component's file (replacing what was printed
    before for it), and keep the final answers."""
    for component, (row, cleaned) in final.items():
        if row.pdf_id is not None:
            earlier, row.pdf = row.pdf, None
            name, storage = earlier.file.name, earlier.file.storage
            earlier.delete()
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        content = declaration_pdf(dossier, component, cleaned)
        name = f"{component.form.get('title', component.name)}.pdf"
        meta = {
            "original_name": name,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "content_type": "application/pdf",
        }
        row.pdf = _new_file(
            dossier,
            actor=actor,
            kind=FileKind.APPLICATION,
            content=ContentFile(content, name=name),
            meta=meta,
            component=component,
        )
        row.answers, row.complete = cleaned, True
        row.search_text = search_text(component.form, cleaned)
        row.save(update_fields=["answers", "complete", "search_text", "pdf", "updated_at"])
