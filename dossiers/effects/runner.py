"""Running the jobs that follow events (`EffectRun` rows), once each.

Run by the task `dossiers.run_effects`, enqueued after each commit that writes jobs and every
minute by the beat. Rows are claimed with a lease (common.outbox), so two workers never run
the same job, and a worker killed mid-job leaves it to be taken again. Each job is
idempotent (a slip re-rendered replaces itself; results already in the store stay), so a
job taken over after a lost lease does no harm. A job that fails is retried with backoff,
and after PORTAL_OUTBOX_MAX_ATTEMPTS it is marked failed with its error (`manage.py
dossier_effects` lists and retries).
"""

import logging

from django.conf import settings
from django.utils import timezone

from common import outbox

from ..results import store_results_of
from ..services import slip_render
from ..signing.issue import issue_pending
from .models import EffectRun, EffectState

log = logging.getLogger(__name__)


def _slip(run):
    slip_render(dossier_id=run.event.dossier_id, form=run.args["form"], event_id=run.event_id)


def _store_results(run):
    store_results_of(run.event.dossier_id)


def _issue_results(run):
    issue_pending(run.event.dossier_id)


JOBS = {"slip": _slip, "store_results": _store_results, "issue_results": _issue_results}


def run_effects(*, now=None, limit: int = 20, rounds: int = 10) -> dict:
    counts = {"done": 0, "retry": 0, "failed": 0}
    for _round in range(rounds):
        moment = now or timezone.now()
        runs = outbox.claim(
            EffectRun.objects.select_related("event"),
            now=moment,
            limit=limit,
            lease_seconds=getattr(settings, "PORTAL_OUTBOX_LEASE_SECONDS", 120),
        )
        if not runs:
            break
        for run in runs:
            counts[_run(run, moment)] += 1
    return counts


def _run(run, now) -> str:
    job = JOBS.get(run.kind)
    try:
        if job is None:
            raise LookupError(f"no job named {run.kind!r}")
        job(run)
    except Exception as error:  # noqa: BLE001 - any failure of a job is retried, then recorded
        log.exception("effect %s of event %s failed", run.kind, run.event_id)
        reason = f"{type(error).__name__}: {error}"[:500]
        if run.attempts >= getattr(settings, "PORTAL_OUTBOX_MAX_ATTEMPTS", 8):
            outbox.finish(run, state=EffectState.FAILED, lease_until=None, last_error=reason)
            return "failed"
        wait = outbox.backoff(
            run.attempts,
            base=getattr(settings, "PORTAL_OUTBOX_BACKOFF_SECONDS", 60),
            cap=getattr(settings, "PORTAL_OUTBOX_BACKOFF_MAX_SECONDS", 3600),
        )
        outbox.finish(
            run,
            state=EffectState.QUEUED,
            next_attempt_at=now + wait,
            lease_until=None,
            last_error=reason,
        )
        return "retry"
    outbox.finish(run, state=EffectState.DONE, done_at=timezone.now(), lease_until=None)
    return "done"


def backlog(now=None) -> dict:
    now = now or timezone.now()
    pending = EffectRun.objects.filter(state__in=[EffectState.QUEUED, EffectState.SENDING])
    oldest = pending.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    return {
        "pending": pending.count(),
        "oldest_pending_seconds": max(0, int((now - oldest).total_seconds())) if oldest else 0,
        "failed": EffectRun.objects.filter(state=EffectState.FAILED).count(),
    }
