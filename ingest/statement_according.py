"""Reported speech that opens with its source: ``According to Kristin Schirmer, the study shows
that …``, ``According to Empa researcher Reimann, …``.

"According to" also opens figures and findings of institutions and texts (``According to the
FSO, …``, ``According to Europol, …``, ``According to WMO's Greenhouse Gas Bulletin, …``), so the
source must be a person the document names: one of its person mentions (``ingest.mentions``, the
entity recogniser's people and the titled names), whose full name a surname alone stands for.
French, German, Italian, Dutch and Swedish documents have their own shapes (``selon …``,
``enligt …``: ``ingest.statements_multilingual``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.records import Mention, Statement
from ingest.sentences import split_sentences
from ingest.statement_parts import _lines, _overlaps, _statement
from ingest.statement_words import WORDS
from ingest.statements import speaker_and_role

_ACCORDING = re.compile(r"According to (?P<who>[^,.:;“”\"«»]{2,120}?),\s")


def according_to(
    text: str, lang: str, mentions: Sequence[Mention], found: Sequence[Statement]
) -> tuple[Statement, ...]:
    """``found`` with the sentences of an English ``text`` that open "According to <a person>, …" and
    that no statement of ``found`` already covers, in reading order.

    >>> text = "According to Kristin Schirmer, fish tests need to be refined. According to the FSO, it fell."
    >>> schirmer = [Mention("Kristin Schirmer", "person", 13, 29)]
    >>> [(st.speaker, st.text[-8:]) for st in according_to(text, "en", schirmer, [])]
    [('Kristin Schirmer', 'refined.')]
    """
    people = [m.text for m in mentions if m.kind == "person" and " " in m.text.strip()]
    if not people or lang in WORDS:
        return tuple(found)
    by_surname = {name.split()[-1]: name for name in sorted(people, key=len)}  # the longest full name wins
    taken = [(st.start, st.end) for st in found]
    added = []
    for start, line in _lines(text):
        for s, e in split_sentences(line):
            match = _ACCORDING.match(line[s:e])
            if not match or _overlaps(start + s, start + e, taken):
                continue
            name, role = speaker_and_role(match.group("who"))
            full = name if name in people else by_surname.get(name.split()[-1]) if name else None
            if full:
                added.append(_statement(text, start + s, start + e, "statement", full, role))
    return tuple(sorted([*found, *added], key=lambda st: st.start))
