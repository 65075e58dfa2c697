"""A briefing's key points: every release on the topic speaks, in its sentences with specifics.

The topic's releases are those the search ranks close to its best (``topic_releases``); each
release's sentences are scored by the reader (``assistant/reader.py``: a learned probability
that the sentence speaks to the topic) and kept when they carry specifics a journalist asks
about (figures with units, dates, names, decisions, next steps). The releases take turns, best
sentence first, so that none is left out, and a sentence whose meaning is already among the
key points (``REDUNDANCY`` cosine of their embeddings) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.assistant import Assistant
from assistant.briefing.gaps import ASPECTS, says
from assistant.extractive import cite
from assistant.nodes import ScoredNode
from assistant.reader import Reading
from assistant.records import Citation
from index.filters import SearchFilters

# Set on the dev topics (eval/briefing-topics-dev.jsonl): a release whose best passage scores at
# least this share of the topic's best is on the topic (the topics' releases scored 0.58-1.0 of
# the best, the other releases of their periods at most 0.52).
RELEASE_RATIO = 0.55
# ... and holds a sentence the reader gives this probability of speaking to the topic (the dev
# topics' releases: 0.022 at least; a topic no release speaks to, far less).
RELEASE_MIN_P = 0.01
MAX_RELEASES = 8
# A release's passage speaks to the topic when the search scores it at least this share of the
# release's best passage (set on the dev topics: bounded by 0.55 of the topic's best instead, two
# of their 43 dated events were left out; at 0.5 of their release's best, none).
PASSAGE_RATIO = 0.5
# A key point's reader probability, at least: below it a sentence of the release is about
# something else (its boilerplate, a contact line). Set on the dev topics.
MIN_P = 0.0005
# Two key points say the same thing when their embeddings' cosine reaches REDUNDANCY and the
# second adds no figure or date of its own, or when it reaches SAME_ANYWAY. Set on the dev
# topics: restatements of one decision or event ("the Federal Council decided to extend the
# exemption indefinitely" / "with today's decision, the Federal Council is extending [it]
# indefinitely") scored 0.72-0.80, while distinct facts of one release scored up to 0.78, and
# those told apart by their figures ("CHF 5.34 billion" / "CHF 5.36 billion"). From SAME_ANYWAY
# on, the figures do not save a sentence: that also drops a second event told in nearly the same
# words ("attended the JHA Council on 4 and 5 March" after "... on 24 and 25 January", 0.97),
# which the timeline still holds; 0.95 instead kept such pairs at no gain in facts on dev.
REDUNDANCY = 0.72
SAME_ANYWAY = 0.8
# A briefing's key points when no --max-points is given, shared among its releases: each may give
# its share (12 of two releases, 8 of three), and at least PER_RELEASE. Before, a release gave 6
# at most whatever the budget, so a topic of two releases had 12 key points and left out figures
# a journalist asks about (dev topics: facts 0.823 -> 0.922, 14.2 -> 20.4 key points a topic).
PER_RELEASE = 6
MAX_POINTS = 24
MIN_WORDS = 6
ENCODE_AHEAD = 4  # candidates of each release encoded at once
# A key point is a sentence: a heading or an agenda line ("Protection for Ukrainian refugees
# temporary", "09:30 Public session") says what a section is about, not what happened.
_SENTENCE_END = re.compile(r"[.!?…][\"”’ˮ»)]*\s*$")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
# Specifics a journalist asks about, in two kinds: figures and dates first ...
_FIGURES = (
    # an amount, a share, or a figure with what it counts: "CHF 29.7 billion", "1.6%", "27 VHF
    # radio stations", "around 20 migration-related projects"
    re.compile(r"(\bCHF|\bEUR|€|\$|\bUSD|\bUS\$)\s?\d|\d[\d,.’‘']*\s?(%|(per ?cent|percent|million|billion|francs|"
               r"dollars|euros|tonnes?|tons|kg|km)\b)|\b\d[\d,.’‘']*\s+(?:[\w-]+\s+){0,2}?([A-Za-z-]+s|people)\b"),
    # a count in words: "twelve financial proposals", "seventeen offset obligations"
    re.compile(r"\b([Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|"
               r"(?:[Tt]hir|[Ff]our|[Ff]if|[Ss]ix|[Ss]even|[Ee]igh|[Nn]ine)teen|(?:[Tt]wen|[Tt]hir|[Ff]or|[Ff]if|[Ss]ix|"
               r"[Ss]even|[Ee]igh|[Nn]ine)ty|[Hh]undreds?|[Tt]housands?|[Dd]ozens?)\s+(?:[\w-]+\s+){0,2}?([a-z-]+s|people)\b"),
    re.compile(rf"\b\d{{1,2}}(st|nd|rd|th)?\s+(and\s+\d{{1,2}}\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}|\b(19|20)\d\d\b"),
)
# ... then names, decisions and next steps.
_OTHERS = (
    re.compile(r"(?<=[a-z,;:] )(?:[A-Z][\w’'-]+\s+){1,3}[A-Z][\w’'-]+|\b[A-Z]{2,}\b"),
    re.compile(r"\b(decided|decision|adopted|approved|agreed|signed|launched|extended|opened|awarded|elected|"
               r"appointed|concluded|initialled|submitted|filed|arrested|sent|will|plans?|planned|scheduled|"
               r"deadline|until|next)\b", re.I),
)


# In the other languages, a figure with what it counts ("70 000 personnes", "1 200 nya tjänster",
# "12 Millionen Franken"): a number, its thousands spaced or not, and a word.
_FOREIGN_FIGURE = re.compile(r"\b\d{1,3}(?:[ \u00a0\u202f’'.,]\d{3})*(?:[.,]\d+)?\s?(?:%|[^\W\d_]{3,})")


@dataclass(frozen=True)
class Scored:
    """A sentence of a release that could be a key point, with the reader's probability."""

    citation: Citation
    p: float


