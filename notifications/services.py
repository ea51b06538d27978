"""Writing messages into the outbox, and what people do with their inbox and preferences.

`notify` is what other apps call, inside their own transaction: it writes one
`Notification` per recipient (idempotent by key) with the `Delivery` rows of the channels it
goes out by, and asks a worker to dispatch them after the commit. Nothing is sent here.

Channels of a recipient (email before SMS, `models.CHANNEL_ORDER`):
- with an account: the inbox always; e-mail and SMS as their `Preference` says (by default
  e-mail only), where they have the address;
- without an account (a walk-in applicant): the first channel they gave an address for;
- a legal notice reaches at least one external channel whatever the preferences say, and
  falls back to the next reachable channel when one fails for good; other messages fall
  back to the inbox only.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.enqueue import enqueue_on_commit

from .models import CHANNEL_ORDER, Channel, Delivery, Notification, Preference

DISPATCH_TASK = "notifications.dispatch"


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: an account (`user_id`), or only a name and addresses."""

    user_id: int | None = None
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def tag(self) -> str:
        return f"u{self.user_id}" if self.user_id else (self.email or self.phone).lower()


@dataclass(frozen=True)
class Message:
    """One message to several recipients (see `notify`)."""

    key: str
    recipients: tuple
    template: str
    context: dict = field(default_factory=dict)
    link: str = ""
    legal: bool = False
    digest: bool = False


def notify(
    *,
    key: str,
    recipients,
    template: str,
    context: dict | None = None,
    link: str = "",
    legal: bool = False,
    digest: bool = False,
) -> int:
    """Put a message for each recipient in the outbox; the number of new notifications.

    `key` identifies the message: written again (a retried task, a second sweep), a
    recipient's copy is kept once. `template` names a folder of templates (`subject.txt`,
    `body.txt`, optionally `sms.txt`); `context` must be JSON; `link` is a path on the
    portal. `legal`: a notice the law requires (it reaches at least one external channel).
    `digest`: e-mail and SMS go out grouped, at most one per person per
    PORTAL_NOTIFICATION_DIGEST_MINUTES (the inbox gets each at once)."""
    message = Message(
        key=key,
        recipients=tuple(recipients),
        template=template,
        context=context or {},
        link=link,
        legal=legal,
        digest=digest,
    )
    return notify_many([message])


def notify_many(messages) -> int:
    """`notify` for many messages at once, in a fixed number of queries (the sweep's)."""
    messages = list(messages)
    everyone = _resolved([r for m in messages for r in m.recipients])
    if not everyone:
        return 0
    accounts = {r.user_id: r for r in everyone if r.user_id}
    others = {r.tag: r for r in everyone if not r.user_id}
    now = timezone.now()
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=list(accounts))}
    planned, rows = {}, []
    for message in messages:
        for given in message.recipients:
            recipient = accounts.get(given.user_id) if given.user_id else others.get(given.tag)
            if recipient is None:
                continue
            row_key = f"{message.key}:{recipient.tag}"[:200]
            if row_key in planned:
                continue
            chosen, fallback = _plan(
                recipient, preferences.get(recipient.user_id), legal=message.legal
            )
            planned[row_key] = (recipient, chosen)
            rows.append(
                Notification(
                    key=row_key,
                    recipient_id=recipient.user_id,
                    name=recipient.name,
                    email=recipient.email,
                    phone=recipient.phone,
                    template=message.template,
                    context=message.context,
                    link=message.link,
                    legal=message.legal,
                    digest=message.digest,
                    fallback=[str(c) for c in fallback],
                    created_at=now,
                )
            )
    deliveries = []
    with transaction.atomic():
        existing = set()
        keys = list(planned)
        for start in range(0, len(keys), 1000):
            existing |= set(
                Notification.objects.filter(key__in=keys[start : start + 1000]).values_list(
                    "key", flat=True
                )
            )
        new = [row for row in rows if row.key not in existing]
        Notification.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
        new_keys = [row.key for row in new]
        for start in range(0, len(new_keys), 1000):
            for notification in Notification.objects.filter(
                key__in=new_keys[start : start + 1000], created_at=now
            ).only("pk", "key"):
                recipient, chosen = planned[notification.key]
                deliveries += [
                    Delivery(
                        notification_id=notification.pk,
                        channel=channel,
                        address=address_of(recipient, channel),
                        next_attempt_at=now,
                        created_at=now,
                    )
                    for channel in chosen
                ]
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=1000)
    if deliveries:
        enqueue_on_commit(DISPATCH_TASK)
    return len(new)


def _resolved(recipients) -> list[Recipient]:
    """Recipients with their account's name and addresses filled in, each account once."""
    recipients = [r for r in recipients if r.user_id or r.email or r.phone]
    ids = {r.user_id for r in recipients if r.user_id}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids, is_active=True)}
    seen, result = set(), []
    for recipient in recipients:
        if recipient.user_id:
            user = users.get(recipient.user_id)
            if user is None:
                continue
            recipient = Recipient(
                user_id=user.pk,
                name=recipient.name or user.get_full_name(),
                email=recipient.email or user.email,
                phone=recipient.phone or getattr(user, "phone", ""),
            )
        if recipient.tag in seen:
            continue
        seen.add(recipient.tag)
        result.append(recipient)
    return result


def address_of(recipient, channel) -> str:
    return recipient.email if channel == Channel.EMAIL else recipient.phone


def _plan(recipient: Recipient, preference: Preference | None, *, legal: bool):
    """(the channels it goes out by now, the channels to fall back to, in order)."""
    reachable = [c for c in CHANNEL_ORDER if address_of(recipient, c)]
    if recipient.user_id:
        preference = preference or Preference()
        chosen = [c for c in reachable if preference.wants(c)]
        if legal and not chosen:
            chosen = reachable[:1]
        fallback = [c for c in reachable if c not in chosen] if legal else []
    else:
        chosen, fallback = reachable[:1], reachable[1:]
    return chosen, fallback


# ---- The inbox ---------------------------------------------------------------------------


def inbox_of(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, user, notification_id) -> Notification | None:
    """Mark one of the user's messages read; None if it is not theirs (or absent)."""
    try:
        notification = inbox_of(user).get(pk=int(notification_id))
    except (Notification.DoesNotExist, TypeError, ValueError):
        return None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user) -> int:
    return inbox_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def preference_of(user) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def preference_set(*, user, email: bool, sms: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(
        user=user, defaults={"email": bool(email), "sms": bool(sms)}
    )
    return preference
