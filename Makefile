# ITO Portal. `make run` sets everything up and starts the portal with demo data;
# `make test` runs the whole suite (lint, migrations, translations, unit, integration, browser).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: help run install install-dev system-deps test lint format check-migrations \
        check-translations messages translations pytest bench vendor lock screenshots clean

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(PY):
	$$(bash scripts/find-python.sh) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base: requirements/base.txt | $(PY)
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt | $(PY)
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.base

install: $(VENV)/.base translations  ## virtualenv with the runtime dependencies

install-dev: $(VENV)/.dev translations  ## virtualenv with runtime and test dependencies

translations: $(VENV)/.base  ## compile locale/*.po to .mo (pure Python, no gettext needed)
	$(MANAGE) compile_translations

run: install  ## migrate, load demo data, start web + Celery worker + beat (DEBUG on)
	@bash scripts/ensure-system-deps.sh || echo "warning: without Debian's chromium the worker cannot print PDF reports"
	DEBUG=$${DEBUG:-1} $(MANAGE) migrate --no-input
	DEBUG=$${DEBUG:-1} $(MANAGE) seed_demo --if-empty
	@echo ""
	@echo "  ITO Portal: http://127.0.0.1:$(PORT)/   (API docs: /api/docs/, admin: /admin/)"
	@echo "  database: $${DATABASE_URL:-SQLite under var/}   broker: $${CELERY_BROKER_URL:-$${REDIS_URL:-on-disk under var/celery/}}"
	@echo ""
	DEBUG=$${DEBUG:-1} PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

system-deps:  ## Debian packages the tests need (chromium, gettext, CJK fonts)
	bash scripts/ensure-system-deps.sh

test: install-dev system-deps lint check-migrations check-translations pytest  ## the whole suite

lint: install-dev  ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install-dev  ## models and migrations agree
	$(MANAGE) makemigrations --check --dry-run

check-translations: install-dev  ## every string is in the catalogues and translated
	$(PY) scripts/check_translations.py

messages: install-dev  ## extract new strings into locale/zh_Hans (then translate them)
	$(MANAGE) makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete --no-location
	$(MANAGE) makemessages --domain djangojs --locale zh_Hans --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'static/vendor/*' --no-obsolete --no-location

pytest: install-dev  ## the test suite alone (unit, integration, browser)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

bench: install-dev  ## performance benchmarks (see bench/README.md)
	$(PY) bench/run.py

screenshots: install-dev system-deps  ## README screenshots of each role's dashboard, both languages
	$(PY) scripts/screenshots.py

vendor:  ## refresh static/vendor/ from package.json (needs npm)
	bash scripts/vendor-assets.sh

lock: | $(PY)  ## re-pin requirements/*.txt from pyproject.toml
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements/base.txt pyproject.toml
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.txt pyproject.toml

clean:  ## remove the virtualenv and everything under var/
	rm -rf $(VENV) var
