# Xmille — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k agenda -x"`.
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,test,production]"
	@touch $@

.PHONY: install
install: $(VENV)/.installed-run ## Create the virtualenv and install Xmille

.PHONY: migrate
migrate: install ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(BIN)/python manage.py migrate --no-input

.PHONY: demo
demo: migrate ## Load the demo network (safe to run again)
	$(BIN)/python manage.py load_demo --port $(PORT)

.PHONY: messages
messages: $(VENV)/.installed-run ## Compile the interface translations (locale/*/LC_MESSAGES/django.po to .mo, pure Python)
	$(BIN)/python manage.py compilemessages

.PHONY: makemessages
makemessages: $(VENV)/.installed-run ## Extract the interface strings into locale/{nl,de,en} (needs GNU gettext's xgettext: translators only)
	@command -v xgettext >/dev/null 2>&1 || { echo "makemessages needs GNU gettext (apt-get install gettext): only to extract strings, never to run Xmille."; exit 1; }
	$(BIN)/python manage.py makemessages -l nl -l de -l en --add-location=file --no-obsolete \
		--ignore=tests --ignore=static --ignore=media --ignore=build --ignore="*/migrations/*"
	$(BIN)/python manage.py compilemessages --check

.PHONY: run
run: demo messages ## Install, migrate, load the demo network and serve it on http://localhost:8000
	@echo "Sites: http://localhost:$(PORT)/ (quatremille), http://cinqmille.localhost:$(PORT)/, http://sixmille.localhost:$(PORT)/, http://septmille.localhost:$(PORT)/ — admin: http://localhost:$(PORT)/admin/ (admin / admin)"
	$(BIN)/python manage.py runserver $(PORT)

.PHONY: browser
browser: ## Install Debian's chromium for the browser tests (when missing and root)
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "chromium is missing and cannot be installed here (not root): browser tests will be skipped."; \
	fi

.PHONY: check
check: $(VENV)/.installed-test ## Django system checks and missing migrations
	DJANGO_SETTINGS_MODULE=xmille.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=xmille.settings.test $(BIN)/python manage.py makemigrations --check --dry-run --no-input

.PHONY: test
test: $(VENV)/.installed-test browser check messages ## Install what the tests need and run the whole suite
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

BENCH_DATABASE_URL ?= sqlite:///bench.sqlite3
BENCH_ARGS ?=

.PHONY: bench
bench: $(VENV)/.installed-test ## Seed a large network (50,000 events) and measure pages (BENCH_DATABASE_URL=postgres://... for PostgreSQL)
	@if [[ "$(BENCH_DATABASE_URL)" == sqlite* ]]; then rm -f bench.sqlite3; fi
	DJANGO_SETTINGS_MODULE=xmille.settings.bench DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --no-input -v0
	DJANGO_SETTINGS_MODULE=xmille.settings.bench DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench $(BENCH_ARGS)

LOAD_DATABASE_URL ?= $(BENCH_DATABASE_URL)
LOAD_CLIENTS ?= 100
LOAD_DURATION ?= 120
LOAD_ARGS ?=

.PHONY: wrk
wrk: ## Install Debian's wrk for `make load` (when missing and root)
	@if command -v wrk >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's wrk for the load test…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "wrk is missing and cannot be installed here (not root): apt-get install wrk."; exit 1; \
	fi

.PHONY: load
load: $(VENV)/.installed-test wrk ## Load test: production settings, gunicorn, Redis, the bench database, readers and a publishing editor (LOAD_CLIENTS=100 LOAD_DURATION=120, LOAD_ARGS=--smoke for a short run)
	@redis-cli ping >/dev/null 2>&1 || { echo "Redis must listen on 127.0.0.1:6379 (redis-server)."; exit 1; }
	@if [[ "$(LOAD_DATABASE_URL)" == sqlite* && ! -f bench.sqlite3 ]]; then \
		DJANGO_SETTINGS_MODULE=xmille.settings.bench DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py migrate --no-input -v0 && \
		DJANGO_SETTINGS_MODULE=xmille.settings.bench DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py bench --no-measure $(BENCH_ARGS); \
	fi
	DJANGO_SETTINGS_MODULE=xmille.settings.bench DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python manage.py load \
		--clients $(LOAD_CLIENTS) --duration $(LOAD_DURATION) $(LOAD_ARGS)

.PHONY: worker
worker: $(VENV)/.installed-test ## Run the background task worker (production: DJANGO_SETTINGS_MODULE=xmille.settings.production)
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-xmille.settings.production} $(BIN)/python manage.py db_worker

.PHONY: lint
lint: $(VENV)/.installed-test ## Lint and check formatting with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: $(VENV)/.installed-test ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: clean
clean: ## Remove the virtualenv, the SQLite database, media and collected static files
	rm -rf $(VENV) db.sqlite3 media static tests/e2e/artifacts .pytest_cache .ruff_cache
