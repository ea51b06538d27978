"""manage.py outbox: what waits in the notifications' outbox, and what to do with it.

manage.py outbox list [--failed] [--limit N]   counts by state and channel, then rows
manage.py outbox retry (--failed | --id ID …)  queue failed (or named) deliveries again
manage.py outbox send                          run the dispatcher once, here
manage.py outbox purge --older-than DAYS       delete sent messages older than that
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from notifications import dispatch
from notifications.models import Delivery, DeliveryState, Notification


class Command(BaseCommand):
    help = "List, retry, send or purge the notifications' outbox."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        listing = sub.add_parser("list", help="counts by state and channel, then rows")
        listing.add_argument("--failed", action="store_true", help="only failed deliveries")
        listing.add_argument("--limit", type=int, default=20)
        retry = sub.add_parser("retry", help="queue deliveries again")
        retry.add_argument("--failed", action="store_true", help="every failed delivery")
        retry.add_argument("--id", type=int, nargs="*", default=[], help="these deliveries")
        sub.add_parser("send", help="run the dispatcher once in this process")
        purge = sub.add_parser("purge", help="delete old messages whose deliveries all ended")
        purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")

    def handle(self, *args, verb, **options):
        getattr(self, f"_{verb}")(**options)

    def _list(self, *, failed, limit, **_options):
        counts = (
            Delivery.objects.values("state", "channel")
            .annotate(n=Count("pk"))
            .order_by("state", "channel")
        )
        for row in counts:
            self.stdout.write(f"{row['state']:8} {row['channel']:6} {row['n']}")
        backlog = dispatch.backlog()
        self.stdout.write(
            f"pending {backlog['pending']}, oldest {backlog['oldest_pending_seconds']} s, "
            f"failed {backlog['failed']}"
        )
        rows = Delivery.objects.select_related("notification").order_by("-created_at")
        if failed:
            rows = rows.filter(state=DeliveryState.FAILED)
        for delivery in rows[:limit]:
            self.stdout.write(
                f"#{delivery.pk} {delivery.state} {delivery.channel} {delivery.address} "
                f"tries={delivery.attempts} {delivery.notification.template} "
                f"{delivery.last_error}".rstrip()
            )

    def _retry(self, *, failed, id, **_options):
        if not failed and not id:
            raise CommandError("Say which: --failed or --id ID …")
        rows = Delivery.objects.all()
        rows = rows.filter(state=DeliveryState.FAILED) if failed else rows.filter(pk__in=id)
        count = dispatch.resend(rows.values_list("pk", flat=True))
        self.stdout.write(f"queued again: {count}")

    def _send(self, **_options):
        counts = dispatch.dispatch()
        self.stdout.write(", ".join(f"{key} {value}" for key, value in counts.items()))

    def _purge(self, *, older_than, **_options):
        if older_than < 1:
            raise CommandError("--older-than takes a number of days, at least 1.")
        before = timezone.now() - datetime.timedelta(days=older_than)
        unfinished = Delivery.objects.filter(
            state__in=[DeliveryState.QUEUED, DeliveryState.RETRY, DeliveryState.SENDING]
        ).values("notification_id")
        old = Notification.objects.filter(created_at__lt=before).exclude(pk__in=unfinished)
        deleted, _by_model = old.delete()
        self.stdout.write(f"deleted: {deleted}")
