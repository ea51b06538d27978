"""docker-compose.yml is for users' machines; here we check that it parses and is complete."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_names_the_services_of_a_deployment():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(compose["services"]) == {
        "postgres",
        "redis",
        "migrate",
        "web",
        "proxy",
        "worker",
        "beat",
    }


def test_web_and_workers_scale_out_behind_the_proxy():
    """`--scale web=3 --scale worker=3` works as it is: no replica publishes a host port (the
    proxy does), migrations run once before any of them, and the proxy resolves `web` per
    request so that every replica gets its share."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "ports" not in services["web"] and "ports" not in services["worker"]
    assert services["proxy"]["ports"] == ["8000:8000"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
        assert "migrate" not in " ".join(services[name]["command"])
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    proxy = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "resolver 127.0.0.11" in proxy and "http://web:8000" in proxy


def test_portal_services_run_in_production_mode_against_postgresql_and_redis():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_DEBUG"] == "false"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://")
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]


def test_dockerfile_builds_the_image_the_compose_file_runs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic" in dockerfile
    assert "gunicorn" in dockerfile
