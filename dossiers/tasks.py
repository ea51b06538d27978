"""Celery tasks of the dossiers app: ids in, re-read, idempotent, enqueued after commit."""

from celery import shared_task

from . import notify, results  # noqa: F401 (notify's tasks register on import)
from .slips import tasks as slip_tasks  # noqa: F401 (registered on import)


@shared_task(
    name="dossiers.tasks.store_results",
    autoretry_for=(OSError,),  # storage unreachable for a moment
    retry_backoff=True,
    max_retries=5,
)
def store_results(dossier_id: str) -> list[str]:
    """Keep the results of a returned dossier in the applicant's personal document store.
    Running it again changes nothing. Returns the result codes stored."""
    return [document.result_code for document in results.store_results_of(dossier_id)]
