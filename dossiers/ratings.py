"""The applicant's rating of the service, once per dossier after its result is returned
(regulations.md §6.1), and the satisfaction summary per agency and officer.

`dossier_rate` follows the services' pattern: one transaction, the dossier row locked, the
checks in the order the API answers them (404 not visible, 403 not the applicant, 409 not
returned or already rated, 400 bad input). The agencies and the officers who acted on the
dossier (staff actors of its events) are copied onto the rating for the statistics.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions as perms
from .errors import BadInput, Conflict, NotAllowed, NotFound
from .models import Dossier, DossierEvent, DossierRating, RatingCriterion, Satisfaction
from .states import State

COMMENT_MAX = 2000
CRITERIA = tuple(RatingCriterion.values)


@transaction.atomic
def dossier_rate(
    *, dossier_id, actor, overall: str, criteria: dict, comment: str = ""
) -> DossierRating:
    """The applicant rates how their returned dossier was handled: overall and per criterion
    (satisfied or not), with an optional comment. Only once."""
    now = timezone.now()
    dossier = _locked(dossier_id)
    if not perms.can_view(dossier, actor):
        raise NotFound()
    if dossier.applicant_id is None or dossier.applicant_id != actor.pk:
        raise NotAllowed(_("Chỉ người nộp hồ sơ được đánh giá mức độ hài lòng."))
    if dossier.state != State.RETURNED:
        raise Conflict(_("Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ."))
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise Conflict(_("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."))
    values = _validated(overall, criteria, comment)
    rating = DossierRating.objects.create(
        dossier=dossier,
        rated_by=actor,
        created_at=now,
        receiving_unit_id=dossier.receiving_unit_id,
        competent_agency_id=dossier.competent_agency_id,
        processing_unit_id=dossier.processing_unit_id,
        **values,
    )
    rating.officers.set(_officer_ids(dossier))
    return rating


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


def _locked(dossier_id) -> Dossier:
    try:
        return Dossier.objects.select_for_update(of=("self",)).get(pk=_as_uuid(dossier_id))
    except (Dossier.DoesNotExist, ValidationError, ValueError, TypeError) as error:
        raise NotFound() from error


def _as_uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _validated(overall, criteria, comment) -> dict:
    errors = {}
    choices = Satisfaction.values
    invalid = _("Chọn “%(yes)s” hoặc “%(no)s”.") % {
        "yes": Satisfaction.SATISFIED.label,
        "no": Satisfaction.NOT_SATISFIED.label,
    }
    if overall not in choices:
        errors["overall"] = [invalid]
    if not isinstance(criteria, dict):
        errors["criteria"] = [_("Cần đánh giá từng tiêu chí.")]
        criteria = {}
    unknown = sorted(str(key) for key in criteria if key not in CRITERIA)
    if unknown:
        errors.setdefault("criteria", []).append(
            _("Tiêu chí không có: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    values = {"overall": overall}
    for key in CRITERIA:
        value = criteria.get(key)
        if value is None:
            errors.setdefault("criteria", []).append(
                _("Chưa đánh giá tiêu chí “%(name)s”.") % {"name": RatingCriterion(key).label}
            )
        elif value not in choices:
            errors.setdefault("criteria", []).append(f"{RatingCriterion(key).label}: {invalid}")
        values[key] = value
    comment = (comment or "").strip() if isinstance(comment, str) else None
    if comment is None:
        errors["comment"] = [_("Góp ý phải là văn bản.")]
    elif len(comment) > COMMENT_MAX:
        errors["comment"] = [_("Góp ý tối đa %(n)s ký tự.") % {"n": COMMENT_MAX}]
    if errors:
        raise BadInput(fields=errors)
    values["comment"] = comment
    return values


def _officer_ids(dossier) -> list[int]:
    """The staff who acted on the dossier: actors of its events acting for one of its
    agencies (the applicant's own events have no agency)."""
    return list(
        DossierEvent.objects.filter(
            dossier=dossier, actor__isnull=False, actor_agency__isnull=False
        )
        .exclude(actor_id=dossier.applicant_id)
        .values_list("actor_id", flat=True)
        .distinct()
        .order_by()
    )


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
