# giamsat — `make help` lists the targets.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
export GIAMSAT_DATA_DIR ?= $(CURDIR)/var

.PHONY: help install install-test run demo serve test test-fast e2e extract-score lint clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python ## create .venv and install giamsat with its dependencies
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python ## install giamsat with the test dependencies
	$(BIN)/pip install -q -e '.[test]'

run: install ## install, migrate, load the demo and serve on http://$(HOST):$(PORT)
	$(BIN)/giamsat migrate --noinput -v0
	$(BIN)/giamsat demo
	$(BIN)/giamsat serve --host $(HOST) --port $(PORT)

serve: install ## serve without touching the data
	$(BIN)/giamsat serve --host $(HOST) --port $(PORT)

test: install-test ## run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest -n 2 -q

test-fast: ## run the suite without reinstalling
	$(BIN)/python -m pytest -n 2 -q -x

extract-score: install-test ## precision/recall/F1 of the extractor on the seed documents
	$(BIN)/python -m giamsat.ingest.score

lint: install-test ## ruff, Django checks, missing migrations
	$(BIN)/pip install -q ruff
	$(BIN)/ruff check src tests
	$(BIN)/giamsat check
	$(BIN)/giamsat makemigrations --check --dry-run

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var .pytest_cache
