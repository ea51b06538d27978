"""`manage.py serve`: the portal, its Celery worker and beat, together; one Ctrl-C stops all.

Used by `make run` in embedded mode (SQLite, filesystem broker). Each part is a child
process; if one dies the others are stopped too, so a half-running portal never lingers.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

DEMO_LOGINS = ("citizen", "citizen2", "officer", "specialist", "head", "leader", "admin")


class Command(BaseCommand):
    help = "Serve the portal with its Celery worker and beat (development and demo)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")
        parser.add_argument("--no-worker", action="store_true", help="do not start Celery")

    def handle(self, *args, addr, no_worker, **options):
        python = sys.executable
        parts = {"web": [python, "manage.py", "runserver", addr, "--noreload"]}
        if not no_worker:
            celery = [python, "-m", "celery", "-A", "portal"]
            parts["worker"] = celery + [
                "worker",
                "--pool",
                "solo",
                "-l",
                "INFO",
                "-n",
                "motcua@%h",
            ]
            parts["beat"] = celery + [
                "beat",
                "-l",
                "INFO",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ]
        children = {
            name: subprocess.Popen(cmd, start_new_session=True) for name, cmd in parts.items()
        }
        self._banner(addr)
        stop = {"now": False}

        def on_signal(signum, frame):
            stop["now"] = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        try:
            while not stop["now"]:
                dead = [name for name, child in children.items() if child.poll() is not None]
                if dead:
                    self.stderr.write(f"{', '.join(dead)} stopped; stopping the rest.")
                    break
                time.sleep(0.5)
        finally:
            self._stop(children)
        self.stdout.write("Stopped.")

    def _banner(self, addr):
        host = addr if ":" in addr else f"127.0.0.1:{addr}"
        lines = [
            "",
            f"  Một Cửa is running at http://{host}/",
            f"  Admin: http://{host}/admin/   API docs: http://{host}/api/docs/",
        ]
        if settings.DEBUG:
            lines.append(
                f"  Demo logins ({', '.join(DEMO_LOGINS)}), password: {settings.DEMO_PASSWORD}"
            )
        lines += ["  Press Ctrl-C once to stop the portal, the worker and beat.", ""]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()

    def _stop(self, children):
        for child in children.values():
            if child.poll() is None:
                child.terminate()  # the child's own warm shutdown stops what it started
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
