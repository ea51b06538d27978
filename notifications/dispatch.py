"""The dispatcher: claims due deliveries, sends them, records what happened.

Run by the task `notifications.dispatch`, enqueued after each commit that writes messages
and every minute by the beat (so a broker that was down only delays). Each delivery is
claimed with a lease (common.outbox): two dispatchers never send the same row, a worker
killed mid-send leaves it to be taken again when the lease runs out.

After an attempt a delivery is:
- sent;
- "retry" (a temporary failure): queued again after an exponential backoff with jitter,
  while attempts remain (PORTAL_OUTBOX_MAX_ATTEMPTS);
- failed, with the reason in plain words, when the failure was permanent or attempts ran
  out; the notification then falls back to its next channel (legal notices), and stays in
  the inbox of a recipient with an account.

Digest deliveries (staff messages) of one person and channel go out together, at most once
per PORTAL_NOTIFICATION_DIGEST_MINUTES (`DigestSlot`).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common import outbox

from . import channels, render
from .models import Channel, Delivery, DeliveryState, DigestSlot, Notification

log = logging.getLogger(__name__)


def _setting(name, default):
    return getattr(settings, name, default)


def dispatch(*, now=None, limit: int = 50, rounds: int = 20) -> dict:
    """Send what is due; counts of what happened. Stops after `rounds` batches so that one
    run never holds a worker for long (the next kick or beat goes on)."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "postponed": 0}
    for _round in range(rounds):
        moment = now or timezone.now()
        rows = outbox.claim(
            Delivery.objects.select_related("notification"),
            now=moment,
            limit=limit,
            lease_seconds=_setting("PORTAL_OUTBOX_LEASE_SECONDS", 120),
        )
        if not rows:
            break
        digests = {}
        for row in rows:
            notification = row.notification
            if notification.digest and notification.recipient_id:
                digests.setdefault((notification.recipient_id, row.channel), []).append(row)
                continue
            outcome = _deliver(row, moment)
            counts[outcome] = counts.get(outcome, 0) + 1
        for group in digests.values():
            outcome = _deliver_digest(group[0], group[1:], moment)
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _deliver(row: Delivery, now) -> str:
    notification = row.notification
    try:
        _send_one(row, notification)
    except channels.SendFailure as failure:
        return _failed(row, notification, failure, now)
    outbox.finish(row, state=DeliveryState.SENT, sent_at=timezone.now(), lease_until=None)
    return "sent"


def _send_one(row, notification):
    if row.channel == Channel.EMAIL:
        subject, text, html = render.email_of(notification)
        channels.send_email(
            to=row.address, subject=subject, text=text, html=html, reference=notification.key
        )
    else:
        channels.send_text(to=row.address, text=render.sms_of(notification))


def _failed(row, notification, failure, now, *, others=()) -> str:
    give_up = failure.permanent or row.attempts >= channels.max_attempts()
    if not give_up:
        wait = outbox.backoff(
            row.attempts,
            base=_setting("PORTAL_OUTBOX_BACKOFF_SECONDS", 60),
            cap=_setting("PORTAL_OUTBOX_BACKOFF_MAX_SECONDS", 3600),
        )
        outbox.finish(
            row,
            state=DeliveryState.RETRY,
            next_attempt_at=now + wait,
            lease_until=None,
            last_error=failure.reason[:500],
        )
        log.info("delivery %s failed for now (%s); retry in %s", row.pk, failure.reason, wait)
        return "retry"
    reason = failure.reason
    if not failure.permanent:
        reason = _("Đã thử %(count)s lần không thành công: %(reason)s") % {
            "count": row.attempts,
            "reason": failure.reason,
        }
    fallback = _fall_back(row, notification, now)
    if fallback:
        reason += " " + _("Đã chuyển sang kênh %(channel)s.") % {"channel": fallback.label}
    elif notification.recipient_id:
        reason += " " + _("Thông báo vẫn có trong hộp thư trên cổng.")
    outbox.finish(row, state=DeliveryState.FAILED, lease_until=None, last_error=reason[:500])
    log.warning("delivery %s failed for good: %s", row.pk, reason)
    return "failed"


