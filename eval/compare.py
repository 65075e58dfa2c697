"""Comparing a run with a baseline run: metric deltas, fixed and broken questions, regressions."""

from __future__ import annotations

from dataclasses import dataclass

from eval.metrics import QUALITY

GATED = QUALITY


@dataclass(frozen=True)
class Comparison:
    """What changed between a baseline run and this one."""

    deltas: dict[str, tuple[float, float, float]]  # metric: (baseline, current, current - baseline)
    regressions: list[str]  # human-readable, one per gated metric that dropped beyond tolerance
    fixed: list[str]  # question ids that got better
    broken: list[str]  # question ids that got worse


def question_quality(scores: dict[str, float], answerable: bool) -> float:
    """One number per question to tell fixed from broken: key facts, or a right abstention.

    >>> question_quality({"key_fact_recall": 0.5, "abstained": 0.0}, True)
    0.5
    >>> question_quality({"abstained": 1.0}, False)
    1.0
    """
    if not answerable:
        return scores.get("abstained", 0.0)
    return 0.0 if scores.get("abstained") else scores.get("key_fact_recall", 0.0)


def compare(
    current: dict, baseline: dict, current_rows: list[dict], baseline_rows: list[dict], tolerance: float = 0.02
) -> Comparison:
    """Compare overall metrics and per-question quality; a gated metric falling by more than
    ``tolerance``, or more answerable questions refused, is a regression.

    >>> c = compare({"recall@5": 0.9}, {"recall@5": 1.0}, [], [], 0.02)
    >>> c.regressions
    ['recall@5 fell from 1.0 to 0.9 (tolerance 0.02)']
    """
    deltas = {}
    for name in sorted(set(current) & set(baseline)):
        if isinstance(current[name], int | float) and isinstance(baseline[name], int | float):
            deltas[name] = (baseline[name], current[name], round(current[name] - baseline[name], 4))
    regressions = [
        f"{name} fell from {deltas[name][0]} to {deltas[name][1]} (tolerance {tolerance})"
        for name in GATED
        if name in deltas and deltas[name][2] < -tolerance
    ]
    refused = (
        "abstention_wrongly_refused",
        current.get("abstention_wrongly_refused", 0),
        baseline.get("abstention_wrongly_refused", 0),
    )
    if refused[1] > refused[2]:
        regressions.append(f"answerable questions refused rose from {refused[2]} to {refused[1]}")
    before = {r["id"]: question_quality(r["scores"], r["gold"]["answerable"]) for r in baseline_rows}
    fixed, broken = [], []
    for row in current_rows:
        if row["id"] in before:
            now = question_quality(row["scores"], row["gold"]["answerable"])
            if now > before[row["id"]] + 1e-9:
                fixed.append(row["id"])
            elif now < before[row["id"]] - 1e-9:
                broken.append(row["id"])
    return Comparison(deltas, regressions, fixed, broken)
