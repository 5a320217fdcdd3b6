# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found; Loslaten needs Python 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-deps: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(VENV)/.run-deps

# Migrate, load the sample articles into an empty database, then serve with the worker
# and the clock alongside; Ctrl-C stops all three.
run: $(VENV)/.run-deps
	$(BIN)/loslaten migrate --noinput
	$(BIN)/loslaten loadsample
	@echo "Loslaten runs on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	@trap 'kill 0' INT TERM EXIT; \
	LOSLATEN_DEBUG=$${LOSLATEN_DEBUG:-1} $(BIN)/loslaten db_worker --queue-name '*' --no-reload & \
	$(BIN)/loslaten clock & \
	LOSLATEN_DEBUG=$${LOSLATEN_DEBUG:-1} $(BIN)/loslaten runserver $(HOST):$(PORT)

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole suite, browser tests included (they need /usr/bin/chromium).
test: lint
	$(BIN)/loslaten makemigrations --check --dry-run >/dev/null || { echo "make: a model change has no migration; run loslaten makemigrations" >&2; exit 1; }
	$(BIN)/pytest $(PYTEST_ARGS)

# Refresh the translation catalogues after changing texts (needs GNU gettext).
messages: $(VENV)/.run-deps
	for app in core accounts content search practice newsletter; do \
	  (cd loslaten/$$app && mkdir -p locale && ../../$(BIN)/loslaten makemessages -l en --no-obsolete) || exit 1; \
	done
	$(BIN)/loslaten compilemessages --ignore '.venv'

clean:
	rm -rf $(VENV) var/static
