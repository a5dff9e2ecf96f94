# Two entry points: `make report` (set up, then write the bundled example's annual report)
# and `make test` (set up, then run the tests). Both work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup report examples test test-quick lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

report: setup
	$(BIN)/followup run --program examples/vasteras/program.yaml \
		--inbox examples/vasteras/inbox --year 2023 --output output

# The reports of every bundled program (the combined Västerås report reads both programs' files).
examples: setup
	$(BIN)/followup run --program examples/vasteras/program.yaml --inbox examples/vasteras/inbox --year 2023 --output output
	$(BIN)/followup run --program examples/vasteras-ekologisk/program.yaml --inbox examples/vasteras-ekologisk/inbox \
		--year 2023 --output output
	rm -rf output/.inbox-vasteras-hallbarhet && mkdir -p output/.inbox-vasteras-hallbarhet
	cp examples/vasteras/inbox/* examples/vasteras-ekologisk/inbox/* output/.inbox-vasteras-hallbarhet/
	$(BIN)/followup run --program examples/vasteras-hallbarhet/program.yaml --inbox output/.inbox-vasteras-hallbarhet \
		--year 2023 --output output --feedback output/vasteras-hallbarhet_återkoppling
	$(BIN)/followup run --program examples/boras/program.yaml --inbox examples/boras/inbox --year 2022 --output output
	$(BIN)/followup run --program examples/umea/program.yaml --inbox examples/umea/inbox --year 2024 --output output
	$(BIN)/followup run --program examples/eskilstuna/program.yaml --inbox examples/eskilstuna/inbox --year 2022 \
		--output output

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The fast loop while changing code: everything but the end-to-end and real-client tests (about a minute).
test-quick: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not e2e and not client" -q

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf output/*/ .pytest_cache
