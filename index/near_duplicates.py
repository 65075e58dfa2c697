"""Near-duplicates: one release re-published in one language with small changes, grouped.

The same text under two ids, a version re-sent with a corrected figure or sentence, a
``REMINDER`` of an invitation: the reader wants one of them, and to know the others exist.
Translations are the other kind of group (``index/translations.py``): near-duplicates are
always in one language.

Candidates come from MinHash over five-word shingles (``signature``, stored with each record
at ingest), banded into ``BANDS`` keys of ``ROWS`` values: two documents are compared only when
they share a band key, so an ingest compares its new documents with the few that share a key,
never every pair. A band key that more than ``MAX_BUCKET`` documents share is boilerplate (a
footer) and proposes no pairs. A candidate pair is a near-duplicate when (``alike``):

- both are in one language;
- their titles agree: one title's words, figures aside, run inside the other's (a corrected
  figure in a title, a ``REMINDER`` or ``CORRECTION`` prefix, a subtitle added);
- they were published within ``WINDOW_DAYS`` of each other (or either is undated);
- their words, in order, agree to ``MIN_RATIO`` (difflib's ratio on the normalised words), and
  both have ``MIN_WORDS`` words or more.

The same words published weeks apart are not grouped: in the Swedish feed they are a template
sent again for another meeting ("Finansiella stabilitetsrådet träffas 6 december", 2023 and 2024).

How the rule and the threshold were set, on the Swiss English feed (13,539 distinct ids of the
shared corpus's ``swiss-en.jsonl.gz``; ``bench/near_duplicates.py`` repeats it all). Shingle
Jaccard and difflib's ratio were read for every pair MinHash proposed and checked by hand. The
feed's re-publications: three exact copies under two ids (nsb-30232/30236, nsb-79161/79164,
nsb-10286/10294), same-day re-publications with a word or two changed (nsb-1578/4013,
nsb-20908/20926), a subtitle added the same day (nsb-65358/65385, ratio 0.94), a ``REMINDER``
six days later (nsb-10195/10295, 0.996), an invitation re-sent a week later with its dates
corrected (nsb-11937/9223, 0.864). Beside them, series of *different* releases written from one
template, which text alone cannot tell apart: double taxation agreements initialled with one
country after another (Slovakia and Greece, 13 days apart: 0.988), "Public finances 2017" and
"2018" (0.984), monthly price indexes, bond issues, vaccine reports (same title, 14 days apart:
0.893). Every template series changes its title (a country, a month) or comes weeks later,
hence the title and date conditions. With them, 13 candidate pairs remain in the whole feed;
ordered by ratio, the eight re-publications above come first (0.864 and up), then an
announcement and the report of one conference a week apart (nsb-29855/30006, 0.779: different
releases), then four below 0.6. ``MIN_RATIO`` 0.8 sits between the two. On constructed pairs
(100 releases of the feed each: a figure changed a day or three later, every fourth word of a
sentence changed, a sentence replaced by another release's, a ``CORRECTION:`` title with a
figure changed; against two different releases given one boilerplate paragraph, with their
own titles or both titled "Press release"), 0.8 groups 100, 99, 96 and 100 of the
re-publications and none of the 200 different pairs; 0.75 would add the conference pair, and
0.9 would group 87 of the replaced sentences. Known misses: a release re-published more than
``WINDOW_DAYS`` later with edits (nsb-76738/80403, a year apart), a corrected title whose words
(not figures) changed, and a replaced sentence in the shortest releases. Known false group: on
the Swedish feed, of its 6 groups, two job advertisements of one day for two posts (their
reference numbers and one month differ; ratio 0.966); the other 5 are re-publications.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

import numpy as np

SHINGLE = 5  # words per shingle
BANDS, ROWS = 32, 2  # a pair of shingle Jaccard 0.5 shares a band with probability 0.9999; of 0.3, 0.95
MAX_BUCKET = 50  # a band key more documents share than this is boilerplate: it proposes no pairs
WINDOW_DAYS = 7
MIN_RATIO = 0.8
# Fewer words than this tell a re-publication from another release under the same title too
# poorly: the Swedish feed's records without a text are a title alone ("Ny ambassadör till
# Sverige", 26 of them over five years), one with the words of the next.
MIN_WORDS = 30
MAX_WORDS = 5000  # words of each text compared (difflib's cost grows with the product of the lengths)
_PRIME = (1 << 31) - 1
_RNG = np.random.default_rng(20261204)  # fixed: stored signatures must stay comparable
_A = _RNG.integers(1, _PRIME, BANDS * ROWS, dtype=np.int64)
_B = _RNG.integers(0, _PRIME, BANDS * ROWS, dtype=np.int64)
_WORD = re.compile(r"[^\W_]+")
_FIGURE = re.compile(r"\d")


def words(text: str) -> list[str]:
    """A text's words, lower case and without accents.

    >>> words("Müller's 2,5% — Öffnung")
    ['muller', 's', '2', '5', 'offnung']
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(folded.lower())


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature of a text's five-word shingles (``BANDS * ROWS`` values).

    >>> a, b = signature("one two three four five six"), signature("one two three four five six")
    >>> a == b, len(a)
    (True, 64)
    """
    found = words(text)
    shingles = {" ".join(found[i : i + SHINGLE]) for i in range(max(1, len(found) - SHINGLE + 1))}
    hashes = np.fromiter((zlib.crc32(s.encode()) % _PRIME for s in shingles), dtype=np.int64, count=len(shingles))
    return tuple(int(v) for v in ((hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0))


def band_keys(signature: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The signature's band keys: its values ``ROWS`` at a time, each with its band's number."""
    return [(band, *signature[band * ROWS : (band + 1) * ROWS]) for band in range(len(signature) // ROWS)]


@dataclass(frozen=True)
class Candidate:
    """What choosing candidate pairs needs of a document: its id, language, date, title and signature."""

    source_id: str
    lang: str
    date: str | None
    title: str
    signature: tuple[int, ...]

    @cached_property
    def masked_title(self) -> str:
        """The title as ``titles_agree`` compares it."""
        return masked(self.title)

    @cached_property
    def day(self) -> datetime.date | None:
        """The date as a day (a ``YYYY-MM`` date: its month's first), or None."""
        return _day(self.date)


def candidate_pairs(docs: Iterable[Candidate], new: set[str] | None = None) -> set[tuple[str, str]]:
    """Pairs of documents in one language that share a band key, with a document of ``new`` in
    each (all pairs when None), and whose dates and titles allow them to be near-duplicates; ids
    in order."""
    listed = {d.source_id: d for d in docs if d.signature}
    wanted = None if new is None else {(d.lang, *k) for d in listed.values() if d.source_id in new
                                       for k in band_keys(d.signature)}  # fmt: skip
    buckets: dict[tuple, list[str]] = {}
    for d in listed.values():
        for key in band_keys(d.signature):
            keyed = (d.lang, *key)
            if wanted is None or keyed in wanted:  # an ingest of a few: only their keys' buckets
                buckets.setdefault(keyed, []).append(d.source_id)
    pairs: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        fresh = members if new is None else [m for m in members if m in new]
        for a in fresh:
            for b in members:
                if a != b:
                    pairs.add((a, b) if a < b else (b, a))
    return {(a, b) for a, b in pairs if could_be(listed[a], listed[b])}


def could_be(a: Candidate, b: Candidate) -> bool:
    """Whether two documents' titles and dates allow them to be near-duplicates (the text aside)."""
    if a.day and b.day and abs((a.day - b.day).days) > WINDOW_DAYS:
        return False
    short, long = sorted((a.masked_title, b.masked_title), key=len)
    return not short.strip() or short in long  # titles_agree, on titles masked once per document


def titles_agree(a: str, b: str) -> bool:
    """Whether one title's words, figures aside, run inside the other's (or a title is missing).

    >>> titles_agree("Prices rose 0.1% in May", "CORRECTION: Prices rose 0.2% in May")
    True
    >>> titles_agree("Switzerland and Slovakia initial agreement", "Switzerland and Greece initial agreement")
    False
    """
    short, long = sorted((masked(a), masked(b)), key=len)
    return not short.strip() or short in long


def masked(title: str) -> str:
    """A title's words, figures as ``#``, between spaces.

    >>> masked("Prices rose 0.1% in May")
    ' prices rose # # in may '
    """
    return " " + " ".join("#" if _FIGURE.search(w) else w for w in words(title)) + " "


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value and len(value) >= 10 else (
            datetime.date.fromisoformat(value[:7] + "-01") if value and len(value) >= 7 else None
        )
    except ValueError:
        return None


def text_ratio(a: str, b: str) -> float:
    """How much of two texts' words agree, in order (difflib's ratio on the normalised words).

    >>> round(text_ratio("The fee rises to 120 francs in May.", "The fee rises to 125 francs in May."), 3)
    0.875
    """
    first, second = words(a)[:MAX_WORDS], words(b)[:MAX_WORDS]
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    if matcher.real_quick_ratio() < MIN_RATIO or matcher.quick_ratio() < MIN_RATIO:
        return matcher.quick_ratio()  # an upper bound, below the line: not worth the full comparison
    return matcher.ratio()


def alike(a: Candidate, b: Candidate, text_a: str, text_b: str) -> bool:
    """Whether two candidate documents are near-duplicates, given their texts."""
    if a.lang != b.lang or min(len(words(text_a)), len(words(text_b))) < MIN_WORDS:
        return False
    return could_be(a, b) and text_ratio(text_a, text_b) >= MIN_RATIO


def group(
    docs: Iterable[Candidate],
    text_of: Callable[[str], str],
    new: set[str] | None = None,
    linked: dict[str, str] | None = None,
) -> dict[str, str]:
    """Near-duplicate groups: source id → group, for every document in one.

    Only pairs with a document of ``new`` in them are compared (all, when None); ``linked``
    holds the groups found before, which new documents join (a group keeps its name; two groups
    a new document bridges become the one whose name sorts first). ``text_of`` reads a
    document's text (only candidates' texts are read).

    >>> text = ("The Federal Council approved the report on 25 January: the fee for the motorway vignette "
    ...         "rises to 120 francs a year for cars and motorcycles, and the revenue goes to the upkeep of roads.")
    >>> docs = [Candidate("a", "en", "2024-01-25", "Fees", signature(text)),
    ...         Candidate("b", "en", "2024-01-26", "Fees", signature(text.replace("120", "125")))]
    >>> group(docs, {"a": text, "b": text.replace("120", "125")}.get)
    {'a': 'near:a', 'b': 'near:a'}
    """
    listed = list(docs)
    by_id = {d.source_id: d for d in listed}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def join(x: str, y: str) -> None:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    kept = {sid: g for sid, g in (linked or {}).items() if g and sid in by_id and (new is None or sid not in new)}
    for sid, g in kept.items():  # a group found before stays one: its members meet at its name
        parent.setdefault(g, g)
        join(sid, g)
    texts: dict[str, str] = {}

    def read(sid: str) -> str:
        if sid not in texts:
            texts[sid] = text_of(sid) or ""
        return texts[sid]

    for a, b in sorted(candidate_pairs(listed, new)):
        if root(a) != root(b) and alike(by_id[a], by_id[b], read(a), read(b)):
            join(a, b)
    members: dict[str, list[str]] = {}
    for sid in by_id:
        members.setdefault(root(sid), []).append(sid)
    out: dict[str, str] = {}
    for ids in members.values():
        if len(ids) > 1:  # a document whose near-duplicates were all deleted is in no group
            names = sorted({kept[s] for s in ids if s in kept})
            out.update(dict.fromkeys(ids, names[0] if names else f"near:{min(ids)}"))
    return out


@dataclass(frozen=True)
class Groups:
    """The near-duplicate groups of an index: each grouped document's group, and its members.

    >>> g = Groups.of({"a": "near:a", "b": "near:a", "c": ""})
    >>> g.similar("a"), g.similar("c"), g.key("c")
    (('b',), (), 'doc:c')
    """

    group_of: dict[str, str]
    members: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, group_of: dict[str, str]) -> Groups:
        """The groups of a source id → group map ('' or a missing id: in none)."""
        members: dict[str, list[str]] = {}
        for sid, name in sorted(group_of.items()):
            if name:
                members.setdefault(name, []).append(sid)
        grouped = {name: tuple(ids) for name, ids in members.items() if len(ids) > 1}
        return cls({s: g for s, g in group_of.items() if g in grouped}, grouped)

    def key(self, source_id: str) -> str:
        """The document's group, or a key of its own when it is in none."""
        return self.group_of.get(source_id) or "doc:" + source_id

    def similar(self, source_id: str) -> tuple[str, ...]:
        """The other documents of its group, by source id."""
        group = self.group_of.get(source_id)
        return tuple(s for s in self.members.get(group, ()) if s != source_id) if group else ()
