"""Score briefings against a topic set written by the team.

Each line of the set (JSON Lines) names a ``topic`` and what its briefing must contain:
``facts`` (groups of alternative wordings, one of which must stand in a line), ``quotes``
(speakers who must have a quotation), ``dates`` (normalised dates the timeline must hold) and
``not_said`` (gaps it must report); optional ``lang``, ``since`` and ``until`` bound the
briefing as ``pressroom brief`` does. A fact, quote or date counts only if it is **correctly
cited**: the line holding it cites a source whose document text, at the cited offsets, is
exactly the line's words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from statistics import mean

from assistant.assistant import Assistant
from assistant.briefing import Briefing, Line, build_briefing


def load_topics(path: Path) -> list[dict]:
    """The topic set; a malformed line raises ValueError naming it."""
    topics = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            if not isinstance(item.get("topic"), str) or not item["topic"].strip():
                raise ValueError("no topic")
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
        topics.append(item)
    return topics


def _cited(assistant: Assistant, brief: Briefing, line: Line) -> bool:
    source = next((c for c in brief.sources if c.n == line.n), None)
    if source is None:
        return False
    text = assistant.store.document(source.source_id).text or ""
    return text[source.start : source.end] == source.quote and " ".join(line.text.split()) in " ".join(
        source.quote.split()
    )


def score_topic(assistant: Assistant, item: dict) -> dict:
    """The shares of expected facts, quotes, dates and gaps that the briefing holds, correctly cited."""
    brief = build_briefing(
        assistant, item["topic"], since=item.get("since"), until=item.get("until"), lang=item.get("lang")
    )
    lines = [*brief.key_points, *brief.timeline, *brief.quotes]
    good = [line for line in lines if _cited(assistant, brief, line)]
    flat = [(" ".join(line.text.split()).lower(), line) for line in good]
    facts = [any(any(w.lower() in text for w in group) for text, _ in flat) for group in item.get("facts", [])]
    quoted = [line.speaker for line in brief.quotes if line in good]
    quotes = [any(speaker.startswith(who) for speaker in quoted) for who in item.get("quotes", [])]
    dated = {when for line in brief.timeline if line in good for when in line.when.split("; ")}
    dates = [when in dated for when in item.get("dates", [])]
    gaps = [aspect in brief.not_said for aspect in item.get("not_said", [])]
    scores = {
        "lines": len(lines),
        "correctly_cited": round(len(good) / len(lines), 4) if lines else 1.0,
    }
    for name, found in (("facts", facts), ("quotes", quotes), ("dates", dates), ("gaps", gaps)):
        if found:
            scores[f"{name}_recall"] = round(mean(found), 4)
    return {"topic": item["topic"], "scores": scores, "missing": {
        "facts": [g for g, ok in zip(item.get("facts", []), facts, strict=True) if not ok],
        "quotes": [w for w, ok in zip(item.get("quotes", []), quotes, strict=True) if not ok],
        "dates": [d for d, ok in zip(item.get("dates", []), dates, strict=True) if not ok],
        "gaps": [a for a, ok in zip(item.get("not_said", []), gaps, strict=True) if not ok],
    }}


def evaluate_briefings(
    assistant: Assistant, topics: list[dict], progress: Callable[[], None] | None = None
) -> dict:
    """Every topic's scores and the means over the set."""
    rows = []
    for item in topics:
        rows.append(score_topic(assistant, item))
        if progress:
            progress()
    names = sorted({k for r in rows for k in r["scores"]} - {"lines"})
    overall = {n: round(mean(r["scores"][n] for r in rows if n in r["scores"]), 4) for n in names}
    return {"overall": {**overall, "topics": len(rows)}, "topics": rows}
