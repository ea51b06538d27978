"""Production mode (DJANGO_DEBUG=false) refuses to start unsafely and passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-0123456789-abcdefghijklmnop"


def manage(*args, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="portal.example.vn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage(
        "check",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="short",
        DJANGO_ALLOWED_HOSTS="portal.example.vn",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_DEBUG="false", DJANGO_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="portal.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_are_the_embedded_mode():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)",
        DATABASE_URL="",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3", "filesystem://"]


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND'])",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/motcua",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://127.0.0.1:6379/3",
        "common.cache.ResilientRedisCache",
    ]


def test_files_go_to_an_s3_compatible_store_when_configured():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.core.files.storage import storages; d = storages['default']; "
        "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.default_acl)",
        DJANGO_FILE_STORAGE="s3",
        S3_BUCKET="mot-cua",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "mot-cua", "http://127.0.0.1:9000", "None"]


def test_an_s3_store_without_its_bucket_refuses_to_start():
    result = manage("check", DJANGO_FILE_STORAGE="s3", S3_ACCESS_KEY_ID="k")
    assert result.returncode != 0
    assert "S3_BUCKET" in result.stderr
