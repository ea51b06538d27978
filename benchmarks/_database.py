"""A throw-away database for one benchmark run.

Without DATABASE_URL: a SQLite file in a new temporary folder. With DATABASE_URL naming a
PostgreSQL server: the database `motcua_bench` on that server, created at the start and dropped
at the end; no other database is touched (the server's `postgres` database only serves to issue
CREATE DATABASE and DROP DATABASE). Call `throwaway_database()` before `django.setup()`.
"""

import contextlib
import os
import shutil
import tempfile
from urllib.parse import unquote, urlsplit, urlunsplit

BENCH_DATABASE = "motcua_bench"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


@contextlib.contextmanager
def throwaway_database(existing: str = ""):
    """Point the environment at a fresh database; yield a description; drop it afterwards.
    With `existing`, the database of that name on DATABASE_URL's server, as it is and kept
    (a large one a previous run filled)."""
    folder = tempfile.mkdtemp(prefix="motcua-bench-")
    url = os.environ.get("DATABASE_URL", "")
    server = None
    if existing:
        parts = urlsplit(url)
        if parts.scheme not in POSTGRES_SCHEMES:
            raise SystemExit("--existing-database needs DATABASE_URL naming a PostgreSQL server")
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{existing}"))
        os.environ["PORTAL_VAR_DIR"] = folder
        try:
            yield f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{existing} (existing, kept)"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if url:
        parts = urlsplit(url)
        if parts.scheme not in POSTGRES_SCHEMES:
            raise SystemExit(f"DATABASE_URL must name a PostgreSQL server, not {parts.scheme}:")
        server = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
        }
        _admin(server, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
        _admin(server, f'CREATE DATABASE "{BENCH_DATABASE}"')
        url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
        description = f"PostgreSQL {server['host']}:{server['port']}/{BENCH_DATABASE}"
    else:
        description = f"SQLite {folder}/portal.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ["PORTAL_VAR_DIR"] = folder
    try:
        yield description
    finally:
        if server is not None:
            _close_django_connections()
            _admin(server, f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


def _admin(server, statement):
    import psycopg2

    connection = psycopg2.connect(dbname="postgres", **server)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _close_django_connections():
    with contextlib.suppress(Exception):
        from django.db import connections

        connections.close_all()


def production_like_environment():
    """DEBUG off (no query log), with the secrets and hosts production settings require."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_SECRET_KEY"] = "bench-" + os.urandom(32).hex()
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"


@contextlib.contextmanager
def demo_database():
    """A throw-away database with production-like settings, Django set up, migrated and the
    demo catalog and accounts loaded (each benchmark's common start); yields its
    description, already printed."""
    production_like_environment()
    with throwaway_database() as database:
        import django

        django.setup()
        from django.core.management import call_command

        from procedures.demo.seed import seed_demo

        print(f"database: {database}")
        call_command("migrate", verbosity=0)
        seed_demo(password=os.urandom(16).hex())
        yield database
