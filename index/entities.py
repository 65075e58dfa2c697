"""People, organisations and places: the entities the mention table's names make, and their pages.

The mentions are written with each document (``index/fulltext.py``); the entities are built from
all of them (``index/naming.py``) when the documents or the hand-made overrides changed since
the last build, and kept in the same SQLite file (``entity_keys``: each written form's entity),
so ``find``'s ``person:`` and ``org:`` filters and facets are SQL. The overrides live in
``$PRESSROOM_HOME/entities.json``, apart from the documents, so they survive re-ingest.
"""

from __future__ import annotations

import json
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from index.errors import UnknownDocument
from index.fulltext import FullText
from index.naming import KIND_ORDER, Form, Overrides, fold, merge, untitled
from ingest.records import Statement

_OF_ENTITY = ("JOIN entity_keys e ON e.kind = m.kind AND e.key = m.key WHERE e.entity_kind = ? AND e.entity = ?")


class UnknownEntity(UnknownDocument):
    """No entity has that name (the message names the closest ones)."""


@dataclass(frozen=True)
class EntitySummary:
    """An entity as listed: name, kind, how many documents and mentions, its other names."""

    name: str
    kind: str
    documents: int
    mentions: int
    variants: tuple[str, ...]

    def to_dict(self) -> dict:
        """The JSON shape of ``pressroom entities --json`` and ``GET /api/entities``."""
        return {**asdict(self), "variants": list(self.variants)}


@dataclass(frozen=True)
class EntityDocument:
    """A document naming the entity, with the offsets of each mention in its clean text."""

    source_id: str
    title: str
    date: str | None
    lang: str
    mentions: tuple[tuple[int, int, str], ...]  # start, end, the words as written


@dataclass(frozen=True)
class EntityPage:
    """What the documents say of an entity: its names, roles and titles, the documents by date,
    the statements a person made, and the entities named in the same documents."""

    name: str
    kind: str
    variants: dict[str, int]
    roles: dict[str, int]
    documents: tuple[EntityDocument, ...]
    statements: tuple[tuple[EntityDocument, Statement], ...]
    cooccurring: tuple[tuple[str, str, int], ...]  # name, kind, documents shared

    def to_dict(self) -> dict:
        """The JSON shape of ``pressroom entity --json`` and ``GET /api/entities/{name}``."""
        return {
            "name": self.name, "kind": self.kind, "variants": self.variants, "roles": self.roles,
            "documents": [{**asdict(d), "mentions": [list(m) for m in d.mentions]} for d in self.documents],
            "statements": [{"source_id": d.source_id, "title": d.title, "date": d.date, **asdict(st)}
                           for d, st in self.statements],
            "cooccurring": [{"name": n, "kind": k, "documents": c} for n, k, c in self.cooccurring],
        }  # fmt: skip


