# Marsad: `make demo` codes the bundled sample corpus; `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.marsad-installed

.PHONY: demo test lint bench frontend clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/marsad run samples/corpus --db marsad.sqlite
	$(BIN)/marsad export --db marsad.sqlite --format acled-csv -o events.csv
	$(BIN)/marsad export --db marsad.sqlite --format geojson -o events.geojson
	@echo "wrote events.csv (ACLED, 31 columns) and events.geojson"

test: $(STAMP)
	$(BIN)/pytest -q -ra

lint: $(STAMP)
	$(BIN)/ruff check marsad tests benchmarks

bench: $(STAMP)
	for bench in pipeline dedupe geo timex web; do $(BIN)/python benchmarks/bench_$$bench.py || exit 1; done

frontend:
	cd frontend && npm ci && npm run build

clean:
	rm -rf $(VENV) marsad.sqlite* events.csv events.geojson test-artifacts
