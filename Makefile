# dondoc: the two commands of the quick start, and their one-time setup.
#   make serve   start a local Prefect server and UI, and serve every deployment of the plan
#   make test    run the whole test suite
VENV ?= .venv
PYTHON ?= python3
export PREFECT_SERVER_ANALYTICS_ENABLED = false
export DO_NOT_TRACK = 1
SHELL := bash
.SHELLFLAGS := -eo pipefail -c

# One install at a time: `make serve` and `make test` started together wait for each other (flock),
# and the second finds the venv ready instead of installing into it again.
$(VENV)/.installed: pyproject.toml
	@flock $(VENV).lock $(MAKE) --no-print-directory install-now

.PHONY: install install-now serve test
install: $(VENV)/.installed

install-now:
	@if [ "$(VENV)/.installed" -nt pyproject.toml ]; then exit 0; fi; \
	echo "==> Tạo môi trường Python $(VENV) và cài dondoc (lần đầu mất khoảng hai phút)"; \
	$(PYTHON) -m venv $(VENV); \
	$(VENV)/bin/python -m pip install --quiet --upgrade pip; \
	$(VENV)/bin/python -m pip install --progress-bar off -e '.[test]' | { grep --line-buffered -E '^(Collecting|Successfully)' || true; }; \
	$(VENV)/bin/python -c 'import cli, flows'; \
	touch $(VENV)/.installed; \
	echo "==> Đã cài xong. Để gõ lệnh dondoc trực tiếp: . $(VENV)/bin/activate"

serve: $(VENV)/.installed
	$(VENV)/bin/dondoc serve

test: $(VENV)/.installed
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)