class Entities:
    """The entities of a full-text table, rebuilt when its documents or the overrides change."""

    def __init__(self, fulltext: FullText, overrides_path: Path) -> None:
        self.fulltext = fulltext
        self.overrides_path = Path(overrides_path)
        self._lock = threading.Lock()

    # -- building --------------------------------------------------------------------------

    def overrides(self) -> Overrides:
        """The merges and splits made by hand (none when the file does not exist)."""
        try:
            return Overrides.from_dict(json.loads(self.overrides_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return Overrides()
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValueError(f"{self.overrides_path}: not a file of entity merges and splits ({exc})") from None

    def _stamp(self) -> str:
        try:
            st = self.overrides_path.stat()
            seen = f"{st.st_mtime_ns}.{st.st_size}"
        except FileNotFoundError:
            seen = "-"
        return f"{self.fulltext.generation()}:{seen}"

    def refresh(self) -> None:
        """Rebuild the entities if the documents or the overrides changed since they were built."""
        with self._lock:
            stamp = self._stamp()
            if self.fulltext.entities_stamp() == stamp:
                return
            merged = merge(self._forms(), self.overrides())
            names: dict[int, str] = {}
            taken: set[tuple[str, str]] = set()
            for entity in {id(e): e for e in merged.values()}.values():
                name, n = entity.name, 1
                while (entity.kind, name) in taken:  # two entities split by hand may share a name
                    n += 1
                    name = f"{entity.name} ({n})"
                taken.add((entity.kind, name))
                names[id(entity)] = name
            rows = [(kind, key, names[id(e)], e.kind) for (kind, key), e in merged.items()]
            self.fulltext.replace_entities(rows, stamp)

    def _forms(self) -> list[Form]:
        docs: dict[tuple[str, str], set[int]] = defaultdict(set)
        counts: Counter[tuple[str, str]] = Counter()
        aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
        for doc, kind, text, alias in self.fulltext.rows("SELECT doc, kind, text, alias FROM mentions"):
            docs[kind, text].add(doc)
            counts[kind, text] += 1
            if alias:
                aliases[kind, text].add(alias)
        return [Form(k, t, counts[k, t], frozenset(d), frozenset(aliases[k, t])) for (k, t), d in docs.items()]

    # -- by hand -----------------------------------------------------------------------------

    def merge(self, a: str, b: str) -> tuple[str, str]:
        """Merge the entity named ``b`` into the one named ``a`` (each any of its names); return
        their names as they stood before."""
        first, second = self.resolve(a), self.resolve(b)
        if first == second:  # "Belgium" and " belgium", or a name and its surname: nothing to merge
            raise ValueError(f"{a!r} and {b!r} are the same entity ({first[1]!r}): nothing to merge")
        self._write(self.overrides().merged(first[1], second[1]))
        return first[1], second[1]

    def split(self, a: str) -> str:
        """Take the name ``a``, as written, out of the entity it was merged into; return that entity's name."""
        if not self.fulltext.rows("SELECT 1 FROM mentions WHERE key = ? LIMIT 1", [fold(a)]):
            raise UnknownEntity(f"no document names {a!r}: split takes a name as the documents write it")
        owner = self.resolve(a)[1]
        self._write(self.overrides().split(a))
        return owner

    def _write(self, overrides: Overrides) -> None:
        self.overrides_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.overrides_path.with_name(self.overrides_path.name + ".part")
        partial.write_text(json.dumps(overrides.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        partial.replace(self.overrides_path)
        self.refresh()

    # -- reading -----------------------------------------------------------------------------

    def listing(self, kind: str | None = None, limit: int | None = None) -> list[EntitySummary]:
        """Entities by how many documents name them (``kind``: person, org or place)."""
        if kind is not None and kind not in KIND_ORDER:
            raise ValueError(f"unknown kind {kind!r}: use {', '.join(KIND_ORDER)}")
        self.refresh()
        where = "WHERE e.entity_kind = ?" if kind else ""
        rows = self.fulltext.rows(
            "SELECT e.entity, e.entity_kind, count(DISTINCT m.doc), count(*), group_concat(DISTINCT m.text) "
            f"FROM mentions m JOIN entity_keys e ON e.kind = m.kind AND e.key = m.key {where} "
            "GROUP BY e.entity_kind, e.entity ORDER BY 3 DESC, 4 DESC, 1" + (f" LIMIT {int(limit)}" if limit else ""),
            [kind] if kind else [],
        )
        return [EntitySummary(n, k, d, c, tuple(sorted(set(v.split(",")) - {n}))) for n, k, d, c, v in rows]

    def resolve(self, name: str) -> tuple[str, str]:
        """``(kind, name)`` of the entity one of whose names is ``name`` (the one in most documents)."""
        self.refresh()
        key = untitled(fold(name))
        # One of its names, else a name ending with it (a surname): "Verlinden", "Keller-Sutter".
        for chosen in ("key = ?", "key LIKE '% ' || ?"):
            found = self.fulltext.rows(
                "SELECT e.entity_kind, e.entity, count(DISTINCT m.doc) AS n FROM entity_keys e JOIN mentions m "
                "ON m.kind = e.kind AND m.key = e.key WHERE (e.entity_kind, e.entity) IN "
                f"(SELECT entity_kind, entity FROM entity_keys WHERE {chosen}) "
                "GROUP BY 1, 2 ORDER BY n DESC, 2 LIMIT 1",
                [key],
            )
            if found and key:
                return found[0][0], found[0][1]
        close = self.fulltext.rows(
            "SELECT DISTINCT entity FROM entity_keys WHERE key LIKE ? ORDER BY length(entity) LIMIT 5",
            [f"%{fold(name)}%"],
        )
        hint = f"; did you mean {', '.join(repr(c[0]) for c in close)}?" if close else ""
        raise UnknownEntity(f"no person, organisation or place named {name!r}{hint}")

    def documents_of(self, kind: str, name: str) -> list[int]:
        """The row ids of the documents naming the entity."""
        rows = self.fulltext.rows(f"SELECT DISTINCT m.doc FROM mentions m {_OF_ENTITY}", [kind, name])
        return [r[0] for r in rows]

    def page(self, name: str, statements_of: Callable[[str], Iterable[Statement]]) -> EntityPage:
        """The entity page of ``name``; ``statements_of(source_id)`` gives a document's statements."""
        kind, canonical = self.resolve(name)
        mentions = self.fulltext.rows(
            "SELECT d.source_id, d.title, d.date, d.lang, m.start_at, m.end_at, m.text, m.role "
            f"FROM mentions m JOIN docs d ON d.id = m.doc {_OF_ENTITY} ORDER BY d.date, d.source_id, m.start_at",
            [kind, canonical],
        )
        by_doc: dict[str, list] = {}
        for source_id, title, date, lang, a, b, text, _ in mentions:
            by_doc.setdefault(source_id, [title, date, lang, []])[3].append((a, b, text))
        documents = tuple(EntityDocument(s, t, d, lang, tuple(m)) for s, (t, d, lang, m) in by_doc.items())
        variants = Counter(m[6] for m in mentions)
        roles = Counter(m[7] for m in mentions if m[7])
        keys = {fold(v) for v in variants}
        said = tuple((doc, st) for doc in documents if kind == "person" for st in statements_of(doc.source_id)
                     if _speaker_is(st.speaker, keys))  # fmt: skip
        for _, st in said:
            if st.role:
                roles[st.role] += 1
        others = self.fulltext.rows(
            "SELECT e.entity, e.entity_kind, count(DISTINCT m.doc) AS n FROM mentions m JOIN entity_keys e "
            "ON e.kind = m.kind AND e.key = m.key WHERE m.doc IN "
            f"(SELECT m.doc FROM mentions m {_OF_ENTITY}) AND NOT (e.entity_kind = ? AND e.entity = ?) "
            "GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 20",
            [kind, canonical, kind, canonical],
        )
        return EntityPage(canonical, kind, dict(variants.most_common()), dict(roles.most_common()), documents, said,
                          tuple((n, k, c) for n, k, c in others))  # fmt: skip


def _speaker_is(speaker: str, keys: set[str]) -> bool:
    """Whether a statement's speaker is one of the entity's names, or its surname alone.

    >>> _speaker_is("Keller-Sutter", {"karin keller sutter"}), _speaker_is("Beat Jans", {"karin keller sutter"})
    (True, False)
    """
    said = fold(speaker)
    return bool(said) and any(said == k or k.endswith(" " + said) or said.endswith(" " + k) for k in keys)
