"""Reads of consultations, with their joins decided once.

Who sees a consultation (`services.may_see`): the processing staff (specialist, head of unit,
leader) of the consulted agency, and those of the dossier (`services.processes`). The
applicant and the desk do not see consultations: they are working papers between agencies.
The consulted agency sees the consultation, the dossier's code, procedure and applicant's
name, and the files shared with it; never the rest of the dossier.

The lists (`consultations_for`): "to" those addressed to the agencies where the user holds a
processing role; "from" those asked about dossiers the user processes (as a specialist, head
or leader of its processing unit or competent agency). Open ones first, the nearest due time
first; then the others, the latest first. One query for the rows whatever their number.
"""

import uuid

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from ..models import DossierFile
from .models import Consultation, ConsultationState
from .services import consulted_agency_ids, may_see, processes

RELATED = (
    "dossier",
    "dossier__procedure",
    "dossier__version",
    "from_agency",
    "to_agency",
    "asked_by",
    "answered_by",
    "cancelled_by",
    "answer_file",
)


def _as_int(value) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def processing_agency_ids(user) -> set[int]:
    return consulted_agency_ids(user)


def _ordered(consultations: QuerySet) -> QuerySet:
    open_first = Case(
        When(state=ConsultationState.OPEN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    open_due = Case(When(state=ConsultationState.OPEN, then=F("due_at")))
    return consultations.annotate(_closed=open_first).order_by(
        "_closed", open_due.asc(nulls_last=True), "-asked_at", "-id"
    )


def consultations_for(user, *, direction: str = "to", state: str = "", dossier_id=None) -> QuerySet:
    """The consultations addressed to (`to`) or asked by (`from`) the user's agencies."""
    agencies = processing_agency_ids(user) if getattr(user, "is_active", False) else set()
    if not agencies:
        return Consultation.objects.none()
    if direction == "from":
        found = Consultation.objects.filter(
            Q(from_agency_id__in=agencies)
            | Q(dossier__processing_unit_id__in=agencies)
            | Q(dossier__competent_agency_id__in=agencies)
        )
    elif direction == "all":
        found = Consultation.objects.filter(
            Q(to_agency_id__in=agencies)
            | Q(from_agency_id__in=agencies)
            | Q(dossier__processing_unit_id__in=agencies)
            | Q(dossier__competent_agency_id__in=agencies)
        )
    else:
        found = Consultation.objects.filter(to_agency_id__in=agencies)
    if state:
        found = found.filter(state=state)
    if dossier_id is not None:
        found = found.filter(dossier_id=dossier_id)
    return _ordered(found.select_related(*RELATED))


def consultations_of_dossier(dossier) -> list[Consultation]:
    """Every consultation of a dossier the caller may see (checked by the caller), with its
    files, in the order asked."""
    return list(
        Consultation.objects.filter(dossier=dossier)
        .select_related(*RELATED)
        .prefetch_related("files")
        .order_by("asked_at", "id")
    )


def consultation_for(user, consultation_id) -> Consultation | None:
    """One consultation with its files if `user` may see it; else None."""
    pk = _as_int(consultation_id)
    if pk is None:
        return None
    consultation = (
        Consultation.objects.select_related(*RELATED, "dossier__receiving_unit")
        .prefetch_related("files")
        .filter(pk=pk)
        .first()
    )
    if consultation is None or not may_see(consultation, user):
        return None
    return consultation


def consultation_file_for(user, consultation_id, file_id) -> DossierFile | None:
    """A file shared with a consultation `user` may see; else None."""
    consultation = consultation_for(user, consultation_id)
    try:
        pk = uuid.UUID(str(file_id))
    except ValueError:
        return None
    if consultation is None:
        return None
    return consultation.files.filter(pk=pk).first()


def is_staff_of_dossier(dossier, user) -> bool:
    """A specialist, head of unit or leader of the dossier (not its desk, not its applicant)."""
    return processes(dossier, user)
