"""Which names are one entity: the variants of a person's or an organisation's name merged.

A pure stage over what the mention table holds (each name as written, its kind, the documents
it is in, the acronym the text defined with it) and the hand-made overrides:

- every form is compared by its key: accents folded, case and punctuation dropped
  ("Keller-Sutter" and "KELLER SUTTER" are ``keller sutter``);
- a form's kind is the one most of its mentions have (the model calls a person an organisation
  now and then);
- a surname alone ("Keller-Sutter", after "Ms" was taken off at ingest) joins the one full
  name that ends with it, or of several, the one it shares most documents with;
- an acronym joins the long form the text defined it with ("FDJP" and "Federal Department of
  Justice and Police");
- by hand: ``merge A B`` joins B's entity to A's; ``split A`` takes the form A out of whatever
  it was merged with (and keeps it out of automatic merging).

An entity is named by its most frequent form of several words (else its most frequent form).
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

_TRANSLITERATED = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ł": "l", "ı": "i"})
KIND_ORDER = ("person", "org", "place")


def fold(name: str) -> str:
    """A name's key: lower case, accents folded, anything but letters and digits a single space.

    >>> fold("Keller-Sutter"), fold("  Département fédéral "), fold("Strömmer's")
    ('keller sutter', 'departement federal', 'strommer s')
    """
    decomposed = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLITERATED))
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


_TITLES = frozenset(
    "ms mr mrs dr prof sir dame herr frau m mme madame monsieur signora signor the federal councillor councilor "
    "minister president commissioner secretary state bundesrat bundesratin bundesprasident conseiller conseillere "
    "federal federale consigliere consigliera ministre ministro ministerin justizminister justizministerin".split()
)


def untitled(key: str) -> str:
    """A folded name without the honorifics and titles before it.

    >>> untitled("ms keller sutter"), untitled("federal councillor karin keller sutter"), untitled("mr")
    ('keller sutter', 'karin keller sutter', 'mr')
    """
    words = key.split()
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Form:
    """A name as written, how often, in which documents, and the acronym (or long form) the text gave it."""

    kind: str
    text: str
    mentions: int
    docs: frozenset[int]
    aliases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Overrides:
    """Merges and splits made by hand, in the order they were made."""

    merges: tuple[tuple[str, str], ...] = ()
    splits: tuple[str, ...] = ()

    def merged(self, a: str, b: str) -> Overrides:
        """These overrides and ``merge a b`` (an earlier split of either is undone)."""
        gone = {fold(a), fold(b)}
        return Overrides((*self.merges, (a, b)), tuple(s for s in self.splits if fold(s) not in gone))

    def split(self, a: str) -> Overrides:
        """These overrides and ``split a`` (earlier merges naming it are undone)."""
        key = fold(a)
        kept = tuple(m for m in self.merges if key not in (fold(m[0]), fold(m[1])))
        return Overrides(kept, (*(s for s in self.splits if fold(s) != key), a))

    def to_dict(self) -> dict:
        """The JSON shape of the overrides file."""
        return {"merge": [list(m) for m in self.merges], "split": list(self.splits)}

    @classmethod
    def from_dict(cls, data: dict) -> Overrides:
        """Overrides read from their JSON shape."""
        return cls(tuple((str(a), str(b)) for a, b in data.get("merge", [])), tuple(map(str, data.get("split", []))))


@dataclass
class Entity:
    """One entity: its name, kind, and the keys of the forms it was written in."""

    name: str
    kind: str
    keys: set[str] = field(default_factory=set)


def merge(forms: Iterable[Form], overrides: Overrides = Overrides()) -> dict[tuple[str, str], Entity]:
    """Each form's ``(kind, key)`` → its entity (the same object for the forms merged).

    >>> found = merge([Form("person", "Karin Keller-Sutter", 3, frozenset({1, 2})),
    ...                Form("person", "Keller-Sutter", 5, frozenset({1, 3})),
    ...                Form("org", "Keller-Sutter", 1, frozenset({4})),
    ...                Form("org", "FDJP", 4, frozenset({1}), frozenset({"Federal Department of Justice and Police"})),
    ...                Form("org", "Federal Department of Justice and Police", 1, frozenset({1}))])
    >>> found["org", "keller sutter"].name, found["org", "fdjp"].name
    ('Karin Keller-Sutter', 'Federal Department of Justice and Police')
    """
    forms = list(forms)
    kind_of = _kinds(forms)
    counts: Counter[str] = Counter()
    docs: dict[str, set[int]] = defaultdict(set)
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for f in forms:
        key = fold(f.text)
        if key:
            counts[key] += f.mentions
            docs[key] |= f.docs
            spelled[key][f.text] += f.mentions
    blocked = {fold(s) for s in overrides.splits}
    parent = {key: key for key in counts}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        if a in parent and b in parent:
            parent[root(b)] = root(a)

    for a, b in _acronyms(forms, blocked):
        join(a, b)
    for surname, full in _surnames(counts, kind_of, docs, blocked):
        join(full, surname)
    for a, b in overrides.merges:
        join(fold(a), fold(b))
    groups: dict[str, set[str]] = defaultdict(set)
    for key in counts:
        groups[root(key)].add(key)
    by_key: dict[str, Entity] = {}
    for keys in groups.values():
        entity = Entity(_name(keys, counts, spelled), _kind(keys, counts, kind_of), keys)
        by_key.update(dict.fromkeys(keys, entity))
    return {(f.kind, fold(f.text)): by_key[fold(f.text)] for f in forms if fold(f.text)}


def _kinds(forms: list[Form]) -> dict[str, str]:
    """Each key's kind: the one most of its mentions have (person first on a tie)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for f in forms:
        votes[fold(f.text)][f.kind] += f.mentions
    return {key: max(v, key=lambda k: (v[k], -KIND_ORDER.index(k) if k in KIND_ORDER else -9)) for key, v in
            votes.items()}  # fmt: skip


