"""The full-text table of ``pressroom find``: SQLite FTS5 in a file beside the index.

Why SQLite FTS5 and not Qdrant's full-text payload index: the reporter's search must be exact
and complete (every matching document counted, listable page after page, exportable whole), with
phrases, proximity, prefixes and any mix of AND, OR and NOT. FTS5 (in Python's standard library,
nothing to install or run) does all of these itself with exact counts and BM25 ranking; Qdrant's
text index matches words and phrases inside a filter but has no proximity or prefix match on a
word index, ranks nothing, and qdrant-client's local mode keeps no payload index at all (it
scans). One table per data folder fits one machine (13.5k documents: a few tens of MB, queries
in milliseconds) and a Qdrant cluster alike: the table holds one row per *document* (not per
passage), a far smaller thing than the vectors the cluster shards, and it is derived: it is
rebuilt from the document records stored in Qdrant whenever it is missing or behind
(``PassageStore._fulltext``), so each Pressroom process next to a cluster keeps its own copy.

It also holds each document's names (``ingest/mentions.py``) and their entities (``index/entities.py``).

The table is written where the index is written (``PassageStore.index`` and ``delete``), after
the document's record (the mark of a complete document), under the same store lock; a crash in
between leaves it behind, and the next process's first search brings it level.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.catalogue import DocumentRecord
from index.entity_counts import entity_index, top_entities
from index.filters import date_number
from index.naming import fold, untitled
from index.query import And, DateRange, Field, Node, Not, Or, Phrase, Term

# The texts live in a table of their own: listing matches reads small rows, never a text.
# 4: the names of people, organisations and places (mentions) and the entities they make.
SCHEMA = "4"
# Title matches count double in relevance (bm25's column weights: title, text).
_BM25 = "bm25(fts, 2.0, 1.0)"
_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs(
    id INTEGER PRIMARY KEY, source_id TEXT UNIQUE NOT NULL, content_hash TEXT NOT NULL,
    title TEXT NOT NULL, lang TEXT NOT NULL, kind TEXT NOT NULL, date TEXT, date_num INTEGER, url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS texts(id INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, text, content='texts', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE TRIGGER IF NOT EXISTS texts_ai AFTER INSERT ON texts BEGIN
    INSERT INTO fts(rowid, title, text) VALUES (new.id, new.title, new.text); END;
CREATE TRIGGER IF NOT EXISTS texts_ad AFTER DELETE ON texts BEGIN
    INSERT INTO fts(fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END;
CREATE TABLE IF NOT EXISTS mentions(doc INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, key TEXT NOT NULL,
    start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, role TEXT NOT NULL, alias TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(kind, key);
CREATE TABLE IF NOT EXISTS entity_keys(kind TEXT NOT NULL, key TEXT NOT NULL, entity TEXT NOT NULL,
    entity_kind TEXT NOT NULL, PRIMARY KEY(kind, key));
CREATE INDEX IF NOT EXISTS entity_keys_entity ON entity_keys(entity_kind, entity);
"""
# The fields of find that name an entity (index/entities.py keeps entity_keys level).
ENTITY_FIELDS = {"person": "person", "org": "org", "place": "place"}
_ENTITY_DOCS = (
    "d.id IN (SELECT m.doc FROM mentions m JOIN entity_keys e ON e.kind = m.kind AND e.key = m.key "
    "WHERE e.entity_kind = ? AND e.entity IN "
    "(SELECT entity FROM entity_keys WHERE (key = ? OR key LIKE '% ' || ?) AND entity_kind = ?))"
)


@dataclass(frozen=True)
class Row:
    """A matching document as the table lists it (no text)."""

    id: int
    source_id: str
    title: str
    lang: str
    kind: str
    date: str | None
    url: str
    score: float  # bm25: lower is better; 0 for a match by filters alone


def match_expression(node: Node) -> str | None:
    """The FTS5 MATCH expression of ``node``, or None where FTS5 cannot say it alone (a filter,
    or a NOT with nothing positive beside it).

    >>> match_expression(And((Term("port", prefix=True), Not(Phrase(("drug", "ports"), near=5)))))
    '("port"*) NOT (NEAR("drug" "ports", 5))'
    """
    if isinstance(node, Term):
        return _in_title(f'"{node.word}"' + ("*" if node.prefix else ""), node.title)
    if isinstance(node, Phrase):
        quoted = " ".join(f'"{w}"' for w in node.words)
        said = f'"{" ".join(node.words)}"' if node.near is None else f"NEAR({quoted}, {node.near})"
        return _in_title(said, node.title)
    if isinstance(node, Or):
        parts = [match_expression(p) for p in node.parts]
        return None if None in parts else "(" + " OR ".join(parts) + ")"  # type: ignore[arg-type]
    if isinstance(node, And):
        positive, negative, rest = _split(node)
        if rest or not positive:
            return None
        return " AND ".join(f"({p})" for p in positive) + "".join(f" NOT ({n})" for n in negative)
    return None


