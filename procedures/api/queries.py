"""Reads the API needs beyond procedures/selectors.py, built on the selectors where they exist.

Each function decides its joins once, so every list runs a fixed number of queries whatever
the page size.
"""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from procedures import selectors
from procedures.models import Agency, Procedure, ProcedureVersion


def procedure_current_version(*, code: str) -> ProcedureVersion | None:
    """The version in force of the procedure `code`, with all its parts, or None.

    The version comes back with its procedure attached, so `version.procedure.code` (used
    for links) costs no query.
    """
    procedure = selectors.procedure_detail(code=code)
    if procedure is None:
        return None
    version = procedure.current_version
    version.procedure = procedure
    return version


def agency_list(*, search: str = "", level: str = "", has_desk: bool | None = None) -> QuerySet:
    """`selectors.agency_list`, which joins the parent and successor the API shows."""
    return selectors.agency_list(search=search, level=level, has_desk=has_desk)


def agency_detail(*, code: str) -> Agency | None:
    return Agency.objects.select_related("parent", "successor").filter(code=code).first()


def field_list_with_counts() -> QuerySet:
    """Every field, each with `procedure_count`: its procedures in force. One query a page."""
    in_force = (
        Procedure.objects.filter(current_version__field=OuterRef("pk"))
        .order_by()
        .values("current_version__field")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        selectors.field_list()
        .annotate(procedure_count=Coalesce(Subquery(in_force, output_field=IntegerField()), 0))
        .order_by("sort_order", "name", "pk")
    )