def _fall_back(row, notification, now) -> Channel | None:
    """Queue the notification on its next fallback channel not tried yet."""
    tried = set(notification.deliveries.values_list("channel", flat=True))
    recipient_addresses = {Channel.EMAIL: notification.email, Channel.SMS: notification.phone}
    for channel in notification.fallback or []:
        if channel in tried or not recipient_addresses.get(channel):
            continue
        Delivery.objects.bulk_create(
            [
                Delivery(
                    notification=notification,
                    channel=channel,
                    address=recipient_addresses[channel],
                    next_attempt_at=now,
                )
            ],
            ignore_conflicts=True,
        )
        return Channel(channel)
    return None


# ---- Digests -----------------------------------------------------------------------------


def _deliver_digest(row, claimed, now) -> str:
    """Send `row` with the person's other digest deliveries on its channel (`claimed` in
    the same batch, and those still waiting) as one message, if their slot is free."""
    notification = row.notification
    interval = datetime.timedelta(minutes=_setting("PORTAL_NOTIFICATION_DIGEST_MINUTES", 30))
    slot, _created = DigestSlot.objects.get_or_create(
        user_id=notification.recipient_id, channel=row.channel
    )
    previous = slot.last_sent_at
    won = DigestSlot.objects.filter(
        Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - interval), pk=slot.pk
    ).update(last_sent_at=now)
    if not won:
        slot.refresh_from_db()
        for held in (row, *claimed):
            outbox.finish(
                held,
                state=DeliveryState.QUEUED,
                next_attempt_at=slot.last_sent_at + interval,
                lease_until=None,
            )
        return "postponed"
    others = [*claimed, *_gather(row, notification, now)]
    notifications = [notification, *[other.notification for other in others]]
    language = notification.language or settings.LANGUAGE_CODE
    try:
        if len(notifications) == 1:
            _send_one(row, notification)
        elif row.channel == Channel.EMAIL:
            subject, text, html = render.digest_email_of(notifications, language=language)
            channels.send_email(
                to=row.address, subject=subject, text=text, html=html, reference=notification.key
            )
        else:
            channels.send_text(
                to=row.address, text=render.digest_sms_of(notifications, language=language)
            )
    except channels.SendFailure as failure:
        DigestSlot.objects.filter(pk=slot.pk).update(last_sent_at=previous)
        for other in others:
            outbox.finish(other, state=DeliveryState.QUEUED, lease_until=None)
        return _failed(row, notification, failure, now)
    sent_at = timezone.now()
    outbox.finish(row, state=DeliveryState.SENT, sent_at=sent_at, lease_until=None)
    for other in others:
        outbox.finish(
            other, state=DeliveryState.SENT, sent_at=sent_at, lease_until=None, digest_of=row
        )
    return "sent"


def _gather(row, notification, now) -> list[Delivery]:
    """Claim the person's other digest deliveries on this channel still waiting, due or not:
    they go out in this digest."""
    waiting = Delivery.objects.filter(
        channel=row.channel,
        notification__recipient_id=notification.recipient_id,
        notification__digest=True,
        state__in=[DeliveryState.QUEUED, DeliveryState.RETRY],
    ).exclude(pk=row.pk)
    with transaction.atomic():
        ids = list(
            waiting.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
                :200
            ]
        )
        Delivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.SENDING,
            attempts=F("attempts") + 1,
            lease_until=now + datetime.timedelta(seconds=120),
        )
    return list(Delivery.objects.filter(pk__in=ids).select_related("notification").order_by("pk"))


# ---- What is waiting ---------------------------------------------------------------------


def backlog(now=None) -> dict:
    """How many deliveries wait to be sent, and how long the oldest has waited (seconds)."""
    now = now or timezone.now()
    pending = Delivery.objects.filter(
        state__in=[DeliveryState.QUEUED, DeliveryState.RETRY, DeliveryState.SENDING]
    )
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "pending": pending.count(),
        "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed": Delivery.objects.filter(state=DeliveryState.FAILED).count(),
    }


def resend(delivery_ids) -> int:
    """Queue deliveries again (the admin's and `manage.py outbox retry`'s action)."""
    count = Delivery.objects.filter(pk__in=list(delivery_ids)).update(
        state=DeliveryState.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        lease_until=None,
        last_error="",
    )
    if count:
        from common.enqueue import enqueue_on_commit

        enqueue_on_commit("notifications.dispatch")
    return count


__all__ = ["Notification", "backlog", "dispatch", "resend"]
