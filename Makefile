# The two commands of the README: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast lint check build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/wijkwerk serve --demo

test: lint
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=30

# The quick suite while working: no slow and no browser tests (CI runs everything).
test-fast: lint
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not slow and not browser" -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: $(VENV)/.installed
	$(BIN)/wijkwerk check

build: $(VENV)/.installed
	$(BIN)/wijkwerk build

# Benchmarks (not tests): see benchmarks/ and docs/benchmarks.md. Each prints a table and
# writes benchmarks/results/<name>.json; they need ../shared/ (CBS data, pabulib files).
.PHONY: bench bench-site bench-ballots bench-vote-cpu bench-tally bench-tally-processes bench-commands
bench: bench-site bench-ballots bench-vote-cpu bench-tally bench-tally-processes bench-commands

bench-site: $(VENV)/.installed
	$(BIN)/python benchmarks/site_build.py

bench-ballots: $(VENV)/.installed
	$(BIN)/python benchmarks/ballot_load.py

bench-vote-cpu: $(VENV)/.installed
	$(BIN)/python benchmarks/vote_cpu.py

bench-tally: $(VENV)/.installed
	$(BIN)/python benchmarks/tally_vs_pabutools.py

bench-tally-processes: $(VENV)/.installed
	$(BIN)/python benchmarks/tally_processes.py

bench-commands: $(VENV)/.installed
	$(BIN)/python benchmarks/commands.py