def _in_title(expression: str, title: bool) -> str:
    return f"title : {expression}" if title else expression


def _split(node: And) -> tuple[list[str], list[str], list[Node]]:
    """An AND's parts FTS5 can say (positive, and negative for its binary NOT), and the rest."""
    positive, negative, rest = [], [], []
    for part in node.parts:
        inner = match_expression(part.part) if isinstance(part, Not) else None
        said = match_expression(part) if not isinstance(part, Not) else None
        if said is not None:
            positive.append(said)
        elif inner is not None:
            negative.append(inner)
        else:
            rest.append(part)
    return positive, negative, rest


def where_clause(node: Node) -> tuple[str, list]:
    """The SQL condition on ``docs d`` of ``node``, with its parameters: text through FTS5,
    filters as columns, what FTS5 cannot combine (a NOT alone, OR with a filter) in SQL."""
    said = match_expression(node)
    if said is not None:
        return "d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [said]
    if isinstance(node, Field) and node.name in ENTITY_FIELDS:
        kind = ENTITY_FIELDS[node.name]
        key = untitled(fold(node.value))  # any of its names, or a name's last words (a surname)
        return _ENTITY_DOCS, [kind, key, key, kind]
    if isinstance(node, Field):
        column = {"lang": "d.lang", "kind": "d.kind", "source": "d.source_id"}[node.name]
        return f"{column} = ?", [node.value]
    if isinstance(node, DateRange):
        return "d.date_num BETWEEN ? AND ?", [node.low or 0, node.high or 99999999]
    if isinstance(node, Not):
        inner, params = where_clause(node.part)
        return f"NOT ({inner})", params
    if isinstance(node, And):
        positive, negative, rest = _split(node)
        if not positive:  # FTS5's NOT needs something positive on its left: SQL says it
            return _joined(" AND ", [where_clause(p) for p in node.parts])
        expression = " AND ".join(f"({p})" for p in positive) + "".join(f" NOT ({n})" for n in negative)
        clauses = [("d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [expression])]
        return _joined(" AND ", clauses + [where_clause(p) for p in rest])
    if isinstance(node, Or):
        return _joined(" OR ", [where_clause(p) for p in node.parts])
    raise TypeError(f"not a query node: {node!r}")  # pragma: no cover


def _joined(operator: str, clauses: list[tuple[str, list]]) -> tuple[str, list]:
    return operator.join(f"({c})" for c, _ in clauses), [x for _, params in clauses for x in params]


def positive_expression(node: Node) -> str | None:
    """An FTS5 expression matching every word and phrase the query asks for (not those under
    a NOT): relevance and highlights come from it."""
    found: list[str] = []

    def walk(n: Node, negated: bool) -> None:
        if isinstance(n, Term | Phrase) and not negated:
            found.append(match_expression(n) or "")
        elif isinstance(n, Not):
            walk(n.part, not negated)
        elif isinstance(n, And | Or):
            for p in n.parts:
                walk(p, negated)

    walk(node, False)
    return " OR ".join(f"({e})" for e in dict.fromkeys(found)) or None


class FullText:
    """The table: one row per document (metadata and clean text) and its FTS5 index."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the server's threads, each use under the lock: a query
        # takes milliseconds, and SQLite serialises writers anyway.
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._entity_cache: tuple[tuple, dict] | None = None  # top_entities' arrays, and what they were built on
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            version = self._meta("schema") if self._has_meta() else None
            if version not in (None, SCHEMA):
                for table in ("fts", "texts", "docs", "meta"):
                    self._db.execute(f"DROP TABLE IF EXISTS {table}")
            self._db.executescript(_TABLES)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA,))

    def _has_meta(self) -> bool:
        return bool(self._db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone())

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def hashes(self) -> dict[str, str]:
        """Source id → content hash of every document in the table."""
        with self._lock:
            return dict(self._db.execute("SELECT source_id, content_hash FROM docs"))

    def upsert(self, records: Iterable[DocumentRecord]) -> None:
        """Write documents (replacing those with the same source id), in one transaction."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for r in records:
                    self._delete(r.source_id)
                    cursor = self._db.execute(
                        "INSERT INTO docs(source_id, content_hash, title, lang, kind, date, date_num, url) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (r.source_id, r.content_hash, r.title, (r.lang or "").lower(), r.kind, r.date,
                         _date_num(r.date), r.url),
                    )
                    self._db.execute("INSERT INTO texts(id, title, text) VALUES (?,?,?)",
                                     (cursor.lastrowid, r.title, r.text or ""))  # fmt: skip
                    self._db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?)",
                                         mention_rows(cursor.lastrowid, r))  # fmt: skip
                self._bump()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def remove(self, source_ids: Iterable[str]) -> None:
        """Remove documents (an unknown id is no error)."""
        with self._lock:
            for source_id in source_ids:
                self._delete(source_id)
            self._bump()

    def _delete(self, source_id: str) -> None:
        row = self._db.execute("SELECT id FROM docs WHERE source_id=?", (source_id,)).fetchone()
        if row:
            self._db.execute("DELETE FROM texts WHERE id=?", row)
            self._db.execute("DELETE FROM mentions WHERE doc=?", row)
            self._db.execute("DELETE FROM docs WHERE id=?", row)

    def _bump(self) -> None:
        """Count a change of the documents: the entities made of their mentions are then rebuilt."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(self.generation() + 1),))

    def generation(self) -> int:
        """How many times the documents have changed (the entities know which one they were built on)."""
        with self._lock:
            return int(self._meta("generation") or 0)

    def rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """The rows of a read-only query on the tables (``index/entities.py``, ``index/screening.py``)."""
        with self._lock:
            return self._db.execute(sql, list(params)).fetchall()

    def replace_entities(self, rows: Iterable[tuple[str, str, str, str]], stamp: str) -> None:
        """Replace the ``(kind, key, entity, entity kind)`` table of entities, built at ``stamp``."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.execute("DELETE FROM entity_keys")
                self._db.executemany("INSERT OR REPLACE INTO entity_keys VALUES (?,?,?,?)", rows)
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('entities', ?)", (stamp,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def entities_stamp(self) -> str | None:
        """What the entity table was built on (see ``replace_entities``)."""
        with self._lock:
            return self._meta("entities")

    def top_entities(self, ids: list[int], kind: str, limit: int = 10) -> dict[str, int]:
        """The entities of ``kind`` in most of these documents: name → how many documents (ties by
        name; ``index/entity_counts.py``, its arrays built once per change of documents or entities)."""
        with self._lock:
            stamp = (self._meta("generation"), self._meta("entities"))
            if self._entity_cache is None or self._entity_cache[0] != stamp:
                pairs = self._db.execute("SELECT DISTINCT e.entity_kind, e.entity, m.doc FROM mentions m JOIN "
                                         "entity_keys e ON e.kind = m.kind AND e.key = m.key")  # fmt: skip
                self._entity_cache = (stamp, entity_index(pairs))
            index = self._entity_cache[1]
        return top_entities(index, kind, ids, limit)

    def count(self) -> int:
        """How many documents the table holds."""
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def matching(self, node: Node) -> list[Row]:
        """Every document matching ``node``, with its BM25 score (unordered)."""
        where, params = where_clause(node)
        positive = positive_expression(node)
        with self._lock:
            scores: dict[int, float] = {}
            if positive:
                scores = dict(self._db.execute(f"SELECT rowid, {_BM25} FROM fts WHERE fts MATCH ?", (positive,)))
            rows = self._db.execute(
                f"SELECT d.id, d.source_id, d.title, d.lang, d.kind, d.date, d.url FROM docs d WHERE {where}", params
            ).fetchall()
        return [Row(*r, scores.get(r[0], 0.0)) for r in rows]

    def highlighted(self, node: Node, ids: list[int], start: str, end: str) -> Iterator[tuple[int, str]]:
        """``(id, text)`` of these documents, each match of the query's words and phrases
        between ``start`` and ``end``; a document the positive words miss comes plain."""
        positive = positive_expression(node)
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                marked = dict(self._db.execute(
                    f"SELECT rowid, highlight(fts, 1, ?, ?) FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                    [start, end, positive, *chunk],
                )) if positive else {}  # fmt: skip
                plain = dict(self._db.execute(
                    f"SELECT id, text FROM texts WHERE id IN ({marks})", chunk
                )) if len(marked) < len(chunk) else {}  # fmt: skip
            for i in chunk:
                yield i, marked.get(i, plain.get(i, ""))

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


def mention_rows(doc: int | None, record: DocumentRecord) -> list[tuple]:
    """The mention table's rows of a record; a record stored before names were read at ingest
    has them read now (once: the table keeps them)."""
    from ingest.mentions import extract_mentions  # here: only records from before names were stored need it

    found = record.mentions if record.mentions is not None else extract_mentions(record.text or "", record.lang)
    return [(doc, m.kind, m.text, fold(m.text), m.start, m.end, m.role, m.alias) for m in found]


def _date_num(date: str | None) -> int | None:
    try:
        return date_number(date[:10]) if date else None
    except ValueError:
        return None
