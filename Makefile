# The two commands a newcomer needs: `make run` and `make test`. Everything else is installed by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test assets browser check bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
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
test: install $(VENV)/.installed-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
