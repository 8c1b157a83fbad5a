# dondoc: the two commands of the quick start, and their one-time setup.
#   make serve   start a local Prefect server and UI, and serve every deployment of the plan
#   make test    run the whole test suite
VENV ?= .venv
PYTHON ?= python3
export PREFECT_SERVER_ANALYTICS_ENABLED = false
export DO_NOT_TRACK = 1

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $@

.PHONY: install serve test
install: $(VENV)/.installed

serve: $(VENV)/.installed
	$(VENV)/bin/dondoc serve

test: $(VENV)/.installed
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)
