# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed-stamp
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install run test lint typecheck pytest test-postgres openapi client lock clean bench bench-http bench-division bench-smoke tour

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

PO_FILES := $(wildcard app/locales/*/LC_MESSAGES/*.po)
MO_FILES := app/locales/zh_Hans_CN/LC_MESSAGES/messages.mo

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(MO_FILES): $(STAMP) $(PO_FILES)
	$(BIN)/troupe translations compile

install: $(STAMP) $(MO_FILES)  ## Create .venv, install pinned dependencies, compile catalogs

run: install  ## Migrate, seed the demo if the database is empty, and serve
	$(BIN)/troupe db upgrade
	$(BIN)/troupe seed-demo --if-empty
	@echo ""
	@echo "  Troupe is starting at http://$(HOST):$(PORT)"
	@echo "  API docs:  http://$(HOST):$(PORT)/docs"
	@echo "  Sign in:   demo@example.com / troupe-demo"
	@echo ""
	$(BIN)/troupe serve --host $(HOST) --port $(PORT) --no-migrate

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy app tests bench

# pytest-xdist: TEST_WORKERS processes (auto: one per core), each with its own database.
TEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup

pytest: install
	$(BIN)/pytest $(PYTEST_PARALLEL)

test: lint typecheck pytest  ## Lint, type-check and run the tests (SQLite)

test-postgres: install  ## Run the database tests again on PostgreSQL (browser tests run once, in `test`)
	TROUPE_TEST_DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser"

BENCH_SIZE ?= full
BENCH_PG ?= postgresql+psycopg://postgres@127.0.0.1:5432

# The HTTP benchmark (bench/README.md): SIZE=XS|S|M|L (or S,M), DB=sqlite|postgresql|both.
SIZE ?= S
DB ?= both
CONCURRENCY ?= 4
WORKERS ?= 1
FACTOR ?= 1

bench: bench-http bench-division  ## Every benchmark (bench/README.md); the knobs below apply

bench-http: install  ## Real server vs a raw-SQL baseline (SIZE=XS|S|M|L DB=sqlite|postgresql|both; JSON in bench/results/)
	$(BIN)/python -m bench --size $(SIZE) --db $(DB) --concurrency $(CONCURRENCY) \
	  --workers $(WORKERS) --factor $(FACTOR) --pg-url $(BENCH_PG)/troupe_bench_http

bench-smoke: install  ## The HTTP benchmark, tiny (XS and S, SQLite): fails only if the harness breaks or statements grow
	$(BIN)/python -m bench --size XS,S --db sqlite --factor 0.1

bench-division: install  ## Division endpoints on SQLite and PostgreSQL (drops and recreates $(BENCH_PG)/troupe_bench_division)
	$(BIN)/python bench/division.py --size $(BENCH_SIZE) --pg-url $(BENCH_PG)/troupe_bench_division

FUZZ_EXAMPLES ?= 200
FUZZ_DB ?=

.PHONY: fuzz
fuzz: install  ## Fuzz longer: schemathesis and the property tests, new random examples (FUZZ_EXAMPLES, FUZZ_DB=postgresql+psycopg://…)
	TROUPE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) TROUPE_PROPERTY_EXAMPLES=$(FUZZ_EXAMPLES) TROUPE_FUZZ_RANDOM=1 \
	  TROUPE_TEST_DATABASE_URL=$(FUZZ_DB) $(BIN)/pytest tests/fuzz tests/properties

tour: install  ## Retake docs/tour/ screenshots from a pristine, freshly seeded temporary database
	$(BIN)/python bench/tour.py

openapi: install  ## Write openapi.json
	$(BIN)/troupe openapi > openapi.json

client: openapi  ## Generate a Python client package in troupe_client/
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/openapi-python-client generate --path openapi.json \
	  --meta none --output-path troupe_client --overwrite

lock:  ## Re-pin constraints.txt from a fresh environment
	rm -rf /tmp/troupe-lock && $(PYTHON) -m venv /tmp/troupe-lock
	/tmp/troupe-lock/bin/pip install --quiet -e '.[dev]'
	(echo "# Exact versions installed by make (pip install -c constraints.txt). Regenerate with make lock."; \
	 /tmp/troupe-lock/bin/pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
