"""The applicant's rating of the service, once per dossier after its result is returned
(regulations.md §6.1).

`dossier_rate` follows the services' pattern: one transaction, the dossier row locked, the
checks in the order the API answers them (404 not visible, 403 not the applicant, 409 not
returned or already rated, 400 bad input). The agencies and the officers who acted on the
dossier (staff actors of its events) are copied onto the rating for the statistics.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions as perms
from ..errors import BadInput, Conflict, NotAllowed, NotFound
from ..models import DossierEvent, DossierRating, RatingCriterion, Satisfaction
from ..states import State
from ._core import _locked

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
