"""``pressroom find``: every document a query matches, counted, faceted, paged, with snippets.

The engine is ``index/fulltext.py`` (SQLite FTS5); this module orders the matches, counts the
facets and cuts the snippets, with each match's character offsets in the document's clean text.
Near-duplicates (``index/near_duplicates.py``) are listed once, the first in order, naming the
others of its group (``similar``); the count and the facets still count every document.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from index.fulltext import FullText, Row
from index.near_duplicates import Groups
from index.query import Node

Sort = Literal["relevance", "date"]
SORTS = ("relevance", "date")
_START, _END = "\ue000", "\ue001"  # private-use marks around a match; removed before use
CONTEXT = 80  # characters of context on each side of a match in a snippet
SNIPPETS = 3  # snippets per document in a listing (an export keeps every match)


@dataclass(frozen=True)
class Snippet:
    """A stretch of a document's text around matches: ``start``/``end`` of the stretch and each
    match's ``[start, end]`` in the document's clean text."""

    start: int
    end: int
    text: str
    matches: tuple[tuple[int, int], ...]

    def highlighted(self, before: str = "**", after: str = "**") -> str:
        """The snippet's text with its matches between ``before`` and ``after``."""
        out, at = [], self.start
        for a, b in self.matches:
            out += [self.text[at - self.start : a - self.start], before, self.text[a - self.start : b - self.start],
                    after]  # fmt: skip
            at = b
        return "".join([*out, self.text[at - self.start :]])


@dataclass(frozen=True)
class FindHit:
    """A matching document: its metadata, score, how many matches its text holds, and snippets."""

    source_id: str
    title: str
    date: str | None
    lang: str
    kind: str
    url: str
    score: float
    match_count: int
    snippets: tuple[Snippet, ...]
    similar: tuple[str, ...] = ()  # its near-duplicates in the index, by source id

    def to_dict(self) -> dict:
        """The JSON shape of a hit (``find --json``, ``GET /api/find``, a JSON Lines export)."""
        data = asdict(self)
        data["snippets"] = [{**asdict(s), "matches": [list(m) for m in s.matches], "highlighted": s.highlighted()}
                            for s in self.snippets]  # fmt: skip
        data["similar"] = list(self.similar)
        return data


@dataclass(frozen=True)
class Facets:
    """Counts of the matching documents by language, kind, year and month (undated: ""), and
    the people and organisations named in most of them."""

    lang: dict[str, int]
    kind: dict[str, int]
    year: dict[str, int]
    month: dict[str, int]
    people: dict[str, int] = field(default_factory=dict)  # the ten people in most matching documents
    orgs: dict[str, int] = field(default_factory=dict)  # and organisations

    def to_dict(self) -> dict:
        """The JSON shape."""
        return asdict(self)


