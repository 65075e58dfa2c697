"""Score briefings against a topic set written by the team.

Each line of the set (JSON Lines) names a ``topic`` and what its briefing must contain:
``facts`` (groups of alternative wordings, one of which must stand in a line), ``quotes``
(speakers who must have a quotation), ``dates`` (normalised dates the timeline must hold) and
``not_said`` (gaps it must report); optional ``lang``, ``since`` and ``until`` bound the
briefing as ``pressroom brief`` does, and optional ``docs`` names the releases the topic is
written from (their share cited by a key point is ``releases_covered``). A fact, quote or date
counts only if it is **correctly cited**: the line holding it cites a source whose document
text, at the cited offsets, is exactly the line's words. A speaker counts when named in full or
by surname ("Jans" for "Beat Jans"), accents aside; a date when the timeline holds it or a range
that starts or ends on it. Lines of the Q&A count in ``correctly_cited`` (``qa_answered``: the share of its
questions the documents answer), not in the facts. ``redundancy`` is the share of key points
that say again what an earlier key point says: their embeddings' cosine is at least
``REDUNDANT``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from statistics import mean

from assistant.assistant import Assistant
from assistant.briefing import Briefing, Line, build_briefing

# Cosine of two key points' embeddings from which the second says the same thing again: a fixed
# yardstick. Of the dev topics' key-point pairs at 0.8 or more before issue 22, most were
# rewordings (the Nigeria agreement said four ways, 0.81-0.88); a few were distinct events in
# near-identical words (Beat Jans at the January and at the March meeting, 0.97).
REDUNDANT = 0.8


def load_topics(path: Path) -> list[dict]:
    """The topic set; a malformed line raises ValueError naming it."""
    topics = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            if not isinstance(item, dict):
                raise ValueError(f"a line must be a JSON object with a topic, not {type(item).__name__}")
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


def speaker_matches(expected: str, speaker: str) -> bool:
    """Whether a quote line's speaker ("Beat Jans, Federal Councillor") is the expected one, named
    in full or by surname.

    >>> speaker_matches("Beat Jans", "Beat Jans, head of the FDJP"), speaker_matches("Beat Jans", "Mr Jans")
    (True, True)
    >>> speaker_matches("Karin Keller-Sutter", "Ms Keller-Sutter"), speaker_matches("Beat Jans", "Janssen")
    (True, False)
    >>> speaker_matches("Aleksandar Vucic", "President Aleksandar Vučić"), speaker_matches("Jans", "Beat Jans’")
    (True, True)
    """
    name = _plain(speaker.split(",")[0])
    wanted = _plain(expected)
    if name.startswith(wanted):
        return True
    surname = wanted.split()[-1]
    return surname in re.findall(r"[\w'-]+", name)


def _plain(name: str) -> str:
    """A name in lower case without accents or apostrophes at its ends ("Vučić" is "vucic")."""
    letters = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(c for c in letters if not unicodedata.combining(c)).strip("'’")


def date_matches(expected: str, when: str) -> bool:
    """Whether a timeline date (``2024-01-24`` or a range ``2024-01-24/2024-01-25``) holds the expected one.

    >>> date_matches("2024-01-24", "2024-01-24/2024-01-25"), date_matches("2024-01-25", "2024-01-24")
    (True, False)
    >>> date_matches("/2025-03", "/2025-03"), date_matches("2025-03", "/2025-03")
    (True, False)
    """
    return when == expected or (not expected.startswith("/") and expected in when.split("/") and "/" in when[1:])


def redundancy(assistant: Assistant, points: list[str]) -> float:
    """The share of key points whose embedding is within ``REDUNDANT`` cosine of an earlier one's."""
    if len(points) < 2:
        return 0.0
    vectors = assistant.embedder.embed(points)
    again = sum(1 for i in range(1, len(points)) if max(float(vectors[i] @ vectors[j]) for j in range(i)) >= REDUNDANT)
    return round(again / len(points), 4)


def score_topic(assistant: Assistant, item: dict, max_points: int | None = None) -> dict:
    """The shares of expected facts, quotes, dates and gaps that the briefing holds, correctly cited."""
    brief = build_briefing(
        assistant, item["topic"], since=item.get("since"), until=item.get("until"), lang=item.get("lang"),
        **({"key_points": max_points} if max_points else {}),
    )
    answers = [line for qa in brief.qa for line in qa.answer]
    lines = [*brief.key_points, *brief.timeline, *brief.quotes]
    good = [line for line in lines if _cited(assistant, brief, line)]
    cited_answers = sum(_cited(assistant, brief, line) for line in answers)
    flat = [(" ".join(line.text.split()).lower(), line) for line in good]
    facts = [any(any(w.lower() in text for w in group) for text, _ in flat) for group in item.get("facts", [])]
    quoted = [line.speaker for line in brief.quotes if line in good]
    quotes = [any(speaker_matches(who, speaker) for speaker in quoted) for who in item.get("quotes", [])]
    dated = {when for line in brief.timeline if line in good for when in line.when.split("; ")}
    dates = [any(date_matches(when, d) for d in dated) for when in item.get("dates", [])]
    gaps = [aspect in brief.not_said for aspect in item.get("not_said", [])]
    scores = {
        "lines": len(lines),
        "key_points": len(brief.key_points),
        "correctly_cited": round((len(good) + cited_answers) / (len(lines) + len(answers)), 4) if lines else 1.0,
        "redundancy": redundancy(assistant, [line.text for line in brief.key_points]),
    }
    if brief.qa:
        scores["qa_answered"] = round(mean(bool(qa.answer) for qa in brief.qa), 4)
    if item.get("docs"):
        by_number = {c.n: c.source_id for c in brief.sources}
        cited = {by_number.get(line.n) for line in brief.key_points}
        scores["releases_covered"] = round(mean(doc in cited for doc in item["docs"]), 4)
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
    assistant: Assistant, topics: list[dict], progress: Callable[[], None] | None = None,
    max_points: int | None = None,
) -> dict:
    """Every topic's scores and the means over the set."""
    rows = []
    for item in topics:
        rows.append(score_topic(assistant, item, max_points))
        if progress:
            progress()
    names = sorted({k for r in rows for k in r["scores"]} - {"lines"})
    overall = {n: round(mean(r["scores"][n] for r in rows if n in r["scores"]), 4) for n in names}
    return {"overall": {**overall, "topics": len(rows)}, "topics": rows}
