"""The matching rules of the gold format: normalised text, and when a passage covers evidence."""

from __future__ import annotations

import re

from eval.gold import Evidence

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
MIN_PARTIAL = 60  # characters of a quote that count as covering it (a quote may span two passages)


def normalise(text: str) -> str:
    """Remove HTML tags, collapse whitespace and case-fold.

    >>> normalise("17:20\\t<b><u>Press  Conference</u></b>")
    '17:20 press conference'
    """
    return _SPACE.sub(" ", _TAG.sub("", text)).strip().casefold()


def covers(doc: str, passage: str, evidence: Evidence) -> bool:
    """Whether a passage of document ``doc`` covers an evidence item.

    It must come from the item's document and contain the normalised quote, or at least
    60 characters of it.

    >>> covers("a", "x The quick brown fox y", Evidence("a", "the QUICK brown fox"))
    True
    >>> covers("b", "The quick brown fox", Evidence("a", "the quick brown fox"))
    False
    """
    if doc != evidence.doc:
        return False
    quote, text = normalise(evidence.quote), normalise(passage)
    if quote in text:
        return True
    if len(quote) <= MIN_PARTIAL:
        return False
    return any(quote[i : i + MIN_PARTIAL] in text for i in range(len(quote) - MIN_PARTIAL + 1))


def fact_present(answer: str, alternatives: tuple[str, ...]) -> bool:
    """Whether any alternative of a key fact appears in the answer (normalised).

    >>> fact_present("Launched on 24 January.", ("24 January", "24th of January"))
    True
    """
    text = normalise(answer)
    return any(normalise(a) in text for a in alternatives)
