"""One evaluation run from start to end: ask, score, summarise, compare, write."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.assistant import Assistant
from eval.compare import Comparison, compare
from eval.gold import GoldItem
from eval.report import rows, write_run
from eval.runner import QuestionResult, evaluate, summarise


class BaselineError(ValueError):
    """A baseline folder that is not a finished run."""


def load_run(folder: Path) -> tuple[dict, list[dict]]:
    """The overall metrics and answer rows of an earlier run."""
    try:
        metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["overall"]
        answers = [
            json.loads(line)
            for line in (folder / "answers.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    except (OSError, KeyError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{folder} is not a finished run ({type(exc).__name__}: {exc})") from exc
    return metrics, answers


def run_eval(
    assistant: Assistant,
    items: list[GoldItem],
    out: Path,
    facts: dict[str, Any],
    *,
    baseline: Path | None = None,
    tolerance: float = 0.02,
    progress: Callable[[QuestionResult], None] | None = None,
) -> tuple[dict, Comparison | None]:
    """Evaluate, write ``out``, and compare with ``baseline`` when given."""
    previous = load_run(baseline) if baseline else None
    results = evaluate(assistant, items, progress=progress)
    if "side_by_side" in facts:  # runs of other modes on the same index, reported beside this one
        mine = {assistant.settings.mode: summarise(results)["overall"]}
        facts = {**facts, "side_by_side": {**facts["side_by_side"], **mine}}
    return write_results(results, out, facts, previous, tolerance)


def write_results(
    results: list[QuestionResult],
    out: Path,
    facts: dict[str, Any],
    previous: tuple[dict, list[dict]] | None = None,
    tolerance: float = 0.02,
) -> tuple[dict, Comparison | None]:
    """Summarise scored answers, compare them with an earlier run (``load_run``), and write ``out``."""
    summary = summarise(results)
    answer_rows = rows(results)
    comparison = compare(summary["overall"], previous[0], answer_rows, previous[1], tolerance) if previous else None
    write_run(out, answer_rows, summary, facts, comparison)
    return summary, comparison
