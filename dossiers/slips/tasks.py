"""Celery tasks of the slips: ids in, re-read, idempotent, enqueued after the commit."""

from celery import shared_task


@shared_task(
    name="dossiers.slips.render_slip",
    autoretry_for=(OSError,),  # storage unreachable for a moment
    retry_backoff=True,
    max_retries=5,
)
def render_slip(dossier_id: str, form: str, event_id: int | None = None) -> str | None:
    """Render the slip of `form` for the event and keep it with the dossier. Running it again
    replaces the same row and file. Returns the PDF's SHA-256, or None when there is nothing
    to render (no such dossier or event)."""
    from .store import slip_render

    slip = slip_render(dossier_id=dossier_id, form=form, event_id=event_id)
    return slip.sha256 if slip else None
