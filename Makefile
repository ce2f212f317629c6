# make run:  install what is needed into .venv and serve on http://127.0.0.1:5000
# make test: install what is needed (Python packages, Debian's chromium and nginx, axe-core) and run every test
# make test-fast: the same checks without the slow exhaustive modules, for use while developing
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_TOOLS := /usr/bin/chromium /usr/bin/zbarimg /usr/bin/pdftotext /usr/sbin/nginx
AXE := node_modules/axe-core/axe.min.js
LOCKS := requirements/main.txt requirements/test.txt
UV_VERSION := 0.13.9
LOCK_FLAGS := --quiet --universal --python-version 3.11 --generate-hashes --custom-compile-command 'make lock'

.PHONY: run test test-fast check lint format messages maps clean lock lock-upgrade

# Installs exactly what requirements/test.txt pins, each file checked against its sha256, then the
# package itself with nothing more. PIP_FIND_LINKS is blanked (a blank clears the list; an empty
# value is ignored) so that a machine's local wheel folder cannot offer a file the lock never saw.
$(STAMP): pyproject.toml setup.py $(LOCKS)
	$(PYTHON) -m venv $(VENV)
	PIP_FIND_LINKS=" " $(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Browser tests use Debian's chromium (Playwright's own browser download cannot work here);
# zbarimg decodes the QR codes and pdftotext reads the printed summary; nginx stands in front of
# gunicorn in tests/test_slow_clients.py (the test starts its own, from deploy/nginx.conf, on a free port).
$(SYSTEM_TOOLS) &:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zbar-tools poppler-utils nginx

$(AXE): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(AXE)

run: $(STAMP)
	QUESTIONNAIRE_DEVELOPMENT=1 QUESTIONNAIRE_SECRET_KEY=$${QUESTIONNAIRE_SECRET_KEY:-local-development-only} \
		$(BIN)/flask --app questionnaire run --host 127.0.0.1 --port 5000

test: $(STAMP) $(SYSTEM_TOOLS) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/questionnaire check
	$(BIN)/pytest -q

# While developing: the same checks, without the exhaustive modules marked slow (every path, every
# language, the browsers, the real servers). CI and `make test` run everything.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/questionnaire check
	$(BIN)/pytest -q -m "not slow"

check: $(STAMP)
	$(BIN)/questionnaire check

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Rebuild the committed map shapes (trees/data/maps/) from the us-atlas package that npm installs
# beside axe-core. Only needed when the package changes: make run and make test read the committed files.
maps: $(STAMP) $(AXE)
	$(BIN)/questionnaire data build-maps node_modules/us-atlas/counties-albers-10m.json

# Extract every string (code, templates, trees, data) and merge it into each language's catalog.
messages: $(STAMP)
	$(BIN)/questionnaire messages

# Write requirements/main.txt (what the image installs) and requirements/test.txt (that, plus the
# test tools, at the same versions) from pyproject.toml and requirements/main.in, with the sha256 of
# every file PyPI offers for each pinned release, for every platform and Python 3.11 and newer.
# `make lock` keeps the pins that still fit; `make lock-upgrade` moves every pin to the newest
# release allowed. Review the diff before committing it.
lock:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip compile $(LOCK_FLAGS) $(UV_UPGRADE) pyproject.toml requirements/main.in \
		-o requirements/main.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) $(UV_UPGRADE) pyproject.toml requirements/main.in \
		--extra test -c requirements/main.txt -o requirements/test.txt

lock-upgrade:
	$(MAKE) lock UV_UPGRADE=--upgrade

clean:
	rm -rf $(VENV) node_modules *.egg-info test-artifacts
