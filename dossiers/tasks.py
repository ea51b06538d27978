"""Celery tasks of the dossiers app: ids in, re-read, idempotent, enqueued after commit."""

from celery import shared_task

from .effects import runner


@shared_task(name="dossiers.run_effects", ignore_result=True)
def run_effects() -> dict:
    """Run the jobs that follow events and are due (slips, results into the store)."""
    return runner.run_effects()


@shared_task(name="dossiers.sweep_deadlines", ignore_result=True)
def sweep_deadlines() -> dict:
    """Flag due-soon, late and stuck dossiers and tell their staff, once per crossing."""
    from .services.sweep import deadlines_sweep

    return deadlines_sweep()


@shared_task(name="dossiers.leaders_digest", ignore_result=True)
def leaders_digest() -> int:
    """The leaders' morning digest on working days."""
    from .services.sweep import leaders_digest as digest

    return digest()


@shared_task(
    name="dossiers.tasks.store_results",
    autoretry_for=(OSError,),  # storage unreachable for a moment
    retry_backoff=True,
    max_retries=5,
)
def store_results(dossier_id: str) -> list[str]:
    """Keep the results of a returned dossier in the applicant's personal document store.
    Running it again changes nothing. Returns the result codes stored."""
    from . import results

    return [document.result_code for document in results.store_results_of(dossier_id)]
