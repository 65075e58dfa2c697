"""Answers from the statements extracted at ingest: "what did X say about Y", "who said …".

The candidates are the statements of the documents retrieved for the question (so filters
and ranking apply). A speaker named in the question narrows them to that speaker; the one
closest in meaning to the question is quoted whole, with its attribution (the rest of its
line, or the line under it that names the speaker), verbatim and cited.
"""

from __future__ import annotations

import re

import numpy as np
from llama_index.core.schema import NodeWithScore

from assistant.records import Citation, record_citation
from index.embedding import Embedder
from index.store import PassageStore
from ingest.months import MONTHS
from ingest.records import Statement

_ASKS_SPEAKER = re.compile(
    r"\b(who|which (minister|official|commissioner|secretary|person|member))\b.*"
    r"\b(said|say|says|stated|quoted|stressed|called|calling|warned|declared)\b",
    re.I,
)
_ASKS_WORDS = re.compile(r"\bwhat did\b.*\b(say|said|state|stress|declare)\b", re.I)
_MONTH_NAMES = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
MIN_SIMILARITY = 0.45  # question to statement, with no speaker named in the question
MIN_NAMED = 0.25  # when the question names the speaker


def asks_about_statements(question: str) -> bool:
    """Whether the question asks who said something or what someone said.

    >>> asks_about_statements("What did Mari Rantanen say about Ukraine?")
    True
    >>> asks_about_statements("Which minister is quoted calling for police cooperation?")
    True
    >>> asks_about_statements("When was the alliance launched?")
    False
    """
    return bool(_ASKS_SPEAKER.search(question) or _ASKS_WORDS.search(question))


def statement_citation(
    question: str, nodes: list[NodeWithScore], store: PassageStore, embedder: Embedder, limit: int = 5
) -> Citation | None:
    """The statement that answers the question, quoted with its attribution, or None."""
    sources = list(dict.fromkeys(n.node.metadata["source_id"] for n in nodes))[:limit]
    found = []
    for rank, source_id in enumerate(sources):
        record = store.document(source_id)
        for st in record.statements:
            found.append((rank, record, st))
    if not found:
        return None
    lowered = question.lower()
    named = [item for item in found if item[2].speaker.split()[-1].lower() in lowered]
    pool = named or found
    # A month named in the question ("what did X say in March") points to that month's documents.
    months = {MONTHS[m.lower()] for m in _MONTH_NAMES.findall(question)}
    pool = [item for item in pool if _month(item[1].date) in months] or pool
    vectors = embedder.embed([question, *(st.text for _, _, st in pool)])
    close = vectors[1:] @ vectors[0]
    best = int(np.argmax(close - 0.02 * np.array([rank for rank, _, _ in pool])))
    if close[best] < (MIN_NAMED if named else MIN_SIMILARITY):
        return None
    _, record, st = pool[best]
    text = record.text or ""
    start, end = _with_attribution(text, st)
    passage = text[_line_start(text, start) : end]
    return record_citation(record, 1, start, end, passage=passage, score=float(close[best]))


def _month(date: str | None) -> int | None:
    return int(date[5:7]) if date and len(date) >= 7 and date[5:7].isdigit() else None


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _with_attribution(text: str, st: Statement) -> tuple[int, int]:
    """The statement's span, widened to the end of its line (where "…,” says X." ends), and to
    the next line when that one names the speaker (a byline under a quotation)."""
    start, end = st.start, st.end
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if line_end - end <= 200:
        end = line_end
    following = text[end + 1 : text.find("\n", end + 1) if text.find("\n", end + 1) != -1 else len(text)]
    if following and st.speaker in following and len(following.split()) <= 25:
        end = end + 1 + len(following)
    return start, len(text[:end].rstrip())
