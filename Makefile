# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0 -x" for one process that stops early.
PYTEST_ARGS ?= -n auto --dist worksteal
# Python's own default: compiled modules (and pytest's rewritten test modules) are kept in
# __pycache__ and reused. Where the environment says PYTHONDONTWRITEBYTECODE, every process of
# every run compiled the project and rewrote the tests again: about 3 s of CPU per test worker.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: lint typecheck run test install install-test assets migrate seed serve serve-prod check clean chromium screenshots bench bench-smoke load-test

# Pick the first Python >= 3.12: pyenv's (per .python-version), then python3.13/3.12 on PATH.
PYTHON_BOOT := $(shell for c in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 python3; do \
	[ -n "$$c" ] && command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v "$$c"; break; }; done)

$(VENV)/bin/activate:
	@if [ -z "$(PYTHON_BOOT)" ]; then echo "Error: Python 3.12 or newer is required (none found; install it, e.g. 'pyenv install 3.12')." >&2; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON_BOOT)"
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[bench]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# GOV.UK Frontend styles and scripts (package.json): install with npm, compile into static/dist/.
node_modules/.installed: package.json $(wildcard package-lock.json)
	@command -v npm >/dev/null 2>&1 || { echo "Error: Node.js and npm are required to build the GOV.UK Frontend assets (e.g. 'apt-get install nodejs npm')." >&2; exit 1; }
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

static/dist/.built: node_modules/.installed $(wildcard static/scss/*.scss) scripts/build-assets.mjs
	npm run build
	@touch $@

assets: static/dist/.built

migrate: install assets
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

# Production-style: PostgreSQL (DATABASE_URL) and the environment in docs/deployment.md; gunicorn
# serves the app while a db_worker renders agreements and sends reminders. Stop with Ctrl-C.
serve-prod: install assets
	@test -n "$$DATABASE_URL" || { echo "Error: set DATABASE_URL and the other variables in docs/deployment.md." >&2; exit 1; }
	export DJANGO_SETTINGS_MODULE=config.settings.production; \
	$(PY) manage.py migrate --no-input && $(PY) manage.py collectstatic --no-input --verbosity 0 && \
	{ $(PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -c config/gunicorn.conf.py; }

# Benchmarks (bench/run_all.py): England's size by default, results in bench/results/latest.md.
# On PostgreSQL: scripts/with-postgres make bench. BENCH_ARGS="--scale mid --rounds 20" for less.
bench: install-test
	$(PY) bench/run_all.py $(BENCH_ARGS)

# CI's smoke version: tiny data, every page answers 200 with a constant query count; no timing targets.
bench-smoke: install
	$(PY) bench/run_all.py --scale smoke --skip-others

# Load test (bench/load_test.py): its own throwaway PostgreSQL, gunicorn + db_worker, wrk and locust
# on loopback; about 5 minutes. LOAD_ARGS="--users 50 --readers 50 --think-seconds 5 --duration 60".
load-test: $(VENV)/.installed-bench assets
	$(PY) bench/load_test.py $(LOAD_ARGS)

# The browser tests drive Debian's Chromium headless shell (Playwright's own browser download
# cannot be used here).
CHROMIUM ?= /usr/bin/chromium-headless-shell
export CHROMIUM
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "Installing Chromium's headless shell for the browser tests (apt-get install chromium-headless-shell)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null \
		|| { echo "Error: could not install Chromium; the browser tests need $(CHROMIUM) (run 'sudo apt-get install chromium-headless-shell')." >&2; exit 1; }; \
	fi

# Every page the browser journeys look at, saved full-page to test-output/screenshots/.
screenshots: install-test assets chromium
	TP_SCREENSHOTS=1 $(PY) -m pytest tests/browser $(PYTEST_ARGS)

test: install-test assets chromium
	@# A test database template the schema needs is built in the background meanwhile (tests/db_template.py).
	@$(PY) -m tests.db_template > /dev/null 2>&1 &
	$(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff (pyproject.toml): lint, import order and format; CI fails on any of them.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy + django-stubs over the domain apps (pyproject.toml [tool.mypy]); CI fails on any error.
typecheck: install-test
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles node_modules static/dist test-output
