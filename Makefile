# Một Cửa: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# Tests use the PostgreSQL and Redis that run on every development and CI machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/motcua
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# Debian packages the tests need: browser tests, PDF reading, fast weasyprint, fonts, gettext,
# Redis, and SoftHSM (a PKCS#11 token for the signing tests).
TEST_DEBIAN_PACKAGES := chromium chromium-driver poppler-utils libharfbuzz-subset0 fonts-noto-core gettext redis-server softhsm2

.PHONY: help install run test lint format messages bench system-packages services clean

help:
	@echo "make run    serve the portal with demo data (SQLite, no servers needed)"
	@echo "make test   the whole test suite against PostgreSQL and Redis on 127.0.0.1"
	@echo "make lint   ruff check and format check"
	@echo "make bench  benchmarks (ratios to a bare Django view and bare inserts)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py generate_dossiers --count 300 --days 30 --seed 2026 --if-empty --no-progress
	$(BIN)/python manage.py serve

system-packages:
	@scripts/ensure-debian-packages $(TEST_DEBIAN_PACKAGES)

services:
	@scripts/ensure-services

# The suite on PostgreSQL and Redis, then again on the embedded default that `make run` uses
# (SQLite, no Redis), browser tests aside: what works on one must work on the other.
test: install system-packages services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)
	rm -rf var/test-sqlite
	PORTAL_VAR_DIR=var/test-sqlite DATABASE_URL= REDIS_URL= $(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages -l en -l vi --ignore=.venv

# Speed targets live here, as ratios to a bare view or bare inserts (benchmarks/README.md).
bench: install
	@scripts/ensure-debian-packages wrk
	$(BIN)/python benchmarks/bench_generate.py --count 100000
	$(BIN)/python benchmarks/bench_api.py --dossiers 100000 --procedures 10000 --duration 10
	$(BIN)/python benchmarks/bench_submit.py --count 500
	$(BIN)/python benchmarks/bench_sweep.py --count 100000
	$(BIN)/python benchmarks/bench_catalog.py --procedures 10000

clean:
	rm -rf var .pytest_cache
