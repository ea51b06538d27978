"""Reading the applicants' ratings (regulations.md §6.1): a dossier's rating, and the
satisfaction summary per agency and officer. Rating is a service:
`dossiers.services.dossier_rate`."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from . import permissions as perms
from .errors import NotFound
from .models import Dossier, DossierRating, RatingCriterion, Satisfaction

COMMENT_MAX = 2000
CRITERIA = tuple(RatingCriterion.values)


def rating_for(user, dossier_id) -> DossierRating | None:
    """The rating of a dossier `user` may see (its applicant or its staff), or None while it
    has none; NotFound if the dossier is absent or not visible to `user`."""
    try:
        dossier = Dossier.objects.get(pk=_as_uuid(dossier_id))
    except (Dossier.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound() from error
    if not perms.can_view(dossier, user):
        raise NotFound()
    return (
        DossierRating.objects.filter(dossier=dossier)
        .select_related("dossier", "receiving_unit", "competent_agency", "processing_unit")
        .prefetch_related("officers")
        .first()
    )


def ratings_summary(
    *,
    agency_id=None,
    officer_id=None,
    since: datetime.date | datetime.datetime | None = None,
    until: datetime.date | datetime.datetime | None = None,
) -> dict:
    """Counts and satisfaction rates of the ratings made in [since, until] (dates are local
    days, `until` included), for an agency (as receiving unit, competent agency or processing
    unit) and/or an officer who acted on the dossier.

    {"total", "satisfied", "not_satisfied", "satisfaction_rate" (percent, None if no rating),
     "criteria": {criterion: {"satisfied", "not_satisfied", "satisfaction_rate"}}}
    """
    ratings = DossierRating.objects.all()
    if agency_id is not None:
        ratings = ratings.filter(
            Q(receiving_unit_id=agency_id)
            | Q(competent_agency_id=agency_id)
            | Q(processing_unit_id=agency_id)
        )
    if officer_id is not None:
        ratings = ratings.filter(officers__id=officer_id)
    if since is not None:
        ratings = ratings.filter(created_at__gte=_moment(since))
    if until is not None:
        if isinstance(until, datetime.datetime):
            ratings = ratings.filter(created_at__lte=until)
        else:
            ratings = ratings.filter(created_at__lt=_moment(until + datetime.timedelta(days=1)))
    satisfied = Satisfaction.SATISFIED
    counts = {"total": Count("pk", distinct=True)}
    for field in ("overall", *CRITERIA):
        counts[field] = Count("pk", filter=Q(**{field: satisfied}), distinct=True)
    row = ratings.aggregate(**counts)
    total = row["total"]
    return {
        "total": total,
        **_split(row["overall"], total),
        "criteria": {field: _split(row[field], total) for field in CRITERIA},
    }


# ---- Helpers -------------------------------------------------------------------------------


def _as_uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _moment(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def _split(satisfied, total) -> dict:
    return {
        "satisfied": satisfied,
        "not_satisfied": total - satisfied,
        "satisfaction_rate": round(100 * satisfied / total, 1) if total else None,
    }
