"""`make run`'s last step: the portal, a Celery worker and beat on the embedded default.

Runs the real `manage.py serve` on SQLite and the filesystem broker in a temporary folder,
checks the page is served and a task goes through the worker, then stops everything with
one SIGINT (Ctrl-C) and checks that no process is left behind.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def embedded_env(var_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(PORTAL_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    return env


def processes_using(var_dir):
    """PIDs of live processes whose environment names this test's folder."""
    marker = f"PORTAL_VAR_DIR={var_dir}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                if (entry / "stat").read_text().split()[2] != "Z":
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def served_portal(tmp_path):
    var_dir = tmp_path / "var"
    env = embedded_env(var_dir)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield {
        "process": process,
        "port": port,
        "log": tmp_path / "serve.log",
        "env": env,
        "var": var_dir,
    }
    if process.poll() is None:
        process.kill()
    for pid in processes_using(var_dir):
        os.kill(pid, signal.SIGKILL)
    log.close()


def test_serve_runs_the_portal_worker_and_beat_and_one_ctrl_c_stops_them(served_portal):
    port, log = served_portal["port"], served_portal["log"]

    def home_answers():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    assert wait_for(home_answers, 60), log.read_text()
    assert wait_for(lambda: "ready." in log.read_text(), 60), log.read_text()

    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from procedures.tasks import refresh_current_versions as t; t.delay()",
        ],
        cwd=ROOT,
        env=served_portal["env"],
        check=True,
    )
    assert wait_for(
        lambda: (
            "procedures.tasks.refresh_current_versions" in log.read_text()
            and "succeeded" in log.read_text()
        ),
        60,
    ), log.read_text()
    assert "beat: Starting" in log.read_text()

    served_portal["process"].send_signal(signal.SIGINT)
    assert served_portal["process"].wait(timeout=30) == 0
    assert not home_answers()
    assert wait_for(lambda: not processes_using(served_portal["var"]), 20)
