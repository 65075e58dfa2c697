"""What a quoted sentence announces with its colon, where the words it announces open the next passage.

"… Sofortmassnahmen … eingeleitet worden sind:" says nothing by itself: the measures follow. Within
a passage the answer takes the lines that follow (``extractive.with_list_items``); where the
sentence ends its passage, they are read here from the document's text, after the quote's own
offsets, and cited like any quote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant.records import Citation, record_citation
from index.catalogue import DocumentRecord
from index.errors import UnknownDocument
from ingest.sentences import split_sentences

ITEMS = 8  # lines of a list the announcement may take
ITEM_WORDS = 30  # a line this long or longer is prose: only its first sentence is taken


def announced(
    citations: tuple[Citation, ...], document: Callable[[str], DocumentRecord]
) -> tuple[str, tuple[Citation, ...]]:
    """The answer text and its citations, each quote that ends with a colon followed by what it
    announces when no citation already is; ``document`` reads a record with its text."""
    out: list[Citation] = []
    for i, cited in enumerate(citations):
        out.append(cited)
        after = citations[i + 1] if i + 1 < len(citations) else None
        if not cited.quote.rstrip().endswith(":") or (after is not None and after.source_id == cited.source_id
                                                       and after.start >= cited.end):  # fmt: skip
            continue
        try:
            record = document(cited.source_id)
        except UnknownDocument:  # deleted since the search: quote nothing more
            continue
        text = record.text or ""
        if text[cited.start : cited.end] != cited.quote:  # a record changed since: quote nothing more
            continue
        out += [replace(record_citation(record, 0, a, b, passage=text[line_a:line_b], score=cited.score),
                        versions=cited.versions) for a, b, line_a, line_b in following(text, cited.end)]  # fmt: skip
    numbered = tuple(replace(c, n=n) for n, c in enumerate(out, start=1))
    return " ".join(f"{c.quote} [{c.n}]" for c in numbered), numbered


def following(text: str, end: int) -> list[tuple[int, int, int, int]]:
    """The spans after ``end`` that a colon there announces, each with its line: the next line's first
    sentence, and where that line is a short one (a list's item), the short lines after it.

    >>> t = "We agreed:\\nFirst item.\\nSecond item.\\n" + "Long " * 40 + "prose."
    >>> [t[a:b] for a, b, _, _ in following(t, 10)]
    ['First item.', 'Second item.']
    >>> t = "We agreed:\\nThe BFM now sends a doctor. It also informs."
    >>> [t[a:b] for a, b, _, _ in following(t, 10)]
    ['The BFM now sends a doctor.']
    """
    found: list[tuple[int, int, int, int]] = []
    position = end
    while len(found) < ITEMS:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        line = text[position:line_end]
        spans = split_sentences(line)
        if not spans:
            break
        a, b = spans[0]
        item = len(spans) == 1 and len(line.split()) < ITEM_WORDS
        if found and not item:
            break
        found.append((position + a, position + b, position, line_end))
        if not item:
            break
        position = line_end
    return found
