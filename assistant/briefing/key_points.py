"""A briefing's key points: the sentences that say most about the topic without repeating each other."""

from __future__ import annotations

import re

from llama_index.core.schema import NodeWithScore

from assistant.assistant import Assistant
from assistant.extractive import candidates, cite
from assistant.records import Citation

MAX_PER_PASSAGE = 2
SPECIFIC_BONUS = 0.05  # added to the score of a sentence full of figures and names
REDUNDANCY = 0.15  # taken off per unit of cosine to the closest key point already chosen
# A key point is a sentence: a heading or an agenda line ("Protection for Ukrainian refugees
# temporary", "09:30 Public session") says what a section is about, not what happened.
_SENTENCE_END = re.compile(r"[.!?…][\"”’ˮ»)]*\s*$")


def key_points(assistant: Assistant, topic: str, nodes: list[NodeWithScore], limit: int) -> list[Citation]:
    """The sentences that say most about the topic without repeating each other.

    Ranked by their answer score, a little higher when they carry specifics (figures, names
    beyond the topic's), and lower the closer they are to a key point already chosen: five
    rewordings of the topic ("the fight against drug trafficking was a main topic") tell a
    spokesperson less than the seizure figures and the alliance launched.
    """
    pool: list[Citation] = []
    per_passage: dict[int, int] = {}
    for c in candidates(nodes):
        if len(pool) >= 4 * limit:
            break
        if not c.fits or per_passage.get(c.rank, 0) >= MAX_PER_PASSAGE or c.score < assistant.settings.min_score:
            continue
        citation = cite(nodes[c.rank], 0, c.start, c.end, c.score)
        if not _SENTENCE_END.search(citation.quote) or any(p.quote == citation.quote for p in pool):
            continue
        per_passage[c.rank] = per_passage.get(c.rank, 0) + 1
        pool.append(citation)
    if not pool:
        return []
    vectors = assistant.embedder.embed([p.quote for p in pool])
    topic_words = {w.lower() for w in re.findall(r"\w+", topic)}
    value = [p.score + SPECIFIC_BONUS * _specific(p.quote, topic_words) for p in pool]
    chosen: list[int] = []
    while len(chosen) < min(limit, len(pool)):
        def gain(i: int) -> float:
            overlap = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            return value[i] - REDUNDANCY * overlap
        best = max((i for i in range(len(pool)) if i not in chosen), key=gain)
        chosen.append(best)
    return [pool[i] for i in chosen]


def _specific(sentence: str, topic_words: set[str]) -> float:
    """How many specifics a sentence carries beyond the topic's words, up to 1: figures, and
    capitalised words not at its start.

    >>> _specific("Customs seized 116 tonnes of cocaine in Antwerp.", {"cocaine"})
    0.75
    >>> _specific("Drug trafficking was one of the main topics.", {"drug", "trafficking"})
    0.0
    """
    words = re.findall(r"[\w,.]+", sentence)[1:]
    figures = sum(1 for w in words if re.search(r"\d", w))
    names = sum(1 for w in words if w[:1].isupper() and w.strip(",.").lower() not in topic_words)
    return min(1.0, 0.5 * figures + 0.25 * names)


def sentences_with_markers(answer: str) -> list[tuple[str, list[int]]]:
    """The sentences of a checked generative answer, each with its citation numbers.

    >>> sentences_with_markers("It met. [1] It agreed. [2][1]")
    [('It met.', [1]), ('It agreed.', [2, 1])]
    """
    out = []
    for match in re.finditer(r"(.+?)\s((?:\[\d+\])+)(?=\s|$)", answer):
        out.append((match.group(1).strip(), [int(n) for n in re.findall(r"\d+", match.group(2))]))
    return out
