# Two commands on a fresh machine: `make run` (dashboard on the demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint demo clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime  ## set up and start the dashboard (builds the demo warehouse on first start)
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: $(VENV)/.dev  ## set up and run the whole test suite
	$(PY) -m ruff check .
	$(PY) -m pytest

demo: $(VENV)/.runtime  ## rebuild the warehouse from data/demo
	$(PY) -m etl demo

clean:
	rm -rf $(VENV) data/warehouse .pytest_cache .ruff_cache
