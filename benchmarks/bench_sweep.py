"""Benchmark: the deadline sweep over many open dossiers, against a bare set-based UPDATE.

    .venv/bin/python benchmarks/bench_sweep.py [--count 100000] [--days 30] [--seed 1]

On a throw-away database (benchmarks/_database.py), with DEBUG off: load the demo catalog,
fabricate `count` dossiers submitted over the last `days` days (a short span leaves many of
them open), then time

- the roof: one bare `UPDATE` touching one column of every open dossier (what any set-based
  pass over the open dossiers costs at least on this machine and database);
- the first sweep (every dossier already past a boundary crosses it now: flags written and
  every staff notice of those crossings put in the outbox);
- a second sweep at the same moment (the steady state: nothing new to flag or tell);
- a sweep five minutes later (the everyday run: the few rows crossing in five minutes).

It prints each as seconds and as a multiple of the roof, with the rows flagged and the
notifications written, and the process's peak memory. The target (issue 9) is a steady-state
sweep under 5 s at a million open dossiers.
"""

import argparse
import datetime
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._database import demo_database  # noqa: E402


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with demo_database():
        from django.utils import timezone

        from dossiers.generate import generate_dossiers
        from dossiers.models import Dossier
        from dossiers.services.sweep import deadlines_sweep
        from dossiers.states import WITH_OFFICERS
        from notifications.models import Notification

        since = timezone.localdate() - datetime.timedelta(days=args.days)
        started = time.perf_counter()
        generate_dossiers(count=args.count, seed=args.seed, since=since, progress=False)
        print(f"generated {args.count} dossiers in {time.perf_counter() - started:.1f} s")
        open_rows = Dossier.objects.filter(state__in=WITH_OFFICERS)
        print(f"open dossiers (an officer acts next): {open_rows.count():,}")

        started = time.perf_counter()
        open_rows.update(stuck=False)
        roof = time.perf_counter() - started
        print(f"roof: bare UPDATE of one column of the open dossiers: {roof:.2f} s")

        now = timezone.now()
        for label, moment in (
            ("first sweep (every crossing so far)", now),
            ("second sweep, same moment (steady state)", now),
            ("sweep five minutes later", now + datetime.timedelta(minutes=5)),
        ):
            before = Notification.objects.count()
            started = time.perf_counter()
            counts = deadlines_sweep(now=moment)
            seconds = time.perf_counter() - started
            told = Notification.objects.count() - before
            flagged = sum(counts.values())
            print(
                f"{label}: {seconds:.2f} s = {seconds / roof:.1f}× the roof; "
                f"{flagged:,} crossings, {told:,} notifications {counts}"
            )
        print(f"peak memory (RSS): {_peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