def topic_releases(nodes: Sequence[ScoredNode], reading: Reading, ratio: float = RELEASE_RATIO) -> list[str]:
    """The releases on the topic, best first: those whose best passage scores at least ``ratio``
    of the best passage's score and hold a sentence the reader gives ``RELEASE_MIN_P`` at least."""
    best: dict[str, float] = {}
    p: dict[str, float] = {}
    for node, row in zip(nodes, reading.sentences, strict=True):
        source = node.node.metadata["source_id"]
        best[source] = max(best.get(source, 0.0), node.score or 0.0)
        p[source] = max([p.get(source, 0.0), *(s.p for s in row)])
    return on_topic(best, p, ratio)


@dataclass(frozen=True)
class TopicPassage:
    """A passage of a topic's release that speaks to the topic: its document offsets, and its
    sentences' offsets with the reader's probability that they speak to it."""

    start: int
    end: int
    sentences: tuple[tuple[int, int, float], ...]


def topic_passages(
    nodes: Sequence[ScoredNode], reading: Reading, releases: Sequence[str], ratio: float = PASSAGE_RATIO
) -> dict[str, list[TopicPassage]]:
    """The releases' passages that the topic's search ranks close to their release's best
    (``ratio`` of its score): where a release speaks to the topic. A press kit on ten subjects
    is a release on each of them, but only its passages on the topic are."""
    best: dict[str, float] = {}
    for node in nodes:
        source = node.node.metadata["source_id"]
        best[source] = max(best.get(source, 0.0), node.score or 0.0)
    out: dict[str, list[TopicPassage]] = {}
    for node, row in zip(nodes, reading.sentences, strict=True):
        source, start = node.node.metadata["source_id"], node.node.metadata["start"]
        if source in releases and (node.score or 0.0) >= ratio * best[source]:
            spans = tuple((start + s.candidate.start, start + s.candidate.end, s.p) for s in row)
            out.setdefault(source, []).append(TopicPassage(start, node.node.metadata["end"], spans))
    return out


