"""The team's development questions on the seed documents, as a regression gate.

Floors are the issue's acceptance figures. Needs ../shared (the team's eval material); a clone
without it skips this file and says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.assistant import Assistant
from eval.gold import load_gold
from eval.runner import evaluate, summarise
from index.embedding import Embedder
from index.ingesting import ingest_paths
from tests.conftest import SHARED, memory_store

GOLD = SHARED / "eval" / "gold-dev.jsonl"
SEEDS = SHARED / "corpus" / "seeds"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(not GOLD.exists(), reason=f"team eval material not found at {GOLD} (../shared is absent)"),
]


@pytest.fixture(scope="module")
def summary(embedder: Embedder) -> dict:
    store = memory_store(embedder, "golddev_")
    list(ingest_paths(store, [Path(SEEDS)]))
    return summarise(evaluate(Assistant(store, embedder), load_gold(GOLD)))["overall"]


def test_retrieval_finds_the_evidence(summary: dict) -> None:
    assert summary["recall@5"] >= 0.95


def test_answers_hold_the_key_facts(summary: dict) -> None:
    assert summary["key_fact_recall"] >= 0.85


def test_every_quote_is_exact(summary: dict) -> None:
    assert summary["quote_exactness"] == 1.0


def test_abstains_on_unanswerable_questions(summary: dict) -> None:
    assert summary["abstention_recall"] >= 2 / 3
    assert summary["abstention_wrongly_refused"] <= 2
