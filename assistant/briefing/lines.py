"""A briefing and its lines: the records the briefing's parts fill and its renderers read."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.records import Citation


@dataclass(frozen=True)
class Line:
    """One line of a briefing: the documents' words and the number of their source."""

    text: str
    n: int
    when: str = ""  # timeline lines: the normalised date(s), "; "-separated
    speaker: str = ""  # quote lines


@dataclass(frozen=True)
class QA:
    """A question journalists are likely to ask, and the documents' answer: its quoted lines, or
    none where the documents do not answer it."""

    question: str
    answer: tuple[Line, ...] = ()


@dataclass
class Briefing:
    """A topic's briefing, with the sources its lines cite."""

    topic: str
    since: str | None = None
    until: str | None = None
    key_points: list[Line] = field(default_factory=list)
    timeline: list[Line] = field(default_factory=list)
    quotes: list[Line] = field(default_factory=list)
    not_said: list[str] = field(default_factory=list)
    qa: list[QA] = field(default_factory=list)
    sources: list[Citation] = field(default_factory=list)
    notice: str = ""  # why generated key points fell back to quoted ones
    lang: str = "en"  # the language of its own words: titles, gaps, questions (assistant/messages.py)
