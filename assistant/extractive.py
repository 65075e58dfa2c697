"""The extractive answerer: the retrieved sentences that best answer the question, verbatim.

No language model: every sentence of an answer is copied from a passage and followed by
its citation marker, and ``verify`` checks that before the answer leaves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.errors import QuoteMismatch
from assistant.nodes import ScoredNode
from assistant.question_shape import asks_list
from assistant.reader import Reading
from assistant.records import Citation
from index.lexical import terms

_MARKER = re.compile(r"\s*\[(\d+)\]")


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage that could go into the answer."""

    rank: int  # of its passage among the retrieved ones
    start: int  # relative to the passage
    end: int
    score: float
    dense: float
    lexical: float
    fits: bool = True


@dataclass(frozen=True)
class Selection:
    """The sentences chosen to answer, and the evidence figures used to decide."""

    chosen: tuple[Candidate, ...]
    best: Candidate | None


def candidates(nodes: list[ScoredNode]) -> list[Candidate]:
    """Every scored sentence of the retrieved nodes, best first."""
    found = [
        Candidate(rank, s["start"], s["end"], s["score"], s["dense"], s["lexical"], s["fits"])
        for rank, node in enumerate(nodes)
        for s in node.node.metadata.get("sentences", [])
    ]
    return sorted(found, key=lambda c: (-c.score, c.rank, c.start))


def reader_candidates(reading: Reading) -> list[Candidate]:
    """Every sentence the reader scored, best first; ``fits`` marks its shortlist, which may answer."""
    found = [
        Candidate(rank, s.candidate.start, s.candidate.end, s.p, s.candidate.cosine, s.candidate.lexical, s.shortlisted)
        for rank, row in enumerate(reading.sentences)
        for s in row
    ]
    return sorted(found, key=lambda c: (-c.score, c.rank, c.start))


def wants_list(question: str, lang: str = "en") -> bool:
    """Whether the question asks for several things (so more sentences may answer it).

    >>> wants_list("What are the three pillars of the alliance?"), wants_list("When was it launched?")
    (True, False)
    """
    return asks_list(question, lang)


def select(
    found: list[Candidate],
    *,
    listing: bool,
    max_sentences: int = 3,
    max_list: int = 6,
    ratio: float | None = None,
    at_least: int = 1,
) -> Selection:
    """Choose the best sentence and those scoring at least ``ratio`` of it, and at least the
    ``at_least`` best, in reading order.

    >>> a, b = Candidate(0, 0, 5, 0.9, 0.8, 0.9), Candidate(1, 0, 5, 0.5, 0.4, 0.2)
    >>> [c.rank for c in select([a, b], listing=False).chosen]
    [0]
    >>> [c.rank for c in select([a, b], listing=False, at_least=2).chosen]
    [0, 1]
    """
    if not found:
        return Selection((), None)
    best = found[0]
    floor = best.score * (ratio if ratio is not None else (0.8 if listing else 0.88))
    limit = max_list if listing else max_sentences
    chosen = [c for i, c in enumerate(found) if c.score >= floor or i < at_least][:limit]
    return Selection(tuple(sorted(chosen, key=lambda c: (c.rank, c.start))), best)


_QUOTE_MARKS = '"“”«»„'


def _open_quote(text: str) -> bool:
    return sum(text.count(mark) for mark in _QUOTE_MARKS) % 2 == 1


def from_best_document(selection: Selection, nodes: list[ScoredNode], one_thing: bool) -> tuple[Candidate, ...]:
    """The chosen sentences, only those of the best one's document where the question asks for one
    thing (``one_thing``): a date or a figure asked for, given by several documents, is several answers."""
    if not one_thing or selection.best is None:
        return selection.chosen
    source = nodes[selection.best.rank].node.metadata["source_id"]
    return tuple(c for c in selection.chosen if nodes[c.rank].node.metadata["source_id"] == source)


