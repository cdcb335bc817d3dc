# Kinoclub: `make run` starts everything, `make test` runs the whole suite. No Docker needed.
# `make run REPLICAS=3`: every service as three processes behind nginx, two relays, two workers.
# `make test REPLICAS=3`: the whole suite against such a stack (docs/deploy.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format install migrate clean k8s-check i18n-extract i18n-update i18n-compile i18n-check

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (set PYTHON=python3.x)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m devstack run $(if $(REPLICAS),--replicas $(REPLICAS))

test: $(STAMP)
	$(if $(REPLICAS),KINOCLUB_TEST_REPLICAS=$(REPLICAS)) $(BIN)/python -m pytest

# Style (ruff), architecture (import-linter's contracts in pyproject.toml) and types (mypy): CI runs it.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(MAKE) i18n-check

# The web front's translations (docs/web.md): extract the messages, merge them into the Russian
# catalog, compile it (optional: the web service compiles it in memory when no fresh .mo is there),
# and check that every message is translated (part of lint).
LOCALES := web/locale
I18N_KEYWORDS := -k _ -k N_ -k gettext -k ngettext:1,2

i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(I18N_KEYWORDS) --no-location --sort-output -o $(LOCALES)/messages.pot web

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -l ru --no-fuzzy-matching --ignore-obsolete

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALES) -l ru --statistics

i18n-check: $(STAMP)
	$(BIN)/python -m web.i18n.check

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Render deploy/k8s (kubectl kustomize), validate against the pinned Kubernetes schemas, check the policy.
k8s-check: $(STAMP)
	$(BIN)/python -m pytest tests/deploy -q

migrate: $(STAMP)
	$(BIN)/python -m devstack migrate

clean:
	rm -rf .data