def on_topic(best: dict[str, float], p: dict[str, float], ratio: float = RELEASE_RATIO) -> list[str]:
    """The sources whose best search score reaches ``ratio`` of the top one's and whose best
    sentence the reader gives ``RELEASE_MIN_P`` at least, best first.

    >>> on_topic({"a": 1.0, "b": 0.7, "c": 0.3, "d": 0.9}, {"a": 0.5, "b": 0.1, "c": 0.4, "d": 0.001})
    ['a', 'b']
    """
    top = max(best.values(), default=0.0)
    ranked = sorted(best, key=lambda s: -best[s])
    return [s for s in ranked if top > 0 and best[s] >= ratio * top and p[s] >= RELEASE_MIN_P][:MAX_RELEASES]


def specifics(sentence: str, lang: str = "en") -> int:
    """What a sentence carries that a journalist asks about: 2 for a figure or a date, 1 for a
    name, a decision or a next step, 0 for none; in a sentence in ``lang``, its words for them too.

    >>> specifics("It provides 1.5 million CHF."), specifics("It ran around 20 migration-related projects.")
    (2, 2)
    >>> specifics("Costs remain low, at 0.24%."), specifics("Around 66,000 Ukrainians live here.")
    (2, 2)
    >>> specifics("At least 1500 people have died."), specifics("It comes with twelve financial proposals.")
    (2, 2)
    >>> specifics("She met President Emomali Rahmon in Dushanbe."), specifics("The consultation will run.")
    (1, 1)
    >>> specifics("It was a good year for all of us.")
    0
    >>> specifics("Les cantons hébergent 70 000 personnes.", "fr"), specifics("Es fand am 3. März statt.", "de")
    (2, 2)
    >>> specifics("Regeringen beslutade att gå vidare.", "sv"), specifics("Det var ett bra år.", "sv")
    (1, 0)
    """
    if any(pattern.search(sentence) for pattern in _FIGURES):
        return 2
    if lang != "en" and (_FOREIGN_FIGURE.search(sentence) or says(ASPECTS[1], sentence, lang)):
        return 2
    if any(pattern.search(sentence) for pattern in _OTHERS):
        return 1
    return int(lang != "en" and any(says(aspect, sentence, lang) for aspect in (ASPECTS[0], ASPECTS[3])))


def release_sentences(
    assistant: Assistant, topic: str, source: str, lang: str, filters: SearchFilters,
    found: tuple[list[ScoredNode], Reading],
) -> list[Scored]:
    """A release's sentences that could be key points, best first by the reader's probability.

    The topic's search may hold only some of the release's passages; then the release is read
    on its own (a search restricted to it), so that every sentence of it is scored."""
    nodes, reading = found
    held = [i for i, node in enumerate(nodes) if node.node.metadata["source_id"] == source]
    record = assistant.store.document(source)
    if len(held) < (record.passages or 0):
        only = SearchFilters(date_from=filters.date_from, date_to=filters.date_to, lang=filters.lang, source=source)
        nodes, reading = assistant.passages(lang, only, top_k=max(record.passages, 1), learned=False).read(
            topic, assistant.reader_model
        )
        held = [i for i, node in enumerate(nodes) if node.node.metadata["source_id"] == source]
    out: list[Scored] = []
    seen: set[tuple[int, int]] = set()
    for i in held:
        node = nodes[i]
        for s in reading.sentences[i]:
            c = s.candidate
            if c.heading:
                continue
            citation = cite(node, 0, c.start, c.end, s.p)
            key = (citation.start, citation.end)
            words = len(citation.quote.split())
            if key in seen or words < MIN_WORDS or not _SENTENCE_END.search(citation.quote):
                continue
            seen.add(key)
            out.append(Scored(citation, s.p))
    ranked = sorted(out, key=lambda x: (-x.p, x.citation.start))
    # The release's best sentence first; then figures and dates, then names, decisions and next
    # steps, each by the reader's probability: the figures are what a journalist asks about,
    # and the reader, which scores a sentence's match to the topic, ranks them low.
    return ranked[:1] + sorted(ranked[1:], key=lambda x: (-specifics(x.citation.quote, x.citation.lang), -x.p))


