"""Answers and citations: the records the assistant returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """The exact words an answer relies on, with where they stand in their document."""

    n: int
    source_id: str
    title: str
    date: str | None
    lang: str
    kind: str
    url: str
    passage: str
    quote: str
    start: int  # offsets of the quote in the document's clean text
    end: int
    score: float


@dataclass(frozen=True)
class Answer:
    """An answer whose every sentence is followed by the marker of its citation."""

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    see_also: tuple[Citation, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    lang: str = "en"
    mode: str = "extractive"  # how it was written: "extractive" or "generative"
    notice: str = ""  # why a generative answer fell back to extractive, for the reader
    # Generative answers: every sentence the model wrote, with its support and whether it stayed.
    sentences: tuple = ()

    def to_dict(self) -> dict:
        """The JSON shape of ``ask --json``."""
        data = asdict(self)
        data["citations"] = [asdict(c) for c in self.citations]
        data["see_also"] = [asdict(c) for c in self.see_also]
        return data
