"""Benchmark: exporting and importing a large procedure catalog (docs/catalog-format.md).

    .venv/bin/python benchmarks/bench_catalog.py [--procedures 10000] [--seed 1]

On a throw-away database (benchmarks/_database.py) with the demo catalog: make `procedures`
procedures copied from the demo ones (`procedures.generate`), export the whole catalog to a
JSON file with its template files (`catalog_export`), delete the copies, then time

- the import that creates them again (what a province does once, from the national catalog);
- the same file imported again (nothing changes: what a nightly re-import costs);
- a dry run of it (every check, nothing written: what `--dry-run` costs before an import);

each as seconds and procedures per second, with the process's peak memory. The import is all
or nothing: one transaction for the whole file.
"""

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._database import demo_database  # noqa: E402


def _peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--procedures", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with demo_database():
        from procedures.catalog_io import (
            catalog_export,
            catalog_export_templates,
            catalog_import_file,
        )
        from procedures.generate import CODE_PREFIX, generate_procedures
        from procedures.models import Procedure

        started = time.perf_counter()
        generate_procedures(count=args.procedures, seed=args.seed)
        print(f"made {args.procedures:,} procedures in {time.perf_counter() - started:.1f} s")
        total = Procedure.objects.count()

        with tempfile.TemporaryDirectory(prefix="motcua-catalog-") as folder:
            path = Path(folder) / "catalog.json"
            started = time.perf_counter()
            data = catalog_export()
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            templates = catalog_export_templates(data=data, directory=Path(folder))
            seconds = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            print(
                f"export of {total:,} procedures: {seconds:.1f} s "
                f"({total / seconds:,.0f}/s), {size:.1f} MiB of JSON and {templates} template files"
            )
            del data
            copies = Procedure.objects.filter(code__startswith=CODE_PREFIX)
            copies.delete()
            assert not copies.exists()

            for label, dry_run in (
                ("import, creating the copies", False),
                ("the same file again (nothing changes)", False),
                ("dry run of the same file", True),
            ):
                started = time.perf_counter()
                report = catalog_import_file(path=path, dry_run=dry_run)
                seconds = time.perf_counter() - started
                print(
                    f"{label}: {seconds:.1f} s = {total / seconds:,.0f} procedures/s; "
                    f"{report.lines()[2]}"
                )
            assert Procedure.objects.count() == total
        print(f"peak memory of the process: {_peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
