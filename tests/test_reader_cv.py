"""Cross-validation of the reader by document (``pressroom reader-cv``): every question answered by a
reader fitted without the documents it asks about."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.assistant import Assistant
from assistant.reader_model import ReaderModel
from assistant.settings import AssistantSettings
from eval.gold import load_gold
from eval.reader_cv import cross_validate, document_folds
from eval.runner import summarise
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "gold-sample.jsonl"

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_no_document_is_asked_about_in_two_folds(assistant: Assistant) -> None:
    items = load_gold(GOLD)
    fold_of = document_folds(items, 3, assistant.store.versions)
    assert set(fold_of) == {0, 1, 2}
    seen: dict[str, int] = {}
    for item, fold in zip(items, fold_of, strict=True):
        for evidence in item.evidence:
            assert seen.setdefault(evidence.doc, fold) == fold, evidence.doc


def test_every_question_is_answered_out_of_fold(assistant: Assistant) -> None:
    # Questions over one document each: the sample's five documents then fall into two folds.
    items = [item for item in load_gold(GOLD) if len({e.doc for e in item.evidence}) <= 1]
    results = cross_validate(assistant, items, folds=2)
    assert [r.item.id for r in results] == [item.id for item in items]
    overall = summarise(results)["overall"]
    assert overall["quote_exactness"] == 1.0
    # Fitted on half the questions, the reader still answers most of the others.
    assert overall["key_fact_recall"] >= 0.5


def test_folds_that_cannot_fit_a_reader_are_named(assistant: Assistant) -> None:
    unanswerable = [item for item in load_gold(GOLD) if not item.answerable]
    # The packaged model carries a passage ranker, refitted in each fold before the reader.
    with pytest.raises(ValueError, match="fold 1 of 2: the other folds cannot fit the passage ranker: 0 questions"):
        cross_validate(assistant, unanswerable, folds=2)
    rules = Assistant(assistant.store, assistant.embedder, AssistantSettings(ranking="rules"))
    with pytest.raises(ValueError, match="fold 1 of 2: no question of the other folds"):
        cross_validate(rules, unanswerable, folds=2)


def test_fit_reader_leaves_held_out_questions_out_of_the_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from pressroom.cli import app

    lines = GOLD.read_text(encoding="utf-8").splitlines()
    held = tmp_path / "held.jsonl"
    held.write_text("".join(line + "\n" for line in lines[:30]), encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "unused"))
    out = tmp_path / "model.json"
    args = ["fit-reader", "--gold", str(GOLD), "--ingest", str(ROOT / "sample_corpus"), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--hold-out", str(held)])
    assert result.exit_code == 0, result.output
    fitted = ReaderModel.load(out).fitted
    assert fitted["questions"] == len(lines) - 30
    assert f"--hold-out {held}" in fitted["gold"]
    missing = CliRunner().invoke(app, [*args, "--hold-out", str(tmp_path / "absent.jsonl")])
    assert missing.exit_code == 2 and "cannot read gold set" in missing.output
    everything = CliRunner().invoke(app, [*args, "--hold-out", str(GOLD)])
    assert everything.exit_code == 2 and "no question of" in everything.output
