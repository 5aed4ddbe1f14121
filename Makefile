# giamsat — `make help` lists the targets.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
export GIAMSAT_DATA_DIR ?= $(CURDIR)/var

.PHONY: help install install-test run demo serve test test-fast test-django-next extract-score fuzz crash-test multinode-test api-fuzz load-test synth bench bench-ingest lint clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python ## create .venv and install giamsat with its dependencies
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python ## install giamsat with the test dependencies
	$(BIN)/pip install -q -e '.[test]'

# `make run` serves as a province's server would (ADR 0038): DEBUG off, a secret key generated once into the data
# directory, Vietnamese error pages; with the demo loaded it is a demo instance (GIAMSAT_DEMO_MODE=1, ADR 0015).
# A developer turns DEBUG on explicitly: `DEBUG=1 make run`.
RUN_ENV = DEBUG=$${DEBUG:-0} GIAMSAT_DEMO_MODE=$${GIAMSAT_DEMO_MODE:-1}

run: install ## install, migrate, load the demo and serve it (DEBUG off, demo instance) on http://$(HOST):$(PORT)
	$(RUN_ENV) $(BIN)/giamsat migrate --noinput -v0
	$(RUN_ENV) $(BIN)/giamsat demo
	$(RUN_ENV) $(BIN)/giamsat serve --host $(HOST) --port $(PORT)

serve: install ## serve without touching the data
	$(BIN)/giamsat serve --host $(HOST) --port $(PORT)

# --dist loadscope: the tests of a module run on one worker, so data a module builds once (the demo province,
# tests/conftest.py kept_in_a_rolled_back_transaction) is built once, not on both workers. (loadgroup would
# be finer, but xdist 3.8 marks groups through Item._nodeid, which pytest 9 no longer reads.)
test: install-test ## run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest -n 2 --dist loadscope -q

test-fast: ## run the suite without reinstalling
	$(BIN)/python -m pytest -n 2 --dist loadscope -q -x

# core.compiled reads ORM internals (ADR 0013) and core.filecache overrides the file cache's _cull (ADR 0058):
# their tests run on the next Django release before we move to it.
# Django 6.0 needs Python >= 3.12 (PYTHON_NEXT); a separate virtual environment, .venv-next.
PYTHON_NEXT ?= python3.12
DJANGO_NEXT ?= Django>=6.0,<6.1
test-django-next: ## core.compiled's and core.filecache's tests on the next Django release (DJANGO_NEXT, PYTHON_NEXT), in .venv-next
	test -x .venv-next/bin/python || $(PYTHON_NEXT) -m venv .venv-next
	.venv-next/bin/pip install -q -e '.[test]'
	.venv-next/bin/pip install -q '$(DJANGO_NEXT)'  # over pyproject's "<6.0": pip warns, installs it
	.venv-next/bin/python -m pytest -q -p no:xdist tests/domain/test_compiled.py tests/ops/test_filecache.py

CORPUS ?= $(firstword $(wildcard ../shared/corpus ../../shared/corpus))
extract-score: install-test ## extractor P/R/F1 on the seeds, and on ../shared/corpus when present (CORPUS=dir)
	$(BIN)/python -m giamsat.ingest.score
	@if [ -n "$(CORPUS)" ] && [ -f "$(CORPUS)/score_extract.py" ]; then \
		echo "== development corpus $(CORPUS)"; \
		cd "$(CORPUS)" && python3 score_extract.py "$(abspath $(BIN))/giamsat" docs gold; \
	else echo "(no development corpus at ../shared/corpus: set CORPUS=dir to score it)"; fi

fuzz: install-test ## a longer fuzzing run of the extractors (FUZZ_EXAMPLES, default 2000)
	GIAMSAT_FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} $(BIN)/python -m pytest -q -p no:xdist tests/ingest/test_ingest_fuzz.py

crash-test: install-test ## SIGKILL the server mid-burst of writes, check nothing acknowledged is lost
	$(BIN)/python scripts/crash_test.py

multinode-test: install-test ## two nodes on PostgreSQL, Redis and S3 (moto) on loopback: files, cache, jobs shared
	$(BIN)/python scripts/multinode_test.py

api-fuzz: install-test ## schemathesis against the running server's OpenAPI schema
	$(BIN)/python scripts/api_fuzz.py --max-examples $${API_FUZZ_EXAMPLES:-50} --seconds 1200

load-test: install-test ## agency writers and leader readers on PostgreSQL for LOAD_SECONDS (default 120)
	$(BIN)/python scripts/load_test.py --seconds $${LOAD_SECONDS:-120}

synth: install ## synthetic data at SCALE=small|province|national (SEED=57) in the configured database
	$(BIN)/giamsat synth --scale $${SCALE:-small} --seed $${SEED:-57}

bench: install-test ## the benchmark: BENCH_SCALE=province|national, PostgreSQL when DATABASE_URL is set
	$(BIN)/python bench/run.py --scale $${BENCH_SCALE:-province}

bench-ingest: install-test ## extraction time: a 40-page born-digital PDF and a 16-page scan (PAGES, SCAN_PAGES)
	$(BIN)/python bench/ingest_speed.py --pages $${PAGES:-40} --scan-pages $${SCAN_PAGES:-16}

lint: $(BIN)/ruff ## ruff, the layering of the apps (import-linter), Django checks, missing migrations
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/giamsat check --fail-level WARNING
	$(BIN)/giamsat makemigrations --check --dry-run

$(BIN)/ruff: $(BIN)/python  # installed with the test extras, once (make install-test upgrades)
	$(BIN)/pip install -q -e '.[test]'

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var .pytest_cache
