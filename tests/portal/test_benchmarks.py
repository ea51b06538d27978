"""The benchmarks keep working: `bench_api.py` run small, as CI runs it (the full run and its
table are in docs/performance.md). Its speed is not judged here, only that every endpoint it
loads answers 200 under gunicorn with production settings and the table comes out whole."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benchmark makes its own PostgreSQL database (motcua_bench)",
)


def run_bench(*args):
    """A benchmark script run as CI runs it; its output, after checking it ended well."""
    connection.close()  # the benchmark drops its database WITH (FORCE); ours is another one
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_bench_api_loads_every_endpoint_without_errors(db):
    out = run_bench(
        "benchmarks/bench_api.py",
        "--dossiers",
        "60",
        "--procedures",
        "40",
        "--duration",
        "1",
        "--clients",
        "1,4",
        "--workers",
        "2",
    )
    assert "skipped" not in out, out
    assert "catalog: 71 procedures" in out  # the demo's 31 and 40 copies
    for label in ("bare JSON view", "tracking by code (API)", "desk queue (API, 50)",
                  "specialist page (HTML)", "procedure page (HTML)"):  # fmt: skip
        rows = [line for line in out.splitlines() if line.startswith(label)]
        assert len(rows) == 2, out  # one per client count
        for row in rows:
            assert row.split()[-1] == "0", row  # no errors
            assert int(row.split()[-2]) >= 0  # queries per request printed
    memory = [line for line in out.splitlines() if line.startswith("gunicorn workers' memory:")]
    assert len(memory) == 1 and "MiB after" in memory[0], out


def test_bench_catalog_exports_and_imports_the_whole_catalog(db):
    out = run_bench("benchmarks/bench_catalog.py", "--procedures", "15")
    assert "export of 46 procedures" in out, out  # the demo's 31 and 15 copies
    assert "import, creating the copies" in out and "15 mới" in out, out
    assert "the same file again (nothing changes)" in out and "46 không đổi" in out, out
    assert "dry run of the same file" in out, out
