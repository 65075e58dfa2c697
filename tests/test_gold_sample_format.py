"""Format checks for eval/gold-sample.jsonl, the gold questions written on the sample corpus.

Fast and offline: reads the gold file and the five sample documents, loads no model. The check
against the team's gold-dev.jsonl needs ../shared; a clone without it skips that test and says so.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from eval.gold import GoldItem, load_gold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold-sample.jsonl"
CORPUS = ROOT / "sample_corpus"
DEV = ROOT.parent / "shared" / "eval" / "gold-dev.jsonl"

MIN_QUESTIONS = 60
MIN_PER_TYPE = {
    "factoid": 14,
    "list": 8,
    "agenda": 6,
    "quote": 6,
    "reason": 5,
    "multi-passage": 5,
    "crosslingual": 8,
    "unanswerable": 8,
}
FIELDS = ["id", "question", "lang", "type", "answerable", "answer", "must_include", "evidence"]

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The README's matching rules: HTML tags removed, whitespace collapsed, case-folded."""
    return _SPACE.sub(" ", _TAG.sub("", text)).strip().casefold()


@pytest.fixture(scope="module")
def items() -> list[GoldItem]:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def raw_docs() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(CORPUS.iterdir()) if path.is_file()}


def test_every_line_has_exactly_the_format_fields() -> None:
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            assert list(json.loads(line)) == FIELDS, f"line {number}"


def test_ids_are_unique(items: list[GoldItem]) -> None:
    duplicates = [i for i, n in Counter(item.id for item in items).items() if n > 1]
    assert not duplicates


def test_enough_questions(items: list[GoldItem]) -> None:
    assert len(items) >= MIN_QUESTIONS


@pytest.mark.parametrize(("kind", "minimum"), sorted(MIN_PER_TYPE.items()))
def test_per_type_minimum(items: list[GoldItem], kind: str, minimum: int) -> None:
    assert sum(item.type == kind for item in items) >= minimum


def test_types_and_languages_agree(items: list[GoldItem]) -> None:
    for item in items:
        assert item.type in MIN_PER_TYPE, item.id
        assert item.lang == ("nl" if item.type == "crosslingual" else "en"), item.id
        assert (item.type == "unanswerable") == (not item.answerable), item.id
        assert item.question.strip() and item.answer.strip(), item.id


def test_crosslingual_questions_are_answered_from_the_dutch_document(items: list[GoldItem]) -> None:
    for item in items:
        if item.type == "crosslingual":
            assert {e.doc for e in item.evidence} == {"003_74bc165e444463b9.txt"}, item.id


def test_answerable_entries_have_evidence_and_key_facts(items: list[GoldItem]) -> None:
    for item in items:
        if item.answerable:
            assert len(item.evidence) >= 1, item.id
            assert 1 <= len(item.must_include) <= 4, item.id
            assert all(group and all(a.strip() for a in group) for group in item.must_include), item.id


def test_unanswerable_entries_have_none(items: list[GoldItem]) -> None:
    for item in items:
        if not item.answerable:
            assert item.must_include == (), item.id
            assert item.evidence == (), item.id


def test_evidence_docs_exist(items: list[GoldItem], raw_docs: dict[str, str]) -> None:
    for item in items:
        for evidence in item.evidence:
            assert evidence.doc in raw_docs, f"{item.id}: no sample_corpus/{evidence.doc}"


def test_evidence_quotes_are_exact_substrings_of_the_raw_text(items: list[GoldItem], raw_docs: dict[str, str]) -> None:
    for item in items:
        for evidence in item.evidence:
            assert evidence.quote in raw_docs.get(evidence.doc, ""), f"{item.id}: {evidence.quote!r}"


def test_key_facts_are_findable_in_the_evidence_documents(items: list[GoldItem], raw_docs: dict[str, str]) -> None:
    for item in items:
        text = " ".join(normalise(raw_docs.get(doc, "")) for doc in sorted({e.doc for e in item.evidence}))
        for group in item.must_include:
            assert any(normalise(alt) in text for alt in group), f"{item.id}: {group}"


def test_reference_answers_hold_their_key_facts(items: list[GoldItem]) -> None:
    for item in items:
        answer = normalise(item.answer)
        for group in item.must_include:
            assert any(normalise(alt) in answer for alt in group), f"{item.id}: {group}"


@pytest.mark.skipif(not DEV.exists(), reason=f"team eval material not found at {DEV} (../shared is absent)")
def test_no_question_repeats_the_team_dev_set(items: list[GoldItem]) -> None:
    dev = {q.question.strip().casefold() for q in load_gold(DEV)}
    repeated = [item.id for item in items if item.question.strip().casefold() in dev]
    assert not repeated
