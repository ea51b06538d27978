from celery import shared_task

from . import services


@shared_task(name="procedures.tasks.refresh_current_versions")
def refresh_current_versions() -> int:
    """Versions take effect at midnight local time: point each procedure at its current one."""
    return services.procedures_refresh_current()
