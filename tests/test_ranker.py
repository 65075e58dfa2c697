"""The passage ranker (``assistant.ranker``): fitted on a gold set's questions, it orders the passages
the answerer reads and a search lists; without one, or with ``ranking=rules``, the hand-set order stays."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.assistant import Assistant
from assistant.ranker import PASSAGE_FEATURES, passage_features
from assistant.reader_model import MODEL_PATH, ReaderModel
from assistant.settings import AssistantSettings
from eval.fit_ranker import collect_passages, fit_ranker, with_ranker
from eval.gold import load_gold
from eval.reader_cv import cross_validate
from eval.runner import summarise
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "gold-sample.jsonl"
QUESTION = "When was the European Ports Alliance launched?"

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def ranked_model(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged reader model with a passage ranker fitted on the sample's gold set."""
    rows = collect_passages(assistant, load_gold(GOLD))
    ranker, info = fit_ranker(rows)
    path = tmp_path_factory.mktemp("ranker") / "model.json"
    path.write_text(json.dumps(with_ranker(ReaderModel.load(MODEL_PATH), ranker, info).to_dict()), "utf-8")
    return path


def test_every_candidate_passage_gets_every_feature(assistant: Assistant) -> None:
    hits, scored, searched, foreign, _ = assistant.passages("en").candidates(QUESTION)
    x = passage_features(QUESTION, "en", hits, scored, searched, set(foreign))
    assert x.shape == (len(hits), len(PASSAGE_FEATURES)) and len(hits) > 5
    named = dict(zip(PASSAGE_FEATURES, x.T, strict=True))
    assert named["fused"].max() == pytest.approx(1.0)
    assert (named["fused_below_document"] <= 0).all() and (named["dense_below_document"] <= 0).all()
    # Five releases: the candidates are of a few of them, so the index reads as narrow.
    assert 0 < named["breadth"].max() <= 5 / len(hits)
    assert np.allclose(named["fused_by_breadth"], named["fused"] * named["breadth"])


def test_a_release_dated_when_the_question_says_is_marked(assistant: Assistant) -> None:
    question = "What did the ministers discuss in January 2024?"  # December 2023 to February 2024
    hits, scored, searched, foreign, _ = assistant.passages("en").candidates(question)
    named = dict(zip(PASSAGE_FEATURES, passage_features(question, "en", hits, scored, searched, set(foreign)).T,
                     strict=True))
    assert (named["period_asked"] == 1).all()
    dated = [float(bool(h.date) and "2023-12" <= h.date[:7] <= "2024-02") for h in hits]
    assert named["in_period"].tolist() == dated and 0 < sum(dated) < len(hits)  # the March kit and the undated one not
    hits, scored, searched, foreign, _ = assistant.passages("en").candidates(QUESTION)
    x = passage_features(QUESTION, "en", hits, scored, searched, set(foreign))
    assert not x[:, [PASSAGE_FEATURES.index("period_asked"), PASSAGE_FEATURES.index("in_period")]].any()


def test_a_fitted_ranker_orders_what_search_lists_and_the_answer_reads(
    assistant: Assistant, ranked_model: Path
) -> None:
    model = ReaderModel.load(ranked_model)
    assert model.passages is not None and model.passages.features == PASSAGE_FEATURES
    assert model.fitted["passages"]["questions"] > 0  # how it was fitted travels with it
    ranked = Assistant(assistant.store, assistant.embedder, AssistantSettings(reader_model=str(ranked_model)))
    rules = Assistant(assistant.store, assistant.embedder,
                      AssistantSettings(reader_model=str(ranked_model), ranking="rules"))
    learned = ranked.passages("en").search(QUESTION)
    hand_set = rules.passages("en").search(QUESTION)
    # The ranker's scores are probabilities, best first; the hand-set ones are the packaged model's.
    scores = [r.score for r in learned]
    assert scores == sorted(scores, reverse=True) and all(0.0 < s < 1.0 for s in scores)
    assert [(r.score, r.hit.passage.id) for r in hand_set] == [
        (r.score, r.hit.passage.id) for r in assistant.passages("en").search(QUESTION)
    ]
    assert [r.score for r in hand_set] != scores
    answer = ranked.ask(QUESTION)
    assert not answer.abstained and "24" in answer.answer