def with_one_that(
    holds: Callable[[Candidate], bool],
    chosen: tuple[Candidate, ...],
    best: Candidate,
    found: list[Candidate],
    nodes: list[ScoredNode],
) -> tuple[Candidate, ...]:
    """Where no chosen sentence ``holds`` (lists the items, states the reason), add the likeliest
    sentence of the reader's shortlist (``found``'s ``fits``, best first) in the best one's document
    that does."""
    if any(holds(c) for c in chosen):
        return chosen
    document = nodes[best.rank].node.metadata["source_id"]
    same = (c for c in found if c.fits and nodes[c.rank].node.metadata["source_id"] == document)
    extra = next((c for c in same if holds(c)), None)
    if extra is None:
        return chosen
    picked = {(c.rank, c.start): c for c in (*chosen, extra)}
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def with_quote_continuation(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str], limit: int = 4
) -> tuple[Candidate, ...]:
    """Finish a quotation a chosen sentence opens, up to the sentence that closes it
    (where the speaker is usually named: '... necessary,” Rantanen says.')."""
    picked = {(c.rank, c.start): c for c in chosen}
    for c in chosen:
        if not _open_quote(texts[c.rank][c.start : c.end]):
            continue
        following = sorted((o for o in found if o.rank == c.rank and o.start >= c.end), key=lambda o: o.start)
        for other in following[:limit]:
            picked.setdefault((other.rank, other.start), other)
            if _open_quote(texts[c.rank][c.start : other.end]) is False:
                break
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def with_rest_of_paragraph(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str], limit: int = 3
) -> tuple[Candidate, ...]:
    """Add the sentences that follow a chosen one in its paragraph (its line)."""
    picked = {(c.rank, c.start): c for c in chosen}
    for c in chosen:
        following = sorted((o for o in found if o.rank == c.rank and o.start >= c.end), key=lambda o: o.start)
        end = c.end
        for other in following[:limit]:
            if "\n" in texts[c.rank][end : other.start]:
                break
            picked.setdefault((other.rank, other.start), other)
            end = other.end
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def with_next_in_paragraph(
    chosen: tuple[Candidate, ...], best: Candidate, found: list[Candidate], texts: list[str]
) -> tuple[Candidate, ...]:
    """Add the sentence that follows ``best`` in its paragraph (its line). Asked why, the sentence
    that names what happened is often followed by the one that gives the reason ("Consumption fell
    by 2.2 % in 2018. The decline was mainly due to the warmer weather."); asked for a list, the
    items go on ("… a 360-degree view. Firstly, the Commission will present …").

    >>> a, b = Candidate(0, 0, 22, 0.8, 0.5, 0.9), Candidate(0, 23, 41, 0.1, 0.4, 0.1)
    >>> [c.start for c in with_next_in_paragraph((a,), a, [a, b], ["Consumption fell a lot. It was the weather."])]
    [0, 23]
    """
    following = sorted((o for o in found if o.rank == best.rank and o.start >= best.end), key=lambda o: o.start)
    if not following or "\n" in texts[best.rank][best.end : following[0].start]:
        return chosen
    picked = {(c.rank, c.start): c for c in (*chosen, following[0])}
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def with_each_part(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str], parts: Sequence[set[str]], lang: str
) -> tuple[Candidate, ...]:
    """For each thing a question asks (``parts``: the terms only that part of it has), where no chosen
    sentence speaks to it, add the likeliest sentence that names at least half of them."""
    for asked in parts:

        def covers(c: Candidate, asked: set[str] = asked) -> bool:
            return len(asked & set(terms(texts[c.rank][c.start : c.end], lang))) * 2 >= len(asked)

        if not asked or any(covers(c) for c in chosen):
            continue
        best = next((c for c in found if covers(c)), None)  # ``found`` is best first
        if best is not None:
            picked = {(c.rank, c.start): c for c in (*chosen, best)}
            chosen = tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))
    return chosen


def with_previous(
    chosen: tuple[Candidate, ...],
    found: list[Candidate],
    texts: list[str],
    takes: Callable[[Candidate, Candidate], bool],
) -> tuple[Candidate, ...]:
    """Add, before a chosen sentence, the sentence before it in its line where ``takes(sentence,
    previous)`` says the answer needs it."""
    picked = {(c.rank, c.start): c for c in chosen}
    for c in chosen:
        before = [o for o in found if o.rank == c.rank and o.end <= c.start]
        if not before:
            continue
        previous = max(before, key=lambda o: o.end)
        if "\n" not in texts[c.rank][previous.end : c.start] and takes(c, previous):
            picked.setdefault((previous.rank, previous.start), previous)
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def with_introduction(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str]
) -> tuple[Candidate, ...]:
    """Add, before a chosen sentence, the sentence of its line that introduces it: one that names
    more of the question than the answer itself does ("Ministers discussed the review. It found …").

    >>> a, b = Candidate(0, 0, 22, 0.2, 0.5, 0.9), Candidate(0, 23, 40, 0.8, 0.4, 0.1)
    >>> [c.start for c in with_introduction((b,), [b, a], ["Ministers discussed it. It found fraud."])]
    [0, 23]
    """
    return with_previous(chosen, found, texts, lambda c, previous: previous.lexical > c.lexical)


