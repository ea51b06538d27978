"""Filling in an online declaration (tờ khai điện tử), one page of the form at a time.

Server-rendered and working without JavaScript: each page is a plain form; "Lưu và tiếp tục"
saves the page's answers (always: nothing typed is lost by leaving) and goes on when the page
has no error, else the page comes back with each error beside its field and a summary at the
top. A repeatable group grows and shrinks with buttons that save first. Answers the portal
filled in from the applicant's profile or an earlier declaration are marked as such.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from procedures.declarations import errors_on_page, shown, validate_answers
from procedures.declarations.widgets import errors_by_name, widget

from .. import services
from ..errors import BadInput, DossierError, NotFound
from ..models import DeclarationAnswers
from ..prefill import prefill_for
from ..states import State
from .apply import _not_a_draft, _own

# ---- From the posted form to answers ---------------------------------------------------------


def _name(*parts) -> str:
    return "__".join(str(part) for part in parts)


def _number(text):
    text = (text or "").strip().replace(" ", "")
    if not text:
        return ""
    normalised = text.replace(".", "").replace(",", ".") if "," in text else text.replace(".", "")
    try:
        value = float(normalised)
    except ValueError:
        return text  # kept as typed: the check says it is not a number
    return int(value) if value.is_integer() else value


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _value(spec, post, prefix):
    """The answer to one field from the posted form (names `prefix`, `prefix__part`)."""
    kind = spec["kind"]
    if kind == "boolean":
        return post.get(prefix) == "1"
    if kind == "number":
        return _number(post.get(prefix))
    if kind == "choice" and spec.get("multiple"):
        return post.getlist(prefix)
    if kind == "address":
        return {
            "province": _int(post.get(_name(prefix, "province_code"))),
            "ward": _int(post.get(_name(prefix, "ward_code"))),
            "street": post.get(_name(prefix, "street"), ""),
        }
    return post.get(prefix, "")


def _group_rows(spec, post, key):
    count = min(_int(post.get(_name(key, "count"))) or 0, spec.get("max_items", 20))
    rows = []
    for index in range(count):
        rows.append(
            {m["key"]: _value(m, post, _name(key, index, m["key"])) for m in spec["fields"]}
        )
    return rows


def answers_from_post(definition, page_key, post) -> dict:
    """The answers of the page `page_key` as posted (every field of the page, shown or not:
    what a condition hides is kept for the draft and dropped when sent)."""
    answers = {}
    for page in definition["pages"]:
        if page["key"] != page_key:
            continue
        for section in page["sections"]:
            for spec in section["fields"]:
                key = spec["key"]
                if spec["kind"] == "group":
                    answers[key] = _group_rows(spec, post, key)
                elif spec["kind"] != "file":
                    answers[key] = _value(spec, post, key)
    return answers


def _page_context(dossier, component, row, page, *, errors=(), extra_rows=None):
    definition = component.form
    answers = row.answers if row else {}
    prefilled = row.prefilled if row else {}
    by_name = errors_by_name(errors)
    sections = []
    for section in page["sections"]:
        hidden = "shown_when" in section and not shown(section["shown_when"], answers)
        fields = []
        for spec in section["fields"]:
            key = spec["key"]
            value = answers.get(key)
            if spec["kind"] == "group":
                rows = [r for r in (value or []) if isinstance(r, dict)]
                wanted = max(len(rows), 1, spec.get("min_items", 0))
                if extra_rows and extra_rows.get(key):
                    wanted += extra_rows[key]
                wanted = min(wanted, spec.get("max_items", 20))
                rows += [{}] * (wanted - len(rows))
                fields.append(
                    {
                        **widget(spec, value, name=key, errors=by_name),
                        "items": [
                            [
                                widget(
                                    member,
                                    item.get(member["key"]),
                                    name=_name(key, index, member["key"]),
                                    errors=by_name,
                                )
                                for member in spec["fields"]
                            ]
                            for index, item in enumerate(rows)
                        ],
                        "count": len(rows),
                        "can_add": len(rows) < spec.get("max_items", 20),
                    }
                )
            elif spec["kind"] != "file":
                field_hidden = "shown_when" in spec and not shown(spec["shown_when"], answers)
                field_widget = widget(
                    spec, value, name=key, errors=by_name, prefilled=prefilled.get(key)
                )
                field_widget["hidden"] = field_hidden
                fields.append(field_widget)
        sections.append({"spec": section, "hidden": hidden, "fields": fields})
    pages = definition["pages"]
    index = next(i for i, p in enumerate(pages) if p["key"] == page["key"])
    summary = []
    for error in errors:
        parts = error["pointer"].split("/")[1:]
        summary.append({"message": error["message"], "anchor": "f-" + "-".join(parts)})
    return {
        "dossier": dossier,
        "version": dossier.version,
        "component": component,
        "form": definition,
        "page": page,
        "sections": sections,
        "number": index + 1,
        "pages": pages,
        "previous": pages[index - 1] if index > 0 else None,
        "following": pages[index + 1] if index + 1 < len(pages) else None,
        "errors": summary,
    }


# ---- The views -------------------------------------------------------------------------------


def _draft_and_form(request, dossier_id, component_id):
    dossier = _own(request, dossier_id)
    component = dossier.version.components.filter(pk=component_id).first()
    if component is None or not component.form:
        raise Http404
    return dossier, component


def _page_of(component, page_key):
    page = next((p for p in component.form["pages"] if p["key"] == page_key), None)
    if page is None:
        raise Http404
    return page


@never_cache
@login_required
def start(request, dossier_id, component_id):
    """The form's first page; on the first visit, the answers the portal can fill in."""
    dossier, component = _draft_and_form(request, dossier_id, component_id)
    if dossier.state != State.DRAFT:
        return _not_a_draft(dossier)
    exists = DeclarationAnswers.objects.filter(dossier=dossier, component=component).exists()
    if not exists:
        answers, sources = prefill_for(request.user, component)
        if answers:
            services.declaration_save(
                dossier_id=dossier.pk,
                actor=request.user,
                component_id=component.pk,
                answers=answers,
                prefilled=sources,
            )
    first = component.form["pages"][0]["key"]
    return redirect("dossiers:declaration", dossier.pk, component.pk, first)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def page_view(request, dossier_id, component_id, page_key):
    dossier, component = _draft_and_form(request, dossier_id, component_id)
    if dossier.state != State.DRAFT:
        return _not_a_draft(dossier, request if request.method == "POST" else None)
    page = _page_of(component, page_key)
    row = DeclarationAnswers.objects.filter(dossier=dossier, component=component).first()
    if request.method == "GET":
        errors = []
        if row and request.GET.get("kiem-tra"):
            errors = errors_on_page(
                component.form, validate_answers(component.form, row.answers)[1], page_key
            )
        context = _page_context(dossier, component, row, page, errors=errors)
        return render(request, "dossiers/apply/declaration.html", context)

    action = request.POST.get("action", "next")
    answers = answers_from_post(component.form, page_key, request.POST)
    extra_rows = None
    if action.startswith("remove:"):
        _verb, group, index = (action.split(":") + ["", ""])[:3]
        rows = answers.get(group)
        if isinstance(rows, list) and (_int(index) or 0) < len(rows):
            rows.pop(_int(index) or 0)
    elif action.startswith("add:"):
        extra_rows = {action.split(":", 1)[1]: 1}
    try:
        row, errors = services.declaration_save(
            dossier_id=dossier.pk,
            actor=request.user,
            component_id=component.pk,
            answers=answers,
            page=page_key,
        )
    except NotFound:
        raise Http404 from None
    except BadInput as error:
        messages.error(request, str(error.message))
        return redirect("dossiers:declaration", dossier.pk, component.pk, page_key)
    except DossierError as error:
        latest = _own(request, dossier.pk)
        if latest.state != State.DRAFT:
            return _not_a_draft(latest, request)
        messages.error(request, str(error.message))
        return redirect("dossiers:declaration", dossier.pk, component.pk, page_key)
    here = errors_on_page(component.form, errors, page_key)
    if action in ("next", "finish") and here:
        context = _page_context(dossier, component, row, page, errors=here)
        return render(request, "dossiers/apply/declaration.html", context, status=400)
    if action in ("next", "back"):
        pages = component.form["pages"]
        index = next(i for i, p in enumerate(pages) if p["key"] == page_key)
        target = index + (1 if action == "next" else -1)
        if 0 <= target < len(pages):
            return redirect("dossiers:declaration", dossier.pk, component.pk, pages[target]["key"])
        if target < 0:
            return redirect(reverse("dossiers:draft", args=[dossier.pk]) + "#to-khai")
        if row.complete:
            messages.success(request, _("Đã lưu tờ khai: đã kê khai đủ."))
        else:
            messages.warning(
                request,
                _("Đã lưu tờ khai, nhưng còn mục chưa đúng hoặc chưa điền ở trang khác."),
            )
        return redirect(reverse("dossiers:draft", args=[dossier.pk]) + "#to-khai")
    # add, remove, refresh: the same page again, with what was typed
    context = _page_context(dossier, component, row, page, extra_rows=extra_rows)
    return render(request, "dossiers/apply/declaration.html", context)


urlpatterns = [
    path(
        "ho-so/nhap/<uuid:dossier_id>/to-khai/<int:component_id>/",
        start,
        name="declaration_start",
    ),
    path(
        "ho-so/nhap/<uuid:dossier_id>/to-khai/<int:component_id>/<slug:page_key>/",
        page_view,
        name="declaration",
    ),
]