def figures(text: str) -> set[str]:
    """The figures and months a sentence states.

    >>> sorted(figures("CHF 5.34 billion at the end of March 2024."))
    ['2024', '5.34', 'march']
    """
    found = {m.rstrip(".,") for m in re.findall(r"\d[\d,.’‘']*", text)}
    return found | {m.lower() for m in re.findall(_MONTH, text)}


def same_thing(cosine: float, sentence: str, earlier: str, redundancy: float | None = None) -> bool:
    """Whether ``sentence`` says again what ``earlier`` said: close in meaning (``cosine`` of their
    embeddings), adding no figure or date, or closer still.

    >>> same_thing(0.76, "The exemption now applies until 12 September 2024.",
    ...            "The decision extends the exemption for six months, until 12 September 2024.")
    True
    >>> same_thing(0.78, "It includes programmes of CHF 5.36 billion.", "It includes programmes of CHF 5.34 billion.")
    False
    """
    if cosine >= SAME_ANYWAY:
        return True
    return cosine >= (REDUNDANCY if redundancy is None else redundancy) and figures(sentence) <= figures(earlier)


def choose(
    assistant: Assistant, per_release: list[list[Scored]], limit: int | None, redundancy: float | None = None
) -> list[list[Citation]]:
    """Key points from each release in turn, best first, specifics only (a release's best
    sentence always), none within ``redundancy`` cosine of one already chosen; ``limit`` in all
    (``MAX_POINTS`` by default), each release its share of them and at least ``PER_RELEASE``."""
    total = limit or MAX_POINTS
    cap = max(PER_RELEASE, -(-total // max(len(per_release), 1)))
    pools = [
        [x for k, x in enumerate(pool) if x.p >= MIN_P and (k == 0 or specifics(x.citation.quote, x.citation.lang))]
        for pool in per_release
    ]
    vectors: dict[str, object] = {}

    def vector(text: str):  # noqa: ANN202 - a numpy row
        # Encoding every sentence of every release is most of a briefing's time: encode a
        # release's next few candidates together, when the turn reaches them.
        if text not in vectors:
            ahead = [x.citation.quote for pool in pools for x in pool[:ENCODE_AHEAD]]
            batch = list(dict.fromkeys(q for q in (text, *ahead) if q not in vectors))
            vectors.update(zip(batch, assistant.embedder.embed(batch), strict=True))
        return vectors[text]

    chosen: list[list[Citation]] = [[] for _ in pools]
    kept: list = []
    count = 0
    progress = True
    while count < total and progress:
        progress = False
        for r, pool in enumerate(pools):
            while pool and count < total and len(chosen[r]) < cap:
                x = pool.pop(0)
                v_x = vector(x.citation.quote)
                if any(same_thing(float(v_x @ v), x.citation.quote, text, redundancy) for v, text in kept):
                    continue
                chosen[r].append(x.citation)
                kept.append((v_x, x.citation.quote))
                count += 1
                progress = True
                break
    return chosen


def sentences_with_markers(answer: str) -> list[tuple[str, list[int]]]:
    """The sentences of a checked generative answer, each with its citation numbers.

    >>> sentences_with_markers("It met. [1] It agreed. [2][1]")
    [('It met.', [1]), ('It agreed.', [2, 1])]
    """
    out = []
    for match in re.finditer(r"(.+?)\s((?:\[\d+\])+)(?=\s|$)", answer):
        out.append((match.group(1).strip(), [int(n) for n in re.findall(r"\d+", match.group(2))]))
    return out
