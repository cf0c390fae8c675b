# Two commands on a fresh machine with only Python 3.10+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
DATA ?= ../shared/data/wcxb-dev-articles

.PHONY: demo test lint bench clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# pip 23.2 cannot resolve trafilatura's lxml extras: upgrade pip inside the venv first
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# examples/*/ (not examples/): the documents, without the folder's README
demo: $(STAMP)
	rm -rf examples-clean
	$(BIN)/cleaner clean examples/*/ -o examples-clean
	@echo; echo "--- examples-clean/seeds/004_cgtn.txt (metadata beside it in 004_cgtn.json)"
	@cat examples-clean/seeds/004_cgtn.txt

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# the peers (readability-lxml, jusText, resiliparse) are an optional extra: only benchmarks need them
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/quality.py --data $(DATA) --out-json benchmarks/results/quality.json --out-md benchmarks/results/quality.md
	$(BIN)/python benchmarks/speed.py --data $(DATA)
	$(BIN)/python benchmarks/throughput.py --data $(DATA)

clean-venv:
	rm -rf $(VENV)
