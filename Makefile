# The two commands a newcomer needs: `make run` and `make test`. Everything else is installed by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install install-test assets browser check bench clean

# The site is the `site` extra: a plain `pip install coqi` is only the libraries coqi.spc and coqi.text (ADR 0030).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[site]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[site,test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

install: $(VENV)/.installed assets

# Installs everything, migrates the embedded SQLite database, loads the demo once and serves it.
run: install
	$(BIN)/coqi migrate
	$(BIN)/coqi demo
	$(BIN)/coqi serve

# Installs what the tests need (Debian's chromium when missing and we are root) and runs every test.
# pytest spreads the tests over one worker per core (addopts in pyproject.toml); PYTEST_ARGS="-n 0" for one process.
test: install $(VENV)/.installed-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The linter and the formatter's check; `.ci/run` runs this before the tests.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi

check: install
	$(BIN)/coqi check

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/spc_bench.py

clean:
	rm -rf $(VENV) node_modules var staticfiles