def with_list_items(
    chosen: tuple[Candidate, ...], found: list[Candidate], texts: list[str], limit: int = 8
) -> tuple[Candidate, ...]:
    """Add the lines that an introducing sentence ("The best practices include:") announces.

    An answer that quotes the introduction without its list would say nothing.
    """
    picked = {(c.rank, c.start): c for c in chosen}
    by_passage: dict[int, list[Candidate]] = {}
    for c in found:
        by_passage.setdefault(c.rank, []).append(c)
    for c in chosen:
        if not texts[c.rank][c.start : c.end].rstrip().endswith(":"):
            continue
        following = sorted((o for o in by_passage[c.rank] if o.start >= c.end), key=lambda o: o.start)
        for other in following[:limit]:
            if "\n" not in texts[c.rank][c.end : other.start]:
                break
            picked.setdefault((other.rank, other.start), other)
    return tuple(sorted(picked.values(), key=lambda c: (c.rank, c.start)))


def cite(node: ScoredNode, n: int, start: int, end: int, score: float) -> Citation:
    """A citation of ``node``'s text between passage offsets ``start`` and ``end``."""
    meta = node.node.metadata
    passage = node.node.get_content()
    return Citation(
        n=n,
        source_id=meta["source_id"],
        title=meta.get("title", ""),
        date=meta.get("date"),
        lang=meta.get("lang", ""),
        kind=meta.get("kind", ""),
        url=meta.get("url", ""),
        passage=passage,
        quote=passage[start:end],
        start=int(meta["start"]) + start,
        end=int(meta["start"]) + end,
        score=round(score, 4),
        versions=dict(meta.get("versions") or {}),
    )


def compose(nodes: list[ScoredNode], chosen: tuple[Candidate, ...]) -> tuple[str, tuple[Citation, ...]]:
    """Write the answer: each run of adjacent chosen sentences of a passage, then its marker."""
    runs: list[list[Candidate]] = []
    for candidate in chosen:
        last = runs[-1][-1] if runs else None
        text = nodes[candidate.rank].node.get_content()
        gap = text[last.end : candidate.start] if last else ""
        # Adjacent sentences of one line share a citation; a line break starts a new one.
        if last and last.rank == candidate.rank and not gap.strip() and "\n" not in gap:
            runs[-1].append(candidate)
        else:
            runs.append([candidate])
    citations = tuple(
        cite(nodes[run[0].rank], n, run[0].start, run[-1].end, max(c.score for c in run))
        for n, run in enumerate(runs, start=1)
    )
    return " ".join(f"{c.quote} [{c.n}]" for c in citations), citations


def closing_markers(answer: str, citations: tuple[Citation, ...]) -> tuple[set[int], str]:
    """Where each quote of an extractive answer ends: the end offsets of the ``[n]`` markers that
    close a quote of citation n, and whatever text is left after the last one (empty when the
    answer is its quotes). A bracketed number inside a quote (a document's own footnote, "he
    leads.[1] In addition") closes nothing: the words before it are not the quote it names.

    >>> f = Citation(1, "d", "", None, "en", "", "", "It rained.[1] Then sun.", "It rained.[1] Then sun.", 0, 23, 1.0)
    >>> closing_markers("It rained.[1] Then sun. [1]", (f,))
    ({27}, '')
    """
    by_number = {c.n: c for c in citations}
    position, ends = 0, set()
    for match in _MARKER.finditer(answer):
        if match.start() < position:
            continue
        sentence = answer[position : match.start()].strip()
        citation = by_number.get(int(match.group(1)))
        if citation is not None and sentence == citation.quote and citation.quote in citation.passage:
            position = match.end()
            ends.add(position)
    return ends, answer[position:].strip()


def verify(answer: str, citations: tuple[Citation, ...]) -> None:
    """Check that the answer is its citations' quotes, each verbatim in its passage
    (``closing_markers``).

    >>> c = Citation(1, "d", "", None, "en", "", "", "It rained. Then sun.", "Then sun.", 11, 20, 1.0)
    >>> verify("Then sun. [1]", (c,))
    """
    if rest := closing_markers(answer, citations)[1]:
        raise QuoteMismatch(f"answer text {rest[:60]!r} is not verbatim in the citation it names, or names none")


def best_span(found: list[Candidate], rank: int, length: int) -> tuple[int, int, float]:
    """The span of the passage ranked ``rank`` to list under "see also": its best candidate, else all of it."""
    best = next((c for c in found if c.rank == rank), None)
    return (best.start, best.end, best.score) if best else (0, length, 0.0)
