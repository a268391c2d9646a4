# Two commands on a fresh machine: `make run` (dashboard on the demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
REPLICAS ?= 2
HTTPS_PORT ?= 8443
# pytest worker processes; each module runs whole on one worker (its servers and warehouses shared)
TEST_WORKERS ?= 2

.PHONY: run serve bundle lock test lint demo clean

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

serve: $(VENV)/.runtime  ## nginx (TLS, internal CA) over REPLICAS app processes: https://localhost:$(HTTPS_PORT)
	$(PY) -m deploy serve --replicas $(REPLICAS) --port $(HTTPS_PORT)

bundle: $(VENV)/.runtime  ## offline install archive in dist/ (wheels for Linux x86-64 / CPython 3.11 + app)
	$(PY) -m deploy bundle

lock: $(VENV)/.dev  ## re-pin requirements.lock (every transitive dependency, with hashes) after editing requirements.txt
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock requirements.txt

test: $(VENV)/.dev  ## set up and run the whole test suite
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope

demo: $(VENV)/.runtime  ## rebuild the warehouse from data/demo
	$(PY) -m etl demo

clean:
	rm -rf $(VENV) data/warehouse .pytest_cache .ruff_cache .serve dist