def _acronyms(forms: list[Form], blocked: set[str]) -> Iterable[tuple[str, str]]:
    for f in forms:
        for alias in f.aliases:
            a, b = fold(f.text), fold(alias)
            if a not in blocked and b not in blocked:
                yield a, b


def _surnames(
    counts: Counter[str], kind_of: dict[str, str], docs: dict[str, set[int]], blocked: set[str]
) -> Iterable[tuple[str, str]]:
    """(surname key, full name key) for a person's surname alone and the full name it belongs to."""
    people = [k for k in counts if kind_of[k] == "person" and k not in blocked]
    full_by_last: dict[str, list[str]] = defaultdict(list)
    for key in people:
        for cut in range(1, key.count(" ") + 1):  # "karin keller sutter" ends with "sutter" and "keller sutter"
            full_by_last[key.split(" ", cut)[-1]].append(key)
    for key in people:
        candidates = [f for f in full_by_last.get(key, ()) if f != key]
        if len(candidates) == 1:
            yield key, candidates[0]
        elif candidates:
            shared = max(candidates, key=lambda f: (len(docs[f] & docs[key]), counts[f]))
            if docs[shared] & docs[key]:
                yield key, shared


def _name(keys: set[str], counts: Counter[str], spelled: dict[str, Counter[str]]) -> str:
    """The group's most frequent form of several words, else its most frequent form."""
    written = [(text, n) for key in keys for text, n in spelled[key].items()]
    return max(written, key=lambda tn: (" " in tn[0].strip(), tn[1], tn[0]))[0]


def _kind(keys: set[str], counts: Counter[str], kind_of: dict[str, str]) -> str:
    votes: Counter[str] = Counter()
    for key in keys:
        votes[kind_of[key]] += counts[key]
    return votes.most_common(1)[0][0]
