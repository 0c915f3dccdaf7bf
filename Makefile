# Everything a fresh machine with Python 3.11+ needs: `make demo`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck layers pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A "compat" editable install is a plain path in a .pth file; the default
# mode installs an import hook that every Python start-up in the venv imports
# (about 40 ms of each fresh `searchbrief query`).
EDITABLE := --config-settings editable_mode=compat
# setuptools calls that mode transitional, in a box on every install; the one
# warning is silenced by its message (it is the mode we chose, for the reason
# above), every other warning still shows.
QUIET_COMPAT := PYTHONWARNINGS="ignore:Compat editable installs"

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(QUIET_COMPAT) $(BIN)/python -m pip install --quiet $(EDITABLE) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(QUIET_COMPAT) $(BIN)/python -m pip install --quiet $(EDITABLE) -e '.[dev]'
	touch $@ $(VENV)/.installed

## demo: install, index the embedded seeds/ and query them
demo: $(VENV)/.installed
	$(BIN)/searchbrief index seeds
	$(BIN)/searchbrief query "Strategic Stability Dialogue"

## test: install with dev tools, then lint, type-check, check the layers and run the tests
test: lint typecheck layers pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check searchbrief tests bench
	$(BIN)/ruff format --check searchbrief tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy --strict searchbrief

layers: $(VENV)/.installed-dev
	$(BIN)/lint-imports --no-cache

# The browser tests (tests/test_browser.py) drive Debian's Chromium; without it they are skipped.
pytest: $(VENV)/.installed-dev
	@test -x /usr/bin/chromium || echo "make test: /usr/bin/chromium is missing, so the browser tests are SKIPPED (apt-get install chromium to run them)"
	$(BIN)/pytest

## bench: searchbrief next to SQLite FTS5 on $SEARCHBRIEF_CORPUS (else seeds/) at 1x, 2x, 4x
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