def test_candidates_narrower_than_the_rankers_fitting_keep_the_hand_set_order(
    assistant: Assistant, ranked_model: Path, tmp_path: Path
) -> None:
    model = ReaderModel.load(ranked_model)
    # Fitted on the sample's questions: its narrowest candidate list is the sample's, and it ranks there.
    assert 0 < model.passages_breadth == model.fitted["passages"]["min_breadth"] <= 5 / 30
    rules = [(r.score, r.hit.passage.id) for r in assistant.passages("en").search(QUESTION)]

    def searched(breadth: float) -> list[tuple[float, str]]:
        path = tmp_path / f"breadth-{breadth}.json"
        path.write_text(json.dumps(replace(model, passages_breadth=breadth).to_dict()), "utf-8")
        assert ReaderModel.load(path).passages_breadth == breadth
        ranked = Assistant(assistant.store, assistant.embedder, AssistantSettings(reader_model=str(path)))
        return [(r.score, r.hit.passage.id) for r in ranked.passages("en").search(QUESTION)]

    assert searched(model.passages_breadth) != rules
    # A ranker fitted on thousands of releases (dev: no list narrower than 0.27) does not order five.
    assert searched(0.27) == rules


def test_the_packaged_model_ranks_with_a_ranker_fitted_on_the_dev_split(assistant: Assistant) -> None:
    model = ReaderModel.load(MODEL_PATH)
    assert model.passages is not None and model.passages.features == PASSAGE_FEATURES
    assert model.fitted["passages"]["gold"] == "eval/reader/dev.jsonl"  # the dev split, never the test split
    assert model.passages_breadth == model.fitted["passages"]["min_breadth"] > 0.2
    # The reader was fitted before the ranker: it names its sentence features, the ranker's probability not among them.
    assert "passage_p" not in model.sentence.features
    # Five press kits are narrower than any index it was fitted on: they keep the hand-set order.
    rules = Assistant(assistant.store, assistant.embedder, AssistantSettings(ranking="rules"))
    for question in (QUESTION, "Who attended the informal Justice and Home Affairs Council on 25 January?"):
        assert [(r.score, r.hit.passage.id) for r in assistant.passages("en").search(question)] == [
            (r.score, r.hit.passage.id) for r in rules.passages("en").search(question)
        ]


def test_a_reader_model_without_a_ranker_reads_in_the_hand_set_order(assistant: Assistant, tmp_path: Path) -> None:
    plain = replace(ReaderModel.load(MODEL_PATH), passages=None)
    raw = plain.to_dict()
    assert "passages" not in raw and "passages_breadth" not in raw
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(raw), "utf-8")
    assert ReaderModel.load(path).passages is None
    unranked = Assistant(assistant.store, assistant.embedder, AssistantSettings(reader_model=str(path)))
    rules = Assistant(assistant.store, assistant.embedder, AssistantSettings(ranking="rules"))
    assert [r.hit.passage.id for r in unranked.passages("en").search(QUESTION)] == [
        r.hit.passage.id for r in rules.passages("en").search(QUESTION)
    ]
    assert not unranked.ask(QUESTION).abstained


@pytest.mark.slow
def test_cross_validation_fits_the_ranker_without_the_held_out_questions(
    assistant: Assistant, ranked_model: Path
) -> None:
    ranked = Assistant(assistant.store, assistant.embedder, AssistantSettings(reader_model=str(ranked_model)))
    items = [item for item in load_gold(GOLD) if len({e.doc for e in item.evidence}) <= 1]
    results = cross_validate(ranked, items, folds=2)
    assert [r.item.id for r in results] == [item.id for item in items]
    overall = summarise(results)["overall"]
    assert overall["quote_exactness"] == 1.0 and overall["key_fact_recall"] >= 0.5


def test_fit_ranker_writes_a_model_or_says_why_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "unused"))
    out = tmp_path / "model.json"
    args = ["fit-ranker", "--ingest", str(ROOT / "sample_corpus"), "--out", str(out)]
    result = CliRunner().invoke(app, [*args, "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    fitted = ReaderModel.load(out)
    assert fitted.passages is not None and fitted.fitted["passages"]["gold"] == str(GOLD)
    assert fitted.sentence.features == ReaderModel.load(MODEL_PATH).sentence.features  # the reader is kept
    unanswerable = tmp_path / "unanswerable.jsonl"
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if '"answerable": false' in line]
    unanswerable.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = CliRunner().invoke(app, [*args, "--gold", str(unanswerable)])
    assert refused.exit_code == 2 and "cannot fit the passage ranker" in refused.output
