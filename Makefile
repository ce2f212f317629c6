# make run:  install what is needed into .venv and serve on http://127.0.0.1:5000
# make test: install what is needed (Python packages, Debian's chromium, axe-core) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_TOOLS := /usr/bin/chromium /usr/bin/zbarimg /usr/bin/pdftotext
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test check lint format messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests use Debian's chromium (Playwright's own browser download cannot work here);
# zbarimg decodes the QR codes and pdftotext reads the printed summary.
$(SYSTEM_TOOLS) &:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium zbar-tools poppler-utils

$(AXE): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $(AXE)

run: $(STAMP)
	QUESTIONNAIRE_DEVELOPMENT=1 QUESTIONNAIRE_SECRET_KEY=$${QUESTIONNAIRE_SECRET_KEY:-local-development-only} \
		$(BIN)/flask --app questionnaire run --host 127.0.0.1 --port 5000

test: $(STAMP) $(SYSTEM_TOOLS) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/questionnaire check
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/questionnaire check

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract every string (code, templates, trees, data) and merge it into each language's catalog.
messages: $(STAMP)
	$(BIN)/questionnaire messages

clean:
	rm -rf $(VENV) node_modules *.egg-info test-artifacts
