"""Reads of dossiers, each with its joins decided once, so no list or page grows an N+1.

Who sees what:
- the list (`dossier_list_for`) is a person's queues: applicants their own dossiers; staff
  those of the receiving units where they are desk officer or head of unit, and those of the
  processing units and competent agencies where they are specialist, head of unit or leader
  (a user with several roles sees the union). Applicants' unsent drafts stay out of staff
  queues; drafts opened at the desk for walk-ins (no applicant account) are in them.
- one dossier (`dossier_detail_for` and the reads below it) follows `permissions.can_view`,
  the same rule for one dossier, which the services apply before any change, so a read and
  an action on the same dossier answer 404 alike.
"""

import datetime
import uuid

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from procedures.models import Agency, Procedure

from . import permissions as perms
from .models import DeclarationAnswers, Dossier, DossierEvent, DossierFile, sweep_flag_q
from .states import CLOCK_RUNNING, State

DESK_ROLES = perms.DESK_ROLES
PROCESSING_ROLES = perms.PROCESSING_ROLES

LIST_RELATED = (
    "procedure",
    "version",
    "receiving_unit",
    "competent_agency",
    "processing_unit",
    "assignee",
)


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _may_view(dossier, user) -> bool:
    return bool(getattr(user, "is_active", False) and perms.can_view(dossier, user))


def overdue_q(now=None) -> Q:
    """Overdue dossiers as a condition: the same rule as `Dossier.is_overdue`."""
    return Q(state__in=list(CLOCK_RUNNING), due_at__lt=now or timezone.now())


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


AGENCY_COLUMNS = ("receiving_unit_id", "competent_agency_id", "processing_unit_id")


def _branches(user) -> list[tuple[str, int, bool]]:
    """(column, value, as staff) of each branch of `visible_branches`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    held = perms.memberships(user)
    desk = sorted({agency for agency, role in held if role in DESK_ROLES})
    processing = sorted({agency for agency, role in held if role in PROCESSING_ROLES})
    branches = [("applicant_id", user.pk, False)]
    branches += [("receiving_unit_id", agency, True) for agency in desk]
    for agency in processing:
        branches += [("processing_unit_id", agency, True), ("competent_agency_id", agency, True)]
    return branches


def _branch_q(column, value, staff) -> Q:
    condition = Q(**{column: value})
    return condition & ~Q(state=State.DRAFT, applicant__isnull=False) if staff else condition


def visible_branches(user) -> list[Q]:
    """The dossiers in `user`'s queues as simple conditions, one per index that serves it
    (their union is `visible_to`): their own as applicant; per agency where they work, the
    dossiers it receives (desk roles), or processes or decides (processing roles) — an
    applicant's draft never. Nothing for anonymous users."""
    return [_branch_q(*branch) for branch in _branches(user)]


def visible_to(user) -> Q:
    """The dossiers in `user`'s queues, as one condition (nothing for anonymous users)."""
    condition = Q(pk__in=[])
    for branch in visible_branches(user):
        condition |= branch
    return condition


def dossier_list_for(user, **filters) -> QuerySet:
    """The dossiers `user` may list, filtered (`filtered`), newest first, with what a list item
    shows."""
    dossiers = filtered(Dossier.objects.filter(visible_to(user)), **filters)
    return dossiers.select_related(*LIST_RELATED).order_by(*NEWEST_FIRST)


NEWEST_FIRST = ("-created_at", "-id")


def filtered(
    dossiers: QuerySet,
    *,
    states=(),
    procedure: str = "",
    agency: str = "",
    code: str = "",
    due_before: datetime.date | None = None,
    overdue: bool | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    flags=(),
) -> QuerySet:
    """`dossiers` with the list's filters.

    `agency` matches the receiving unit, the competent agency or the processing unit;
    `code` is a dossier code or its beginning; `due_before` and the `received_*` bounds are
    local dates, both ends included; `overdue` is `Dossier.is_overdue` (past due while the
    clock runs); `flags` keeps the dossiers carrying any of the deadline sweep's stored flags
    (`models.SWEEP_FLAGS`).
    """
    if flags:
        wanted = Q()
        for flag in flags:
            wanted |= sweep_flag_q(flag)
        dossiers = dossiers.filter(wanted)
    if states:
        dossiers = dossiers.filter(state__in=list(states))
    # Codes become ids first (one small query each), not joins: the planner then knows the
    # value and the queue's index stays the way in; an unknown code finds nothing at once.
    if procedure:
        procedure_id = _id_of(Procedure, procedure)
        dossiers = dossiers.filter(procedure_id=procedure_id) if procedure_id else dossiers.none()
    if agency:
        agency_id = _id_of(Agency, agency)
        if agency_id is None:
            return dossiers.none()
        dossiers = dossiers.filter(
            Q(receiving_unit_id=agency_id)
            | Q(competent_agency_id=agency_id)
            | Q(processing_unit_id=agency_id)
        )
    if code:
        dossiers = dossiers.filter(code__startswith=code)
    if due_before is not None:
        dossiers = dossiers.filter(due_at__lt=_local_midnight(due_before + datetime.timedelta(1)))
    if overdue is not None:
        late = overdue_q()
        dossiers = dossiers.filter(late) if overdue else dossiers.exclude(late)
    if received_from is not None:
        dossiers = dossiers.filter(received_at__gte=_local_midnight(received_from))
    if received_to is not None:
        dossiers = dossiers.filter(
            received_at__lt=_local_midnight(received_to + datetime.timedelta(1))
        )
    return dossiers


