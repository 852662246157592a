# Two commands on a fresh machine: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test lint bench docs install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Click/Typer's own words in Indonesian (pengadaan/cli/bahasa.py): the catalogue is kept
# as .po and compiled here, so no binary is committed.
CATALOGUE := pengadaan/cli/locale/id/LC_MESSAGES/messages
$(CATALOGUE).mo: $(CATALOGUE).po $(STAMP)
	$(BIN)/pybabel compile -i $(CATALOGUE).po -o $(CATALOGUE).mo

# Byte-compiled here, so a user who cannot write the source folders does not recompile
# every module on every command (issue #15).
install: $(STAMP) $(CATALOGUE).mo
	$(BIN)/python -m compileall -q pengadaan db tui

demo: $(STAMP) $(CATALOGUE).mo
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/pengadaan --db demo.db demo
	$(BIN)/pengadaan --db demo.db tui

# Two pytest-xdist workers, each with its own PostgreSQL database (tests/conftest.py);
# worksteal keeps both busy to the end (a few data tests take far longer than the rest;
# tests/conftest.py starts the modules of tests marked `slow` first).
# pytest keeps its assertion-rewritten test modules in __pycache__ only where bytecode may
# be written: with PYTHONDONTWRITEBYTECODE set (as in some shells and containers) every
# worker rewrote all of tests/ again on each run, ~5 CPU-seconds each.
TEST_WORKERS ?= 2
PYTEST_ARGS ?=

test: $(STAMP) $(CATALOGUE).mo
	. .ci/pg-test-env && PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# docs/cli.md is written from the commands themselves (tests/test_docs.py checks it).
docs: $(STAMP) $(CATALOGUE).mo
	$(BIN)/python -m pengadaan.cli.reference docs/cli.md

# The bench's own extra (the TUI baseline app), kept out of the product and of `make test`.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# The bench has its own PostgreSQL database: it empties it, and may run beside `make test`.
bench: $(STAMP) $(BENCH_STAMP) $(CATALOGUE).mo
	export PENGADAAN_TEST_PG_NAME=pengadaan_bench && . .ci/pg-test-env && $(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(CATALOGUE).mo demo.db demo.db-wal demo.db-shm bench/results.json
