"""Notifications to the applicant (e-mail), sent after commit by Celery tasks.

`send_submission_receipt`: once a dossier sent online or by post is submitted, the applicant
gets its code and the official reception time (outside office hours: the next working day).
Enqueued by `dossiers.services.dossier_submit` with `transaction.on_commit`. The task takes
the dossier id, re-reads the dossier and its latest submission, and sends at most once per
submission (a retried or duplicated task sends nothing more).
"""

import datetime
import logging
import smtplib
import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procedures.models import ChannelKind

from .models import Dossier, DossierEvent
from .states import Action, State

log = logging.getLogger(__name__)

# How long "this submission's receipt was sent" is remembered: far longer than any retry.
SENT_MARK_SECONDS = 30 * 24 * 60 * 60


WEEKDAYS = (
    gettext_lazy("thứ Hai"),
    gettext_lazy("thứ Ba"),
    gettext_lazy("thứ Tư"),
    gettext_lazy("thứ Năm"),
    gettext_lazy("thứ Sáu"),
    gettext_lazy("thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


def moment_text(moment: datetime.datetime | None) -> str:
    """A moment as the applicant reads it, in local time: "07:30, thứ Hai, 09/03/2026"."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return _("%(time)s, %(weekday)s, %(date)s") % {
        "time": f"{local:%H:%M}",
        "weekday": WEEKDAYS[local.weekday()],
        "date": f"{local:%d/%m/%Y}",
    }


def _official_reception(event: DossierEvent, dossier: Dossier) -> datetime.datetime | None:
    raw = (event.data or {}).get("official_reception_at")
    if raw:
        try:
            return datetime.datetime.fromisoformat(raw)
        except ValueError:
            pass
    return dossier.submitted_at


@shared_task(
    name="dossiers.notify.send_submission_receipt",
    autoretry_for=(OSError, smtplib.SMTPException),  # mail server unreachable for a moment
    retry_backoff=True,
    max_retries=5,
)
def send_submission_receipt(dossier_id: str) -> bool:
    """E-mail the applicant the dossier code and the official reception time. True if sent;
    False when there is nothing to send (not submitted, at the desk, no address, sent before)."""
    try:
        dossier_id = uuid.UUID(str(dossier_id))
    except ValueError:
        return False
    dossier = (
        Dossier.objects.select_related("version", "receiving_unit", "procedure")
        .filter(pk=dossier_id)
        .first()
    )
    if (
        dossier is None
        or dossier.state == State.DRAFT
        or not dossier.code
        or dossier.channel == ChannelKind.IN_PERSON
        or not dossier.applicant_email
    ):
        return False
    event = (
        DossierEvent.objects.filter(dossier=dossier, action=Action.SUBMIT)
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        return False
    mark = f"dossiers:notify:receipt:{dossier.pk}:{event.pk}"
    if not cache.add(mark, 1, timeout=SENT_MARK_SECONDS):
        return False  # this submission's receipt has already gone
    official = _official_reception(event, dossier)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "dossier": dossier,
                "version": dossier.version,
                "official": moment_text(official),
                "sent": moment_text(event.at),
                "deferred": bool(official and official - event.at > datetime.timedelta(minutes=1)),
                "portal_name": settings.PORTAL_NAME,
                "link": settings.PORTAL_SITE_URL.rstrip("/")
                + reverse("dossiers:mine_detail", args=[dossier.pk]),
            }
            subject = render_to_string("dossiers/email/submitted_subject.txt", context)
            body = render_to_string("dossiers/email/submitted.txt", context)
        send_mail(
            subject=" ".join(subject.split()),
            message=body,
            from_email=None,  # DEFAULT_FROM_EMAIL
            recipient_list=[dossier.applicant_email],
        )
    except Exception:
        cache.delete(mark)  # not sent: a retry may send it
        raise
    log.info("submission receipt sent for dossier %s", dossier.code)
    return True


def enqueue_submission_receipt(dossier_id, channel: str) -> None:
    """Enqueue the receipt of a dossier sent online or by post (called after commit). A broker
    that cannot be reached is logged: the submission stands whatever happens to its e-mail."""
    if channel == ChannelKind.IN_PERSON:
        return  # handed in at the desk: the officer gives the receipt there
    try:
        send_submission_receipt.delay(str(dossier_id))
    except Exception:  # noqa: BLE001 - the broker's many connection errors
        log.exception("could not enqueue the submission receipt of dossier %s", dossier_id)
