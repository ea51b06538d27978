"""Reads of the catalog, with their joins decided once."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import get_language

from .models import Agency, Channel, Field, Level, Procedure, ProcedureVersion
from .search import search_procedures

LEVEL_FLAGS = {
    Level.CENTRAL: "current_version__at_central",
    Level.PROVINCE: "current_version__at_province",
    Level.DISTRICT: "current_version__at_district",
    Level.COMMUNE: "current_version__at_commune",
}


def english_interface() -> bool:
    """The page or API call is answered in English (its catalog search then also reads the
    English names)."""
    return (get_language() or "").startswith("en")


def procedure_list(
    *,
    search: str = "",
    field: str = "",
    agency: str = "",
    level: str = "",
    online_level: str = "",
) -> QuerySet:
    """Procedures with a version in force, filtered; ranked when searched, else by code.

    `field` is a field code, `agency` an agency code, `level` a Level, `online_level` an
    OnlineLevel. Unknown values simply match nothing.
    """
    qs = Procedure.objects.filter(current_version__isnull=False).select_related(
        "current_version", "current_version__field"
    )
    if field:
        qs = qs.filter(current_version__field__code=field)
    if agency:
        qs = qs.filter(current_version__implementing_agencies__code=agency)
    if level:
        flag = LEVEL_FLAGS.get(level)
        qs = qs.filter(**{flag: True}) if flag else qs.none()
    if online_level:
        qs = qs.filter(current_version__online_level=online_level)
    if agency:
        qs = qs.distinct()
    if search:
        return search_procedures(qs, search, english=english_interface())
    return qs.order_by("current_version__field__sort_order", "code")


def procedure_heading(*, code: str) -> Procedure | None:
    """A procedure in force with its current version and field (one query), or None."""
    return (
        Procedure.objects.filter(code=code, current_version__isnull=False)
        .select_related("current_version__field")
        .first()
    )


def procedure_detail(*, code: str) -> Procedure | None:
    """A procedure with everything its page shows, or None."""
    version_parts = ProcedureVersion.objects.select_related("field").prefetch_related(
        "components",
        "process_steps",
        Prefetch("channels", queryset=Channel.objects.prefetch_related("fees")),
        Prefetch("implementing_agencies", queryset=Agency.objects.order_by("name")),
    )
    return (
        Procedure.objects.filter(code=code, current_version__isnull=False)
        .prefetch_related(Prefetch("current_version", queryset=version_parts))
        .first()
    )


def field_list() -> QuerySet:
    return Field.objects.all()


def fields_with_counts() -> list[Field]:
    """Fields that have procedures in force, each with `procedure_count`. Two queries."""
    counts = dict(
        Procedure.objects.filter(current_version__isnull=False)
        .values_list("current_version__field")
        .annotate(n=Count("pk"))
        .order_by()
    )
    fields = [f for f in Field.objects.all() if counts.get(f.pk)]
    for f in fields:
        f.procedure_count = counts[f.pk]
    return fields


def agency_list(*, search: str = "", level: str = "", has_desk: bool | None = None) -> QuerySet:
    qs = Agency.objects.select_related("parent", "successor")
    if search:
        from django.db import connection

        if connection.vendor == "postgresql":
            qs = qs.filter(Q(name__unaccent__icontains=search) | Q(code__iexact=search))
        else:
            qs = qs.filter(Q(name__icontains=search) | Q(code__iexact=search))
    if level:
        qs = qs.filter(level=level)
    if has_desk is not None:
        qs = qs.filter(has_desk=has_desk)
    return qs.order_by("code")
