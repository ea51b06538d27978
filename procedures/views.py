"""Public pages of the procedure catalog: list with search and filters, detail, templates."""

import posixpath

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from common.paging import FreshRowsPaginator

from . import kept, page_queries, selectors
from .forms import ProcedureFilterForm

PAGE_SIZE = 20


@require_GET
def procedure_list(request):
    """Search and filter; a page number past the end shows the last page."""
    form = ProcedureFilterForm(request.GET)
    procedures = page_queries.procedure_page_list(**form.filters())
    paginator = FreshRowsPaginator(procedures, PAGE_SIZE)
    page_obj = paginator.get_page(form.page_number())
    page_range = paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
    return render(
        request,
        "procedures/procedure_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "page_range": list(page_range),
            "is_filtered": form.is_filtered(),
            "english": selectors.english_interface(),
        },
    )


@require_GET
def procedure_detail(request, code):
    """The version in force, read in full only when its part of the page is not kept yet
    (`kept`: by version and language)."""
    heading = selectors.procedure_heading(code=code)
    if heading is None:
        raise Http404
    full = SimpleLazyObject(lambda: selectors.procedure_detail(code=code))
    version = SimpleLazyObject(lambda: full.current_version)
    return render(
        request,
        "procedures/procedure_detail.html",
        {
            "heading": heading.current_version,
            "procedure": heading,
            "version": version,
            "desks": SimpleLazyObject(
                lambda: [a for a in version.implementing_agencies.all() if a.has_desk]
            ),
            "channels": SimpleLazyObject(
                lambda: page_queries.channel_overview(version.channels.all())
            ),
            "english": selectors.english_interface(),
            "page_seconds": settings.PORTAL_PROCEDURE_PAGE_SECONDS,
            "page_namespace": kept.NAMESPACE,
        },
    )


@require_GET
def component_template(request, code, component_id):
    """The template file (mẫu đơn, tờ khai) of a component of the version in force."""
    component = page_queries.current_component(code=code, component_id=component_id)
    if component is None or not component.template:
        raise Http404
    storage = component.template.storage
    try:
        handle = storage.open(component.template.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = posixpath.basename(component.template.name)
    return FileResponse(handle, as_attachment=True, filename=filename)