@dataclass(frozen=True)
class FindResult:
    """One page of a query's matches, with the exact count and facets of all of them."""

    query: str
    total: int
    page: int
    per_page: int
    sort: str
    facets: Facets
    hits: tuple[FindHit, ...]
    listed: int | None = None  # how many the listing holds, near-duplicates folded (None: ``total``)

    @property
    def pages(self) -> int:
        """How many pages the listing fills."""
        return max(1, -(-(self.total if self.listed is None else self.listed) // self.per_page))

    def to_dict(self) -> dict:
        """The JSON shape of ``find --json`` and ``GET /api/find``."""
        return {"query": self.query, "total": self.total,
                "listed": self.total if self.listed is None else self.listed, "page": self.page,
                "pages": self.pages, "per_page": self.per_page, "sort": self.sort, "facets": self.facets.to_dict(),
                "hits": [h.to_dict() for h in self.hits]}  # fmt: skip


def facets(rows: list[Row]) -> Facets:
    """Counts by language, kind, year and month, most frequent first (dates in date order).

    >>> facets([Row(1, "a", "", "en", "speech", "2024-01-25", "", 0.0)]).month
    {'2024-01': 1}
    """
    def counted(values: list[str], by_key: bool = False) -> dict[str, int]:
        pairs = Counter(values).items()
        return dict(sorted(pairs) if by_key else sorted(pairs, key=lambda kv: (-kv[1], kv[0])))

    return Facets(
        lang=counted([r.lang for r in rows]),
        kind=counted([r.kind for r in rows]),
        year=counted([(r.date or "")[:4] for r in rows], by_key=True),
        month=counted([(r.date or "")[:7] for r in rows], by_key=True),
    )


def ordered(rows: list[Row], sort: Sort) -> list[Row]:
    """Best first (then newest), or newest first (undated last); ties by source id."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: use {' or '.join(SORTS)}")
    by_id = sorted(rows, key=lambda r: r.source_id)
    newest = sorted(by_id, key=lambda r: r.date or "", reverse=True)
    newest = [r for r in newest if r.date] + [r for r in newest if not r.date]
    return newest if sort == "date" else sorted(newest, key=lambda r: r.score)


def snippets(marked: str, limit: int | None = SNIPPETS, context: int = CONTEXT) -> tuple[tuple[Snippet, ...], int]:
    """The snippets of a text whose matches are marked, and how many matches it has.

    >>> found, n = snippets("Ports of Europe: \ue000drug\ue001 trafficking", context=5)
    >>> n, found[0].start, found[0].matches, found[0].highlighted()
    (1, 9, ((17, 21),), 'Europe: **drug** trafficking')
    """
    pieces = marked.split(_START)
    plain, spans, at = [pieces[0]], [], len(pieces[0])
    for piece in pieces[1:]:  # each begins with a match, up to its end mark
        inside, _, rest = piece.partition(_END)
        spans.append((at, at + len(inside)))
        plain += [inside, rest]
        at += len(inside) + len(rest)
    text = "".join(plain)
    windows: list[list] = []
    for a, b in spans:
        if windows and a - context <= windows[-1][1]:
            windows[-1][1] = min(len(text), b + context)
            windows[-1][2].append((a, b))
        else:
            windows.append([max(0, a - context), min(len(text), b + context), [(a, b)]])
    chosen = windows if limit is None else windows[:limit]
    cut = [(_word_start(text, s), _word_end(text, e), m) for s, e, m in chosen]
    return tuple(Snippet(s, e, text[s:e], tuple(m)) for s, e, m in cut), len(spans)


def _word_start(text: str, at: int) -> int:
    """``at`` moved back to the start of its word (a snippet does not begin mid-word)."""
    while at > 0 and not text[at - 1].isspace() and text[at - 1].isalnum():
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    """``at`` moved on to the end of its word."""
    while at < len(text) and text[at].isalnum():
        at += 1
    return at


def _hits(fulltext: FullText, node: Node, rows: list[Row], limit: int | None,
          near: Groups | None = None) -> Iterator[FindHit]:  # fmt: skip
    by_id = {r.id: r for r in rows}
    for i, marked in fulltext.highlighted(node, [r.id for r in rows], _START, _END):
        r = by_id[i]
        found, count = snippets(marked, limit)
        yield FindHit(r.source_id, r.title, r.date, r.lang, r.kind, r.url, -r.score if r.score else 0.0, count, found,
                      near.similar(r.source_id) if near else ())  # fmt: skip


def folded(rows: list[Row], near: Groups) -> list[Row]:
    """The rows with each near-duplicate group once, where its first document stands.

    >>> rows = [Row(1, "a", "", "en", "", None, "", 0.0), Row(2, "b", "", "en", "", None, "", 0.0)]
    >>> [r.source_id for r in folded(rows, Groups.of({"a": "near:a", "b": "near:a"}))]
    ['a']
    """
    seen: set[str] = set()
    out = []
    for r in rows:
        key = near.key(r.source_id)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def find(
    fulltext: FullText, query: str, node: Node, *, sort: Sort = "relevance", page: int = 1, per_page: int = 20,
    near: Groups | None = None,
) -> FindResult:  # fmt: skip
    """One page of the documents ``node`` matches, with their exact count and facets; with
    ``near``, each near-duplicate group is listed once."""
    if page < 1 or per_page < 1:
        raise ValueError(f"page {page} of {per_page}: both start at 1")
    rows = ordered(_matching(fulltext, node, query), sort)
    listing = folded(rows, near) if near else rows
    shown = listing[(page - 1) * per_page : page * per_page]
    hits = tuple(_hits(fulltext, node, shown, SNIPPETS, near))
    ids = [r.id for r in rows]
    counted = replace(facets(rows), people=fulltext.top_entities(ids, "person"), orgs=fulltext.top_entities(ids, "org"))
    return FindResult(query, len(rows), page, per_page, sort, counted, hits, len(listing))


def find_all(
    fulltext: FullText, node: Node, *, sort: Sort = "relevance", near: Groups | None = None
) -> Iterator[FindHit]:
    """Every document ``node`` matches, in order, each with all its matches' snippets (an export;
    with ``near``, each names its near-duplicates)."""
    rows = ordered(_matching(fulltext, node), sort)
    for at in range(0, len(rows), 500):
        yield from _hits(fulltext, node, rows[at : at + 500], None, near)


def _matching(fulltext: FullText, node: Node, query: str = "") -> list[Row]:
    """The rows ``node`` matches; a query too large for SQLite's parser ("Expression tree is too
    large", "parser stack overflow": hundreds of ORs) is a ``ValueError`` naming it."""
    try:
        return fulltext.matching(node)
    except sqlite3.OperationalError as exc:
        shown = f"query {query[:80]!r}" if query else "the query"
        raise ValueError(f"{shown}: too large for the full-text engine ({exc}); use fewer terms") from None
