"""Deadlines and planned dates that ingest's date extractor does not read: "by end-March 2023",
"by the end of 2034", "is planned for July 2009", "the end of February 2024".

A briefing's timeline must hold a release's next steps as well as what happened; these phrases
say when something is due, each normalised as ingest normalises dates (``/2023-03``: until, by).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.months import MONTHS
from ingest.sentences import split_sentences

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_PATTERNS = (
    # "by end-March 2023", "by the end of March 2023", "until the end of 2034", "by the end of 2022"
    (re.compile(rf"\b(?:by|until|before)\s+(?:the\s+)?end[- ](?:of\s+)?(?:{_MONTH}\s+)?((?:19|20)\d\d)\b"), "until"),
    # "planned for July 2009", "scheduled for March 2014", "expected in summer 2023" is a season: left out
    (re.compile(rf"\b(?:planned|scheduled|expected|due)\s+(?:for|in)\s+(?:(?:early|mid|late)[- ])?{_MONTH}"
                r"\s+((?:19|20)\d\d)\b"), "month"),
)  # fmt: skip


@dataclass(frozen=True)
class Deadline:
    """A date a sentence sets for something due, with the sentence's offsets in the text."""

    when: str
    start: int
    end: int


def deadlines(text: str) -> list[Deadline]:
    """The deadlines and planned dates in ``text``, by sentence, in reading order.

    >>> [d.when for d in deadlines("It must define the structures by end-March 2023. The rest by the end of 2034.")]
    ['/2023-03', '/2034']
    >>> [d.when for d in deadlines("The selection of model is planned for July 2009.")]
    ['2009-07']
    >>> deadlines("The meeting took place on 3 July 2009.")
    []
    """
    out: list[Deadline] = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        for pattern, kind in _PATTERNS:
            for match in pattern.finditer(sentence):
                month, year = match.group(1), match.group(2)
                when = f"{year}-{MONTHS[month.lower()]:02d}" if month else year
                out.append(Deadline(f"/{when}" if kind == "until" else when, start, end))
    return out
