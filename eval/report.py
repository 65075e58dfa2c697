"""Writing a run: answers.jsonl with per-question scores, and metrics.json with run facts."""

from __future__ import annotations

import json
import platform
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from eval.runner import QuestionResult

_VERSIONS = ("pressroom", "sentence-transformers", "qdrant-client", "llama-index-core", "unstructured", "torch")


def versions() -> dict[str, str]:
    """Installed versions of the packages that shape results."""
    found = {}
    for name in _VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def write_run(out: Path, results: list[QuestionResult], summary: dict, facts: dict[str, Any]) -> None:
    """Write ``answers.jsonl`` and ``metrics.json`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "answers.jsonl").open("w", encoding="utf-8") as handle:
        for r in results:
            row = {
                "id": r.item.id,
                "gold": asdict(r.item),
                "answer": r.answer,
                "retrieved": r.retrieved,
                "scores": r.scores,
                "latency_s": round(r.latency_s, 4),
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    run = {
        **facts,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "versions": versions(),
    }
    (out / "metrics.json").write_text(json.dumps({**summary, "run": run}, indent=2, ensure_ascii=False) + "\n")
