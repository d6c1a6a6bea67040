# Two commands a stranger needs: `make run` and `make test`. Everything else is for the team.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DB ?= data/docs.db
# Every Python dependency pinned with hashes, exported from uv.lock by `make lock`.
LOCKED := requirements

.PHONY: run test test-fast build-index load-postgres fetch-docs bench soak lint lock lock-check format clean

# Runtime deps only for serving; the test/dev tools come with the second stamp. Exactly the locked
# versions, hash-checked, with plain pip: a fresh machine needs nothing but Python 3.11+.
$(BIN)/.runtime: $(LOCKED)/runtime.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCKED)/runtime.txt
	touch $@

$(BIN)/.dev: $(LOCKED)/dev.txt $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCKED)/dev.txt
	touch $@

run: $(BIN)/.runtime  ## serve the site on the shipped data/docs.db
	$(BIN)/python -m web --host $(HOST) --port $(PORT)

fetch-docs: $(BIN)/.runtime  ## the docs builds debian-packages.toml names, into .cache/docs (apt-get download)
	$(BIN)/python -m parser.sources >/dev/null

test: $(BIN)/.dev fetch-docs  ## install what tests need, then run the whole suite
	$(PYTHON) scripts/system_deps.py test
	$(BIN)/python -m pytest

test-fast: $(BIN)/.dev  ## the suite without the browser and the full docs
	$(BIN)/python -m pytest -m "not browser and not realdocs"

# Every docs version of debian-packages.toml (fetched), or DOCS="[VERSION=]FOLDER ..." for other builds.
build-index: $(BIN)/.runtime  ## rebuild data/docs.db from the docs versions in debian-packages.toml
	$(BIN)/python -m parser $(DOCS) --output $(DB)

# PYDOCS_DATABASE_URL=postgresql+asyncpg://user@host/dbname make load-postgres; then `make run` serves it.
load-postgres: $(BIN)/.runtime  ## load data/docs.db (or DB=...) into the PostgreSQL at PYDOCS_DATABASE_URL
	$(BIN)/python -m parser.postgres_load $(DB)

bench: $(BIN)/.dev fetch-docs  ## measure speed and memory; writes BENCHMARKS.md
	$(PYTHON) scripts/system_deps.py bench
	$(BIN)/python -m bench

soak: $(BIN)/.dev  ## 64 connections of hostile + normal queries for SOAK_SECONDS (180): zero 5xx, flat memory
	$(PYTHON) scripts/system_deps.py soak
	$(BIN)/python -m bench.soak

lint: $(BIN)/.dev  ## ruff, formatting and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Re-resolve after editing pyproject.toml; `make lock UPGRADE=1` moves every package to its newest release.
lock: $(BIN)/.dev  ## update uv.lock and requirements/ on purpose
	$(BIN)/uv lock $(if $(UPGRADE),--upgrade)
	$(BIN)/uv export --quiet --frozen --no-header --no-emit-project --no-dev -o $(LOCKED)/runtime.txt
	$(BIN)/uv export --quiet --frozen --no-header --no-emit-project --all-extras -o $(LOCKED)/dev.txt

lock-check: $(BIN)/.dev  ## fail when pyproject.toml, uv.lock and requirements/ disagree
	$(BIN)/uv lock --check
	diff <($(BIN)/uv export --quiet --frozen --no-header --no-emit-project --no-dev) $(LOCKED)/runtime.txt
	diff <($(BIN)/uv export --quiet --frozen --no-header --no-emit-project --all-extras) $(LOCKED)/dev.txt

format: $(BIN)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
