"""Enumerations in the passages: the items a list answer goes on to ("Firstly, … Secondly, …")."""

from __future__ import annotations

import re

from assistant.extractive import Candidate, with_one_that
from assistant.nodes import ScoredNode
from assistant.question_shape import list_items

# Words that open the items of an enumeration, by rank (1 opens one; 9 closes it), in each
# language of ingest: grammar, not answers ("Firstly, … Secondly, … Finally, …").
_ENUMERATORS = (
    (1, r"first(?:ly)?|in\s+the\s+first\s+place|premièrement|tout\s+d['’]abord|d['’]abord|en\s+premier\s+lieu|"
        r"erstens|zum\s+einen|in\s+primo\s+luogo|innanzitutto|anzitutto|för\s+det\s+första|ten\s+eerste"),
    (2, r"second(?:ly)?|deuxièmement|ensuite|en\s+(?:second|deuxième)\s+lieu|zweitens|zum\s+anderen|"
        r"in\s+secondo\s+luogo|för\s+det\s+andra|ten\s+tweede"),
    (3, r"third(?:ly)?|troisièmement|en\s+troisième\s+lieu|drittens|in\s+terzo\s+luogo|för\s+det\s+tredje|"
        r"ten\s+derde"),
    (4, r"fourth(?:ly)?|quatrièmement|viertens|in\s+quarto\s+luogo|för\s+det\s+fjärde|ten\s+vierde"),
    (9, r"finally|lastly|last\s+but\s+not\s+least|enfin|en\s+dernier\s+lieu|schlie(?:ss|ß)lich|zuletzt|"
        r"infine|da\s+ultimo|slutligen|till\s+sist|tot\s+slot|ten\s+slotte"),
)
_ENUMERATOR = [(rank, re.compile(rf"^\W*(?:{words})\b", re.I)) for rank, words in _ENUMERATORS]


def enumerator(sentence: str) -> int:
    """The rank of the enumeration word a sentence opens with (0 for none).

    >>> enumerator("Firstly, the Commission will present an update."), enumerator("Zweitens soll …")
    (1, 2)
    >>> enumerator("Finally, ministers will discuss returns."), enumerator("First Minister Yousaf said.")
    (9, 1)
    """
    return next((rank for rank, pattern in _ENUMERATOR if pattern.match(sentence)), 0)


def with_enumeration(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str], gap: int = 2, limit: int = 8
) -> tuple[Candidate, ...]:
    """Where a chosen sentence opens or continues an enumeration ("Firstly, …"), add its later items
    in the passage ("Secondly, …", "Finally, …") and the sentences between them: a list's items.
    It stops at the last item, or where ``gap`` sentences pass without a later one.

    >>> text = "Firstly, A. It is big. Secondly, B. Finally, C. Other news."
    >>> spans = [(0, 11), (12, 22), (23, 35), (36, 47), (48, 59)]
    >>> found = [Candidate(0, a, b, 0.1, 0.1, 0.1) for a, b in spans]
    >>> [text[c.start : c.end] for c in with_enumeration((found[0],), found, [text])]
    ['Firstly, A.', 'It is big.', 'Secondly, B.', 'Finally, C.']
    """
    picked = {(c.rank, c.start): c for c in chosen}
    for c in chosen:
        rank = enumerator(texts[c.rank][c.start : c.end])
        if not rank or rank == 9:
            continue
        following = sorted((o for o in found if o.rank == c.rank and o.start >= c.end), key=lambda o: o.start)
        between: list[Candidate] = []
        for other in following[:limit]:
            later = enumerator(texts[other.rank][other.start : other.end])
            if later > rank:
                for item in (*between, other):
                    picked.setdefault((item.rank, item.start), item)
                between, rank = [], later
                if later == 9:
                    break
            elif later or len(between) >= gap:
                break
            else:
                between.append(other)
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def with_listing(
    chosen: tuple[Candidate, ...],
    best: Candidate,
    found: list[Candidate],
    texts: list[str],
    nodes: list[ScoredNode],
    items: int = 4,
) -> tuple[Candidate, ...]:
    """Asked for several things, where no chosen sentence lists ``items`` or more ("A, B, C and D"),
    add the likeliest sentence of the reader's shortlist in the best one's document that does: the
    lead names the topic ("… handed over five items of cultural property"), a later sentence the
    list ("The items are a statue, a wine vessel, a pair of horses and a coin").
    ``items`` was chosen on the reader's dev split (3, 4, 5: docs/reader.md, session 40)."""

    def lists(c: Candidate) -> bool:
        lang = nodes[c.rank].node.metadata.get("lang") or ""
        return list_items(texts[c.rank][c.start : c.end], lang) >= items

    return with_one_that(lists, chosen, best, found, nodes)