def search_q(query: str) -> Q:
    """The officers' queue search: the code, the applicant's name (accents forgiven), identity
    number, the procedure's code or name, and the key answers of its online declarations
    (names, numbers, dates as day/month/year)."""
    name = "applicant_name__unaccent__icontains"  # UNACCENT on SQLite too (procedures.apps)
    version = "version__name__unaccent__icontains"
    declared = DeclarationAnswers.objects.filter(
        dossier=OuterRef("pk"), search_text__unaccent__icontains=query
    )
    return (
        Q(code__icontains=query)
        | Q(**{name: query})
        | Q(applicant_id_number__startswith=query)
        | Q(procedure__code__startswith=query)
        | Q(**{version: query})
        | Q(Exists(declared))
    )


def _narrowed(branches, agency_id) -> list[Q]:
    """The branches with the `agency` filter (the agency received, decides or processes the
    dossier) folded into each: a branch of that very agency stays whole; any other becomes one
    branch per agency column, two equalities each (the planner combines their indexes rather
    than walking the whole branch for a few rows)."""
    narrowed = []
    for column, value, staff in branches:
        if column in AGENCY_COLUMNS and value == agency_id:
            narrowed.append(_branch_q(column, value, staff))
            continue
        for other in AGENCY_COLUMNS:
            if other != column:
                narrowed.append(_branch_q(column, value, staff) & Q(**{other: agency_id}))
    return narrowed


def _id_of(model, code: str):
    return model.objects.filter(code=code).values_list("pk", flat=True).first()


def queue_keys(user, *, position=None, backwards=False, limit: int, **filters) -> list[tuple]:
    """(created_at, id) of up to `limit` dossiers of `user`'s queues with the list's filters,
    newest first: those after `position` (a (created_at, id) pair), or, `backwards`, those just
    before it (still newest first).

    Each branch of `visible_branches` is read on its own index (agency, created_at, id) and
    only its first `limit` rows: the cost follows the page size, not the size of the table or
    of the agency's history. One UNION query on PostgreSQL; one query per branch elsewhere
    (SQLite cannot order and slice inside a UNION)."""
    order = ("created_at", "id") if backwards else NEWEST_FIRST
    agency = filters.pop("agency", "")
    base = filtered(Dossier.objects.all(), **filters)
    if position is not None:
        at, pk = position
        if backwards:
            base = base.filter(
                Q(created_at__gt=at) | Q(created_at=at, id__gt=pk), created_at__gte=at
            )
        else:
            base = base.filter(
                Q(created_at__lt=at) | Q(created_at=at, id__lt=pk), created_at__lte=at
            )
    branches = [_branch_q(*branch) for branch in _branches(user)]
    if agency:
        agency_id = _id_of(Agency, agency)
        if agency_id is None:
            return []
        branches = _narrowed(_branches(user), agency_id)
    if base.query.is_empty():  # an unknown code in the filters
        return []
    parts = [
        base.filter(branch).order_by(*order).values_list("created_at", "id")[:limit]
        for branch in branches
    ]
    if not parts:
        return []
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        rows = list(parts[0].union(*parts[1:]).order_by(*order)[:limit])
    else:
        rows = sorted({row for part in parts for row in part}, reverse=not backwards)[:limit]
    return rows[::-1] if backwards else rows


