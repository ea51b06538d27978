"""Benchmark: API endpoints under gunicorn, each as a share of a bare Django JSON view.

    .venv/bin/python benchmarks/bench_api.py [--count 100000] [--duration 10] [--connections 16]

Prepares a throw-away database (benchmarks/_database.py): migrations, the demo catalog
(`seed_demo`), `count` fabricated dossiers (`dossiers.generate`) and an API token for the demo
desk officer. Starts the portal under gunicorn (4 sync workers, DEBUG off, settings
`benchmarks.settings`, which add `/bench/bare/`) on a free port of 127.0.0.1, then loads each
endpoint for `duration` seconds (after a one-second warm-up) from `connections` threads with
http.client, at most `--max-requests` requests per endpoint, and prints requests per second,
latency and the ratio to the bare view measured in the same run. Only 127.0.0.1 is contacted.
An endpoint that answers 404 (not written yet) is skipped with a note.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._database import production_like_environment, throwaway_database  # noqa: E402

HOST = "127.0.0.1"
BARE = "/bench/bare/"
# (label, path, as the desk officer)
ENDPOINTS = [
    ("bare JSON view", BARE, False),
    ("procedures ?search=khai+sinh", "/api/v1/procedures/?search=khai+sinh", False),
    ("procedure 1.001193", "/api/v1/procedures/1.001193/", False),
    ("dossiers (desk officer)", "/api/v1/dossiers/", True),
]


def prepare(count, seed) -> str:
    """Fill the database; return the desk officer's API token."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from dossiers.generate import generate_dossiers
    from procedures.demo.seed import seed_demo

    call_command("migrate", verbosity=0)
    seed_demo(password=os.urandom(16).hex())
    started = time.perf_counter()
    stats = generate_dossiers(count=count, seed=seed, progress=False)
    print(f"prepared {stats['count']} dossiers in {time.perf_counter() - started:.1f} s")
    officer = get_user_model().objects.get(username="officer")
    token, _created = Token.objects.get_or_create(user=officer)
    connections.close_all()
    return token.key


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(port, workers):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "portal.wsgi:application",
    ]
    server = subprocess.Popen(command, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            if get(port, BARE, {})[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def get(port, path, headers):
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port, path, headers, *, seconds, connections, max_requests):
    """Requests from `connections` threads for `seconds`; (ok, errors, latencies)."""
    stop = threading.Event()
    per_thread = max(1, max_requests // connections)
    results = []

    def worker():
        ok = errors = 0
        latencies = []
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while not stop.is_set() and ok + errors < per_thread:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()  # reconnects on the next request
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            if response.status == 200:
                ok += 1
            else:
                errors += 1
        connection.close()
        results.append((ok, errors, latencies))

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    latencies = sorted(t for r in results for t in r[2])
    return ok / elapsed, ok, errors, latencies


def percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] * 1000 if values else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()

    production_like_environment()
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    with throwaway_database() as database:
        print(f"database: {database}")
        (Path(os.environ["PORTAL_VAR_DIR"]) / "staticfiles").mkdir()  # whitenoise looks there
        token = prepare(args.count, args.seed)
        port = free_port()
        server = start_gunicorn(port, args.workers)
        try:
            rows, notes = [], []
            bare = None
            for label, path, as_officer in ENDPOINTS:
                headers = {"Authorization": f"Token {token}"} if as_officer else {}
                status, _body = get(port, path, headers)
                if status != 200:
                    why = "not written yet" if status == 404 else "error"
                    notes.append(f"{label}: skipped, {path} answers {status} ({why})")
                    continue
                load(
                    port, path, headers, seconds=1, connections=args.connections, max_requests=10**9
                )
                rate, ok, errors, latencies = load(
                    port,
                    path,
                    headers,
                    seconds=args.duration,
                    connections=args.connections,
                    max_requests=args.max_requests,
                )
                bare = bare or rate
                rows.append((label, ok, errors, rate, latencies))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        print(
            f"gunicorn {args.workers} sync workers, {args.connections} client threads, "
            f"{args.duration:g} s per endpoint, {args.count} dossiers"
        )
        print(f"{'endpoint':<32} {'requests':>9} {'errors':>6} {'req/s':>8} {'p50 ms':>7} "
              f"{'p99 ms':>7} {'of bare':>8}")  # fmt: skip
        for label, ok, errors, rate, latencies in rows:
            print(
                f"{label:<32} {ok:>9} {errors:>6} {rate:>8.0f} {percentile(latencies, 0.5):>7.1f} "
                f"{percentile(latencies, 0.99):>7.1f} {rate / bare:>8.1%}"
            )
        for note in notes:
            print(note)


if __name__ == "__main__":
    main()
