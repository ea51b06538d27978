"""Benchmark: the portal's busiest pages and endpoints under gunicorn, each as a share of a bare
Django JSON view served the same way in the same run, at 1 and 16 concurrent clients.

    .venv/bin/python benchmarks/bench_api.py [--dossiers 100000] [--duration 10] [--clients 1,16]
    .venv/bin/python benchmarks/bench_api.py --existing-database motcua_perf   # already filled

Prepares a throw-away database (benchmarks/_database.py): migrations, the demo catalog
(`seed_demo`), `--dossiers` fabricated dossiers (`dossiers.generate`) — or uses a database a
previous run filled (`--existing-database`, on the server DATABASE_URL names; never dropped).
Starts the portal under gunicorn (sync workers, DEBUG off, settings `benchmarks.settings`: the
portal's own plus `/bench/bare/` and a header counting each request's SQL queries) on a free
port of 127.0.0.1, then loads each endpoint for `duration` seconds (after a one-second warm-up)
with wrk when it is installed (`make bench` installs it), else with Python threads, and prints
per client count: requests per second, p50/p95/p99 latency, the share of the bare view measured
at the same client count, and the queries per request. Only 127.0.0.1 is contacted.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._database import production_like_environment, throwaway_database  # noqa: E402

HOST = "127.0.0.1"
BARE = "/bench/bare/"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


@dataclass
class Endpoint:
    label: str
    path: str
    headers: dict


def prepare(count, seed, existing: bool, procedures: int = 0) -> dict:
    """Fill the database (unless it is an existing one); return what the endpoints need: API
    tokens and session cookies of the demo desk officer and specialist, a dossier code with its
    tracking secret, a procedure code."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from dossiers.generate import generate_dossiers
    from dossiers.models import Dossier
    from dossiers.states import State
    from procedures.demo.seed import seed_demo
    from procedures.models import Procedure

    if not existing:
        call_command("migrate", verbosity=0)
        seed_demo(password=os.urandom(16).hex())
        started = time.perf_counter()
        stats = generate_dossiers(count=count, seed=seed, progress=False)
        print(f"prepared {stats['count']} dossiers in {time.perf_counter() - started:.1f} s")
    else:
        call_command("migrate", verbosity=0)
    from procedures.generate import CODE_PREFIX, generate_procedures

    missing = procedures - Procedure.objects.filter(code__startswith=CODE_PREFIX).count()
    if missing > 0:
        started = time.perf_counter()
        generate_procedures(count=missing, seed=seed)
        print(f"made {missing} more procedures in {time.perf_counter() - started:.1f} s")
    print(f"catalog: {Procedure.objects.count()} procedures")
    people = {}
    for username in ("officer", "specialist"):
        user = get_user_model().objects.get(username=username)
        token, _created = Token.objects.get_or_create(user=user)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        people[username] = {"token": token.key, "cookie": f"sessionid={session.session_key}"}
    tracked = (
        Dossier.objects.exclude(state=State.DRAFT)
        .exclude(applicant_phone="")
        .order_by("-created_at")
        .values_list("code", "applicant_phone")
        .first()
    )
    procedure = Procedure.objects.order_by("code").values_list("code", flat=True).first()
    connections.close_all()
    digits = "".join(ch for ch in tracked[1] if ch.isdigit())
    return {"people": people, "code": tracked[0], "verify": digits[-4:], "procedure": procedure}


