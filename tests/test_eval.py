"""The eval harness: metrics agree with ranx on a real run, reports are written, baselines gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from eval import metrics
from eval.compare import compare
from eval.gold import Evidence, load_gold
from eval.matching import covers
from eval.pipeline import load_run, run_eval
from index.store import PassageStore
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "gold-sample.jsonl"


def _all_passages(store: PassageStore) -> list[tuple[str, str, str]]:
    return [(p["passage_id"], p["source_id"], p["text"]) for p in store.passage_payloads()]


@pytest.mark.slow  # the whole sample gold set
def test_retrieval_metrics_agree_with_ranx(assistant: Assistant, sample_store: PassageStore) -> None:
    """On a real run over the project's gold set, where each evidence item lies in exactly one
    passage, evidence recall@k, MRR and nDCG@10 equal ranx's on passage-level qrels."""
    ranx = pytest.importorskip("ranx")
    passages = _all_passages(sample_store)
    qrels, run, ours = {}, {}, {"recall@5": [], "mrr": [], "ndcg@10": []}
    for item in load_gold(GOLD):
        if not item.answerable:
            continue
        holders = [[pid for pid, doc, text in passages if covers(doc, text, e)] for e in item.evidence]
        if any(len(h) != 1 for h in holders) or len({h[0] for h in holders}) != len(holders):
            continue  # ranx counts relevant passages, we count evidence items: equal only one-to-one
        nodes = assistant.retriever(item.lang, top_k=10).retrieve(item.question)
        ranked = [(n.node.metadata["source_id"], n.node.get_content()) for n in nodes]
        qrels[item.id] = {h[0]: 1 for h in holders}
        run[item.id] = {n.node.node_id: float(len(nodes) - i) for i, n in enumerate(nodes)}
        ours["recall@5"].append(metrics.recall_at_k(ranked, item.evidence, 5))
        ours["mrr"].append(metrics.reciprocal_rank(ranked, item.evidence))
        ours["ndcg@10"].append(metrics.ndcg_at_k(ranked, item.evidence, 10))
    assert len(qrels) >= 30
    theirs = ranx.evaluate(ranx.Qrels(qrels), ranx.Run(run), ["recall@5", "mrr", "ndcg@10"])
    for name, values in ours.items():
        assert sum(values) / len(values) == pytest.approx(theirs[name], abs=1e-6), name


def test_matching_rules_of_the_gold_format() -> None:
    evidence = Evidence("d", "09:30 – 12:15\t<b>Working Session I</b> – Strategic discussion on migration, long text")
    assert covers(
        "d", "Agenda\n09:30 – 12:15 Working Session I – Strategic discussion on migration, long text", evidence
    )
    # Sixty characters of a quote split across two passages still count.
    half = "09:30 – 12:15 Working Session I – Strategic discussion on migr"
    assert covers("d", half, evidence) and not covers("d", half[:50], evidence)


def test_a_run_writes_every_output_and_its_own_baseline_shows_no_regression(
    assistant: Assistant, sample_store: PassageStore, tmp_path: Path
) -> None:
    items = load_gold(GOLD)[:12]
    facts = {"gold": str(GOLD), "documents": 5, "passages": sample_store.count_passages()}
    first, second = tmp_path / "first", tmp_path / "second"
    run_eval(assistant, items, first, facts)
    for name in ("answers.jsonl", "metrics.json", "report.md", "report.html", "metrics_by_type.png", "latency.png"):
        assert (first / name).stat().st_size > 0, name
    assert (first / "metrics_by_type.png").read_bytes().startswith(b"\x89PNG")
    html = (first / "report.html").read_text()
    assert "data:image/png;base64," in html and "<script" not in html
    written = json.loads((first / "metrics.json").read_text())
    assert {
        "recall@5",
        "mrr",
        "ndcg@10",
        "key_fact_recall",
        "all_facts",
        "citation_precision",
        "citation_recall",
        "quote_exactness",
        "abstention_precision",
        "abstention_recall",
        "abstention_wrongly_refused",
        "latency_p50_s",
        "latency_p95_s",
        "answer_similarity",
    } <= set(written["overall"])
    assert written["run"]["versions"]["qdrant-client"] != "not installed"
    _, comparison = run_eval(assistant, items, second, facts, baseline=first)
    assert comparison is not None and comparison.regressions == []


def test_a_weakened_setting_is_flagged(tmp_path: Path) -> None:
    baseline = {"recall@5": 0.95, "key_fact_recall": 0.80, "abstention_wrongly_refused": 0}
    weaker = {"recall@5": 0.95, "key_fact_recall": 0.70, "abstention_wrongly_refused": 2}
    rows_before = [{"id": "q1", "gold": {"answerable": True}, "scores": {"key_fact_recall": 1.0, "abstained": 0.0}}]
    rows_after = [{"id": "q1", "gold": {"answerable": True}, "scores": {"key_fact_recall": 1.0, "abstained": 1.0}}]
    result = compare(weaker, baseline, rows_after, rows_before, tolerance=0.02)
    assert result.broken == ["q1"] and result.fixed == []
    assert any("key_fact_recall" in r for r in result.regressions)
    assert any("refused" in r for r in result.regressions)


@pytest.mark.slow
def test_cli_eval_exits_nonzero_when_top_k_1_regresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from pressroom.cli import app

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(line + "\n" for line in GOLD.read_text().splitlines()[:16]))
    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "unused"))
    runner = CliRunner()
    base = runner.invoke(
        app, ["eval", "--gold", str(gold), "--ingest", str(ROOT / "sample_corpus"), "--out", str(tmp_path / "base")]
    )
    assert base.exit_code == 0, base.output
    weak = runner.invoke(
        app,
        [
            "eval",
            "--gold",
            str(gold),
            "--ingest",
            str(ROOT / "sample_corpus"),
            "--out",
            str(tmp_path / "weak"),
            "--baseline",
            str(tmp_path / "base"),
            "--set",
            "top_k=1",
        ],
    )
    assert weak.exit_code == 1, weak.output
    assert "regression:" in weak.stderr
    assert load_run(tmp_path / "weak")[0]["questions"] == 16
