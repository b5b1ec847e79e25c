# Two commands do everything on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# MkDocs 1.6 and Material print an end-of-life banner on every run; the README explains it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site check lint typecheck unit browser-deps bench accuracy clean

serve: $(STAMP)  ## set up, then serve the demo site with live reload on 127.0.0.1:8000
	$(BIN)/mkdocs serve --livereload -a 127.0.0.1:8000

site: $(STAMP)  ## build the static site into site/
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## validate content/
	$(BIN)/policywatch check content

test: $(STAMP) browser-deps lint typecheck unit  ## set up, then lint, type-check and test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy generator

unit: $(STAMP)
	$(BIN)/pytest -q

browser-deps:  ## Debian's chromium for the browser tests (no downloaded browsers)
	@./scripts/ensure-chromium

bench: $(STAMP)  ## run the benchmarks (on demand; see README)
	$(BIN)/python benchmarks/run.py

accuracy: $(STAMP)  ## label precision/recall and noise figures on the shared corpora (see README)
	$(BIN)/python benchmarks/accuracy.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf site .cache .pytest_cache .mypy_cache .ruff_cache
