"""Claiming the rows of an outbox table: each row is sent by one worker at a time.

An outbox row has `state`, `attempts`, `next_attempt_at` and `lease_until`. `claim` takes up
to `limit` rows that are due (queued or waiting for a retry and due, or sending with a lease
that ran out because the worker that held it died) with `SELECT … FOR UPDATE SKIP LOCKED`,
marks them sending with a lease and one more attempt, and commits: two dispatchers never
take the same row, and a row whose worker was killed mid-send is taken again once its lease
has run out. The
attempt number is the fencing token: `finish` writes only if the row still carries it, so a
worker that comes back after its lease was taken over changes nothing.

On SQLite (the embedded mode) `FOR UPDATE` is ignored and write transactions are serialised
(IMMEDIATE), which gives the same guarantee.
"""

import datetime
import random

from django.db import transaction
from django.db.models import F, Q

QUEUED = "queued"
RETRY = "retry"  # queued again after a temporary failure
SENDING = "sending"


def due(queryset, now):
    """The rows a dispatcher may take at `now`."""
    return queryset.filter(
        Q(state__in=[QUEUED, RETRY], next_attempt_at__lte=now)
        | Q(state=SENDING, lease_until__lt=now)
    )


def claim(queryset, *, now, limit: int, lease_seconds: float) -> list:
    """Take up to `limit` due rows, oldest due first; their new `attempts` is the token."""
    with transaction.atomic():
        ids = list(
            due(queryset.select_related(None), now)
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        queryset.model.objects.filter(pk__in=ids).update(
            state=SENDING,
            attempts=F("attempts") + 1,
            lease_until=now + datetime.timedelta(seconds=lease_seconds),
        )
    return list(queryset.filter(pk__in=ids).order_by("pk"))


def finish(row, **fields) -> bool:
    """Write the outcome of the attempt `row.attempts`; False if the row was taken over."""
    updated = (
        type(row).objects.filter(pk=row.pk, state=SENDING, attempts=row.attempts).update(**fields)
    )
    return updated == 1


def backoff(attempt: int, *, base: float, cap: float, rng=random) -> datetime.timedelta:
    """Exponential backoff with full jitter around the middle: base·2^(attempt-1), capped,
    then between half and the whole of it, so that retries of many rows spread out."""
    ceiling = min(cap, base * 2 ** max(0, attempt - 1))
    return datetime.timedelta(seconds=ceiling * (0.5 + rng.random() / 2))