def endpoints(ready) -> list[Endpoint]:
    officer, specialist = ready["people"]["officer"], ready["people"]["specialist"]

    def api(who):
        return {"Authorization": f"Token {who['token']}"}

    def page(who):
        return {"Cookie": who["cookie"]}

    track = f"/api/v1/track/?code={ready['code']}&verify={ready['verify']}"
    return [
        Endpoint("tracking by code (API)", track, {}),
        Endpoint("search “khai sinh” (API)", "/api/v1/procedures/?search=khai+sinh", {}),
        Endpoint("search “khai xinh” (API)", "/api/v1/procedures/?search=khai+xinh", {}),
        Endpoint("procedure detail (API)", f"/api/v1/procedures/{ready['procedure']}/", {}),
        Endpoint("desk queue (API, 50)", "/api/v1/dossiers/?page_size=50", api(officer)),
        Endpoint(
            "desk queue ?overdue=true (API)",
            "/api/v1/dossiers/?page_size=50&overdue=true",
            api(officer),
        ),
        Endpoint(
            "desk queue ?state=submitted (API)",
            "/api/v1/dossiers/?page_size=50&state=submitted",
            api(officer),
        ),
        Endpoint("specialist queue (API, 50)", "/api/v1/dossiers/?page_size=50", api(specialist)),
        Endpoint("home page (HTML)", "/", {}),
        Endpoint("procedure page (HTML)", f"/thu-tuc/{ready['procedure']}/", {}),
        Endpoint("desk page (HTML)", "/ban-lam-viec/mot-cua/", page(officer)),
        Endpoint("specialist page (HTML)", "/ban-lam-viec/xu-ly/", page(specialist)),
    ]


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
    """(status, body, queries the request ran)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body, response.getheader("X-Bench-Queries", "?")
    finally:
        connection.close()


@dataclass
class Result:
    rate: float
    requests: int
    errors: int
    p50: float
    p95: float
    p99: float


def load(port, endpoint, *, seconds, clients) -> Result:
    if shutil.which("wrk"):
        return _wrk(port, endpoint, seconds=seconds, clients=clients)
    return _threads(port, endpoint, seconds=seconds, clients=clients)


def _wrk(port, endpoint, *, seconds, clients) -> Result:
    """wrk with one thread per client up to the cores (it is event-driven), its own latency
    percentiles through `wrk_report.lua`; non-2xx answers count as errors."""
    command = ["wrk", f"-t{min(clients, os.cpu_count() or 1)}", f"-c{clients}"]
    command += [f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(WRK_SCRIPT)]
    for name, value in endpoint.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{endpoint.path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    report = json.loads(out[out.index("{") :])
    errors = report["errors"]
    return Result(
        rate=(report["requests"] - errors) / report["seconds"],
        requests=report["requests"],
        errors=errors,
        p50=report["p50"] / 1000,
        p95=report["p95"] / 1000,
        p99=report["p99"] / 1000,
    )


def _threads(port, endpoint, *, seconds, clients) -> Result:
    """Requests from `clients` threads for `seconds` (http.client; the GIL makes this the
    slower load generator: compare ratios, not absolute numbers)."""
    stop = threading.Event()
    results = []

    def worker():
        ok = errors = 0
        latencies = []
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        while not stop.is_set():
            started = time.perf_counter()
            try:
                connection.request("GET", endpoint.path, headers=endpoint.headers)
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

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = sum(r[0] for r in results)
    latencies = sorted(t for r in results for t in r[2])
    return Result(
        rate=ok / elapsed,
        requests=ok + sum(r[1] for r in results),
        errors=sum(r[1] for r in results),
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
    )


def percentile(values, share):
    return values[min(len(values) - 1, int(len(values) * share))] * 1000 if values else 0.0


def workers_memory(server) -> dict[int, float]:
    """Resident memory (MiB) of each of gunicorn's worker processes (the server's children)."""
    sizes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(server.pid) and "VmRSS" in fields:
            sizes[int(entry.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return sizes


def run(port, args, ready, server=None):
    """Measure every endpoint at each client count; print one table per client count; then
    the workers' memory before and after all that load."""
    clients_list = [int(c) for c in args.clients.split(",")]
    bare = Endpoint("bare JSON view", BARE, {})
    chosen = [e for e in endpoints(ready) if not args.only or args.only in e.label]
    tables = {clients: [] for clients in clients_list}
    notes = []
    queries = {}
    for endpoint in [bare, *chosen]:  # every code path once, before the memory is read
        get(port, endpoint.path, endpoint.headers)
    before = workers_memory(server) if server else {}
    served = 0
    for endpoint in [bare, *chosen]:
        status, _body, _count = get(port, endpoint.path, endpoint.headers)
        if status != 200:
            notes.append(f"{endpoint.label}: skipped, {endpoint.path} answers {status}")
            continue
        # Counted on a second request: what is kept (a cached view) is kept by the first.
        queries[endpoint.label] = get(port, endpoint.path, endpoint.headers)[2]
        for clients in clients_list:
            load(port, endpoint, seconds=1, clients=clients)  # warm-up
            result = load(port, endpoint, seconds=args.duration, clients=clients)
            tables[clients].append((endpoint, result))
            served += result.requests
    loader = "wrk" if shutil.which("wrk") else "Python threads"
    for clients, rows in tables.items():
        roof = rows[0][1].rate if rows else 0
        print()
        print(f"{clients} client(s), {loader}, {args.duration:g} s each")
        print(
            f"{'endpoint':<36} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'of bare':>8} {'queries':>7} {'errors':>6}"
        )
        for endpoint, result in rows:
            share = result.rate / roof if roof else 0
            print(
                f"{endpoint.label:<36} {result.rate:>8.0f} {result.p50:>7.1f} {result.p95:>7.1f} "
                f"{result.p99:>7.1f} {share:>8.1%} {queries[endpoint.label]:>7} "
                f"{result.errors:>6}"
            )
    for note in notes:
        print(note)
    after = workers_memory(server) if server else {}
    if before and after:
        same = [pid for pid in before if pid in after]
        print()
        print(
            f"gunicorn workers' memory: {_mib(before, same)} after one request of each endpoint; "
            f"{_mib(after, same)} after {served:,} more requests among {len(after)} workers"
            + ("" if len(same) == len(before) == len(after) else " (a worker was replaced)")
        )


def _mib(sizes, pids):
    values = [sizes[pid] for pid in pids]
    return f"{min(values):.0f}–{max(values):.0f} MiB" if values else "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", "--count", dest="dossiers", type=int, default=100_000)
    parser.add_argument(
        "--procedures",
        type=int,
        default=0,
        help="procedures copied from the demo catalog, in all (generate_procedures)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--clients", default="1,16", help="comma-separated client counts")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", default="", help="only the endpoints whose label has this")
    parser.add_argument(
        "--existing-database",
        default="",
        help="a database a previous run filled, on DATABASE_URL's server (kept)",
    )
    args = parser.parse_args()

    production_like_environment()
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    with throwaway_database(existing=args.existing_database) as database:
        print(f"database: {database}")
        (Path(os.environ["PORTAL_VAR_DIR"]) / "staticfiles").mkdir(exist_ok=True)
        ready = prepare(
            args.dossiers,
            args.seed,
            existing=bool(args.existing_database),
            procedures=args.procedures,
        )
        port = free_port()
        server = start_gunicorn(port, args.workers)
        try:
            print(f"gunicorn {args.workers} sync workers on {os.cpu_count()} cores")
            run(port, args, ready, server)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
