"""Celery tasks of the notifications: the dispatcher, after each commit and every minute."""

from celery import shared_task

from . import dispatch as dispatcher


@shared_task(name="notifications.dispatch", ignore_result=True)
def dispatch() -> dict:
    """Send the deliveries that are due (idempotent: claimed rows are sent once)."""
    return dispatcher.dispatch()
