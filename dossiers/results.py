"""Results into the applicant's personal document store once the dossier is returned.

When a dossier is returned (at the desk, by post or online: in every case the result is then
the applicant's), each of its results `<dossier code>-KQ<n>` is kept in the applicant's store
(`citizens.documents`), with the result file when there is one. It runs after the commit as
a job of `dossiers.effects` (written with the return event, so never lost), re-reads the
dossier and is idempotent.
A walk-in applicant without an account has no store: nothing is done.
"""

import logging
import uuid

from django.utils.translation import gettext as _

from citizens.documents import document_store_result

from .models import Dossier, Outcome
from .states import State

log = logging.getLogger(__name__)


def store_results_of(dossier_id) -> list:
    """Keep the results of a returned dossier in its applicant's store; the stored documents
    (already there or new). Does nothing for a dossier not returned or without an account."""
    try:
        dossier_id = uuid.UUID(str(dossier_id))
    except ValueError:
        return []
    dossier = (
        Dossier.objects.select_related("competent_agency", "version")
        .filter(pk=dossier_id, state=State.RETURNED, applicant__isnull=False)
        .first()
    )
    if dossier is None:
        return []
    stored = []
    for result in dossier.results.select_related("file").order_by("number"):
        content, name = _content(result)
        stored.append(
            document_store_result(
                owner_id=dossier.applicant_id,
                result_code=result.code,
                title=_title(dossier, result),
                issuer=dossier.competent_agency.name,
                issued_at=result.issued_at,
                content=content,
                name=name,
            )
        )
    return stored


def _title(dossier, result) -> str:
    if result.outcome == Outcome.DENIED:
        return _("Văn bản trả lời: %(name)s") % {"name": dossier.version.name}
    return _("Kết quả: %(name)s") % {"name": dossier.version.name}


def _content(result) -> tuple[bytes | None, str]:
    if result.file is None:
        return None, ""
    try:
        with result.file.file.open("rb") as handle:
            return handle.read(), result.file.original_name
    except FileNotFoundError:
        log.warning("result file of %s is missing from storage", result.code)
        return None, result.file.original_name
