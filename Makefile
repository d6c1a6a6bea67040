# Two commands a stranger needs: `make run` and `make test`. Everything else is for the team.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= data/docs.db

.PHONY: run test test-fast build-index fetch-docs bench soak lint format clean system-deps

# Runtime deps only for serving; the test/dev tools come with the second stamp.
$(BIN)/.runtime: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.dev: $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.runtime  ## serve the site on the shipped data/docs.db
	$(BIN)/python -m web --host $(HOST) --port $(PORT)

system-deps:  ## Debian packages the tests need: chromium, python3.11-doc
	scripts/system-deps.sh chromium python3.11-doc

fetch-docs: $(BIN)/.runtime  ## the docs builds of parser/versions.toml, into .cache/docs (apt-get download)
	$(BIN)/python -m parser.sources >/dev/null

test: $(BIN)/.dev system-deps fetch-docs  ## install what tests need, then run the whole suite
	$(BIN)/python -m pytest

test-fast: $(BIN)/.dev  ## the suite without the browser and the full docs
	$(BIN)/python -m pytest -m "not browser and not realdocs"

# Every version of parser/versions.toml (fetched), or DOCS="[VERSION=]FOLDER ..." for other builds.
build-index: $(BIN)/.runtime  ## rebuild data/docs.db from the docs versions in parser/versions.toml
	$(BIN)/python -m parser $(DOCS) --output $(DB)

bench: $(BIN)/.dev  ## measure speed and memory; writes BENCHMARKS.md
	scripts/system-deps.sh python3.11-doc wrk
	$(BIN)/python -m bench

soak: $(BIN)/.dev  ## 64 connections of hostile + normal queries for SOAK_SECONDS (180): zero 5xx, flat memory
	scripts/system-deps.sh wrk
	$(BIN)/python -m bench.soak

lint: $(BIN)/.dev  ## ruff, formatting and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(BIN)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
