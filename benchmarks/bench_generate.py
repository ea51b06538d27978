"""Benchmark: fabricate dossiers with `dossiers.generate` and compare with a bare bulk_create.

    .venv/bin/python benchmarks/bench_generate.py [--count 100000] [--batch 5000] [--seed 1]

On a throw-away database (benchmarks/_database.py: SQLite in a temporary folder, or
`motcua_bench` on the PostgreSQL server of DATABASE_URL), with DEBUG off: load the demo
catalog, time a plain `bulk_create` of `count` bare rows of a trivial model
(django_celery_beat's IntervalSchedule: two columns) as the roof of the ORM on this machine and
database, then time `generate_dossiers(count=...)` and print its rows per second as a share of
that roof, and the process's peak memory (ru_maxrss).
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._database import demo_database  # noqa: E402


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _columns(model):
    """The values bulk_create sends per row (the database numbers the auto primary keys)."""
    return sum(1 for f in model._meta.concrete_fields if not f.primary_key or not f.auto_created)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with demo_database():
        from django.db import transaction
        from django_celery_beat.models import IntervalSchedule

        from dossiers.generate import generate_dossiers
        from dossiers.models import DailyCounter, Dossier, DossierEvent, DossierResult

        rows = [IntervalSchedule(every=i + 1, period="seconds") for i in range(args.count)]
        started = time.perf_counter()
        with transaction.atomic():
            IntervalSchedule.objects.bulk_create(rows, batch_size=args.batch)
        baseline_seconds = time.perf_counter() - started
        del rows
        baseline = args.count / baseline_seconds

        before = _peak_mib()
        started = time.perf_counter()
        stats = generate_dossiers(count=args.count, seed=args.seed, batch=args.batch)
        seconds = time.perf_counter() - started
        tables = (Dossier, DossierEvent, DossierResult, DailyCounter)
        counts = {model: model.objects.count() for model in tables}
        written = sum(counts.values())
        values = sum(count * _columns(model) for model, count in counts.items())
        dossiers = stats["count"] / seconds
        per_second = written / seconds
        bare_values = baseline * _columns(IntervalSchedule)

        print(
            f"bare bulk_create: {args.count} rows in {baseline_seconds:.2f} s = {baseline:,.0f}/s"
        )
        print(
            f"generate_dossiers: {stats['count']} dossiers, {stats['events']} events, "
            f"{stats['results']} results ({written} rows) in {seconds:.2f} s"
        )
        for label, rate in (("dossiers", dossiers), ("rows", per_second)):
            print(f"  {label} per second: {rate:,.0f}  ({rate / baseline:.1%} of bare rows/s)")
        print(
            f"  values per second:   {values / seconds:,.0f}  "
            f"({values / seconds / bare_values:.1%} of bare values/s, {bare_values:,.0f})"
        )
        print(
            f"  peak memory (RSS):   {_peak_mib():,.0f} MiB (before generating: {before:,.0f} MiB)"
        )
        print(f"  states: {stats['states']}")


if __name__ == "__main__":
    main()