def dossier_detail_for(user, dossier_id) -> Dossier | None:
    """The whole dossier, with its files and results, if `user` may see it; else None."""
    pk = _as_uuid(dossier_id)
    if pk is None:
        return None
    dossier = (
        Dossier.objects.select_related(*LIST_RELATED)
        .prefetch_related(
            Prefetch("files", queryset=DossierFile.objects.select_related("component")),
            "results",
        )
        .filter(pk=pk)
        .first()
    )
    if dossier is None or not _may_view(dossier, user):
        return None
    return dossier


def _viewable(user, dossier_id) -> Dossier | None:
    """The bare dossier row if `user` may see it (what `can_view` needs and nothing more)."""
    pk = _as_uuid(dossier_id)
    if pk is None:
        return None
    dossier = Dossier.objects.filter(pk=pk).first()
    if dossier is None or not _may_view(dossier, user):
        return None
    return dossier


def dossier_events_for(user, dossier_id) -> list[DossierEvent] | None:
    """The timeline (control slip) of a dossier `user` may see, oldest first; else None."""
    dossier = _viewable(user, dossier_id)
    if dossier is None:
        return None
    return list(
        DossierEvent.objects.filter(dossier=dossier)
        .select_related("actor_agency")
        .prefetch_related("files")
        .order_by("at", "id")
    )


def dossier_file_for(user, dossier_id, file_id) -> DossierFile | None:
    """One file of a dossier `user` may see; else None."""
    pk = _as_uuid(file_id)
    dossier = _viewable(user, dossier_id)
    if dossier is None or pk is None:
        return None
    return DossierFile.objects.filter(dossier=dossier, pk=pk).first()


def has_client_token(user, token) -> bool:
    """Whether `user` has already made a dossier with this client token."""
    return Dossier.objects.filter(created_by=user, client_token=token).exists()


# What a list item shows (dossiers.api's DossierListItemSerializer), as columns: the
# dossier's own, its procedure's and version's; agencies and people come by id in a query of
# their own (a join of six tables cost the planner more than the three small queries).
LIST_VALUES = (
    "id code state channel applicant_name created_at sent_at official_reception_at received_at "
    "due_at due_flag step_flag stuck apology_window procedure__code version__name "
    "version__number receiving_unit_id competent_agency_id processing_unit_id assignee_id"
).split()
LIST_AGENCIES = ("receiving_unit", "competent_agency", "processing_unit")


def list_rows(ids) -> list[dict]:
    """What a list item shows of the dossiers of these ids (a page chosen by `queue_keys`), in
    the same order, as plain rows (`LIST_VALUES`, with each agency as {code, name} and the
    assignee's name): no model instances to build for a page. Two or three queries."""
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806 - a model class
    found = {row["id"]: row for row in Dossier.objects.filter(pk__in=ids).values(*LIST_VALUES)}
    rows = [found[pk] for pk in ids if pk in found]
    agency_ids = {row[f"{name}_id"] for row in rows for name in LIST_AGENCIES} - {None}
    agencies = {
        pk: {"code": code, "name": name}
        for pk, code, name in Agency.objects.filter(pk__in=agency_ids).values_list(
            "pk", "code", "name"
        )
    }
    people = {row["assignee_id"] for row in rows} - {None}
    names = (
        {
            pk: User.name_of(*columns)
            for pk, *columns in User.objects.filter(pk__in=people).values_list(
                "pk", "full_name", "first_name", "last_name", "username"
            )
        }
        if people
        else {}
    )
    for row in rows:
        for name in LIST_AGENCIES:
            row[name] = agencies.get(row[f"{name}_id"])
        row["assignee_name"] = names.get(row["assignee_id"], "")
    return rows


# ---- Where a dossier may go, and to whom ---------------------------------------------------------


def processing_units(dossier) -> list:
    """The units a dossier may be handed to: its competent agency and the agency's open units
    that process (a service centre under it receives, it does not process), by code. The
    transfer service applies the same rule."""
    from procedures.models import Agency

    top = dossier.competent_agency
    children = Agency.objects.filter(parent=top, closed_on=None, has_desk=False)
    return [top, *children.order_by("code")]


def specialists_of(units) -> list:
    """The active specialists of `units`, by name: who a dossier may be assigned to."""
    from django.contrib.auth import get_user_model

    from procedures.models import Role

    return list(
        get_user_model()
        .objects.filter(
            is_active=True, memberships__agency__in=units, memberships__role=Role.SPECIALIST
        )
        .distinct()
        .order_by("full_name", "username")
    )


def person_choices(users) -> list[tuple[str, str]]:
    """(id, name) choices of a select, the name else the username."""
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in users]
