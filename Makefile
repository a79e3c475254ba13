# The two commands a newcomer needs: `make test` and `make demo`. Both set up everything they use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test unit lint typecheck demo generate apiserver cluster bench clean

# The C extensions (csrc/: the codec's C paths, the HTTP head parser) are compiled by the editable install: rebuild
# when they change.
$(STAMP): pyproject.toml $(wildcard csrc/*/*)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

# kube-apiserver and etcd of the pinned release, built from the Go module proxy and cached outside git.
apiserver:
	bash hack/build-apiserver.sh >/dev/null

# kube-controller-manager, kube-scheduler and kwok for the whole local cluster (the `cluster` fixture, make demo).
cluster: apiserver
	bash hack/build-cluster.sh >/dev/null

test: $(STAMP) apiserver cluster
	$(PY) -m pytest

# The offline tests alone (tests/unit): no API server is built or started.
unit: $(STAMP)
	$(PY) -m pytest tests/unit

# ruff's rules and mypy's strictness are configured in pyproject.toml.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

demo: $(STAMP) apiserver cluster
	$(PY) hack/demo.py

# Regenerates the committed schema and typed modules from the pinned release.
generate: $(STAMP)
	bash hack/generate.sh

bench: $(STAMP) apiserver
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache
