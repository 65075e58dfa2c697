"""Name screening: a list of names against every document, each match with its form, snippet and score.

Per name, four ways to match, strongest first:

- ``exact`` (score 1.0): the name's words side by side, any case, accents folded (the
  full-text table's own phrase search: "Müller" finds "MULLER" and "Muller");
- ``variant`` (0.9): the same with German transliterations swapped ("Mueller" ↔ "Müller",
  "Strasse" ↔ "Straße");
- ``alias`` (0.8): another name of the same entity ("Keller-Sutter" or "Ms Keller-Sutter"
  for "Karin Keller-Sutter", "FDJP" for "Federal Department of Justice and Police");
- ``fuzzy`` (0.5-0.75): a name the documents write with a small spelling difference ("Keller
  Suter"), found among the names read at ingest by edit similarity (rapidfuzz, 88 or more).

The full-text table finds the candidates (a phrase query per form), so 1,000 names take
seconds, not a pass over the texts each. The documents each name matched are kept under
``$PRESSROOM_HOME/screening/`` by list, so running the same list again marks what is new.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from index.finding import Snippet, snippets
from index.fulltext import FullText, match_expression
from index.naming import fold
from index.query import Phrase, Term

SCORES = {"exact": 1.0, "variant": 0.9, "alias": 0.8}
FUZZY_CUTOFF = 88  # rapidfuzz ratio, 0-100: one letter in a name of about ten
CONTEXT = 80
_START, _END = "\ue000", "\ue001"
MAX_NAMES = 5000
_SWAPS = (("ue", "u"), ("oe", "o"), ("ae", "a"), ("ss", "ß"))


@dataclass(frozen=True)
class ScreenHit:
    """A document matching a screened name: how (``match``), by which words (``matched``), how
    surely (``score``), where (a snippet with the match's offsets), and whether it is ``new``
    since the last run of the same list."""

    source_id: str
    title: str
    date: str | None
    lang: str
    match: str  # exact | variant | alias | fuzzy
    matched: str
    score: float
    snippet: Snippet | None
    new: bool = False

    def to_dict(self) -> dict:
        """The JSON shape of one hit."""
        data = asdict(self)
        if self.snippet is not None:
            data["snippet"] = {**asdict(self.snippet), "matches": [list(m) for m in self.snippet.matches],
                               "highlighted": self.snippet.highlighted()}  # fmt: skip
        return data


@dataclass(frozen=True)
class ScreenResult:
    """One screened name: how many documents match it, how many are new, and the best of them."""

    name: str
    documents: int
    new: int
    hits: tuple[ScreenHit, ...]

    def to_dict(self) -> dict:
        """The JSON shape of ``pressroom screen --json`` and ``POST /api/screen``."""
        return {"name": self.name, "documents": self.documents, "new": self.new,
                "hits": [h.to_dict() for h in self.hits]}  # fmt: skip


def read_names(text: str, csv_file: bool) -> list[str]:
    """The names of a list: one a line, or a CSV's ``name`` column (else its first); blank lines,
    ``#`` comments and repeats left out.

    >>> read_names("name,country\\nKarin Keller-Sutter,CH\\nBeat Jans,CH\\n", csv_file=True)
    ['Karin Keller-Sutter', 'Beat Jans']
    >>> read_names("Müller\\n\\n# a comment\\nMüller\\n", csv_file=False)
    ['Müller']
    """
    if csv_file:
        rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
        header = [c.strip().lower() for c in rows[0]] if rows else []
        column = header.index("name") if "name" in header else 0
        cells = [r[column] if column < len(r) else "" for r in rows[1 if "name" in header else 0 :]]
    else:
        cells = text.splitlines()
    names = [" ".join(c.split()) for c in cells if c.strip() and not c.strip().startswith("#")]
    names = list(dict.fromkeys(n for n in names if fold(n)))
    if len(names) > MAX_NAMES:
        raise ValueError(f"{len(names)} names: screen at most {MAX_NAMES} at a time")
    return names


def variants(name: str) -> list[str]:
    """The folded forms a name is searched under: itself, then its transliterations.

    >>> variants("Müller"), variants("Mueller")
    (['muller', 'mueller'], ['mueller', 'muller'])
    """
    base = fold(name)
    out = [base]
    lowered = " ".join(name.lower().split())
    for umlaut, spelled in (("ü", "ue"), ("ö", "oe"), ("ä", "ae"), ("ß", "ss")):
        lowered = lowered.replace(umlaut, spelled)
    out.append(fold(lowered))
    for long, short in _SWAPS[:3]:
        out.append(re.sub(rf"(?<=[^\W\d_]){long}", short, base))
    return list(dict.fromkeys(v for v in out if v))


class Screener:
    """Screens names against a full-text table whose entities are level (``Entities.refresh``)."""

    def __init__(self, fulltext: FullText, history: Path | None = None, limit: int = 20) -> None:
        if limit < 1:
            raise ValueError(f"limit {limit}: show at least 1 document per name")
        self.fulltext = fulltext
        self.history = history
        self.limit = limit
        self._keys: list[str] | None = None

    def screen(self, names: Iterable[str]) -> list[ScreenResult]:
        """Each name's result, in the list's order; with a history folder, what is new since the
        last run of the same list is marked."""
        names = list(names)
        seen = self._last_run(names)
        done = [self._one(n, seen.get(n, set()) if seen is not None else None) for n in names]
        self._remember(names, {r.name: ids for r, ids in done})
        return [r for r, _ in done]

    # -- one name ----------------------------------------------------------------------------

    def _one(self, name: str, before: set[str] | None) -> tuple[ScreenResult, set[str]]:
        found: dict[int, tuple[str, str, float, tuple | None]] = {}  # doc → match, matched, score, mention
        forms = variants(name)
        for i, form in enumerate(forms):
            for doc in self._phrase_docs(form):
                found.setdefault(doc, ("exact" if i == 0 else "variant", form, SCORES["exact" if i == 0 else
                                                                                      "variant"], None))  # fmt: skip
        for doc, text, a, b in self._alias_mentions(forms):
            found.setdefault(doc, ("alias", text, SCORES["alias"], (a, b)))
        for key, ratio in self._fuzzy_keys(forms):
            for doc, text, a, b in self.fulltext.rows(
                "SELECT doc, text, start_at, end_at FROM mentions WHERE kind IN ('person', 'org', 'place') "
                "AND key = ? ORDER BY doc, start_at", [key]):  # fmt: skip
                found.setdefault(doc, ("fuzzy", text, round(0.75 * ratio / 100, 3), (a, b)))
        meta = self._meta(list(found))
        newest = sorted(found, key=lambda d: (meta[d][4] or "", meta[d][0]), reverse=True)
        order = sorted(newest, key=lambda d: -found[d][2])  # best first; within a score, newest first
        hits = []
        for doc in order[: self.limit]:
            match, matched, score, span = found[doc]
            source_id, title, lang, _, date = meta[doc]
            snippet, words = self._snippet(doc, forms if span is None else None, span)
            fresh = before is not None and source_id not in before
            hits.append(ScreenHit(source_id, title, date, lang, match, words or matched, score, snippet, fresh))
        ids = {meta[d][0] for d in found}
        return ScreenResult(name, len(found), 0 if before is None else len(ids - before), tuple(hits)), ids

    def _phrase_docs(self, form: str) -> list[int]:
        words = form.split()
        node = Term(words[0]) if len(words) == 1 else Phrase(tuple(words))
        return [r[0] for r in self.fulltext.rows("SELECT rowid FROM fts WHERE fts MATCH ?",
                                                 [match_expression(node)])]  # fmt: skip

    def _alias_mentions(self, forms: list[str]) -> list[tuple[int, str, int, int]]:
        marks = ",".join("?" * len(forms))
        return self.fulltext.rows(
            "SELECT m.doc, m.text, m.start_at, m.end_at FROM mentions m JOIN entity_keys e "
            "ON e.kind = m.kind AND e.key = m.key WHERE (e.entity_kind, e.entity) IN "
            f"(SELECT entity_kind, entity FROM entity_keys WHERE key IN ({marks})) ORDER BY m.doc, m.start_at",
            forms,
        )

    def _fuzzy_keys(self, forms: list[str]) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        if self._keys is None:
            self._keys = [r[0] for r in self.fulltext.rows("SELECT DISTINCT key FROM mentions")]
        found: dict[str, float] = {}
        for form in forms:
            if len(form) < 5:  # a short name is one letter from too many others
                continue
            for key, ratio, _ in process.extract(form, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                 limit=10):  # fmt: skip
                if key not in forms:
                    found[key] = max(found.get(key, 0.0), ratio)
        return sorted(found.items(), key=lambda kv: -kv[1])

    def _meta(self, ids: list[int]) -> dict[int, tuple]:
        out: dict[int, tuple] = {}
        for at in range(0, len(ids), 500):
            chunk = ids[at : at + 500]
            rows = self.fulltext.rows("SELECT id, source_id, title, lang, kind, date FROM docs WHERE id IN "
                                      f"({','.join('?' * len(chunk))})", chunk)  # fmt: skip
            out.update({r[0]: r[1:] for r in rows})
        return out

    def _snippet(self, doc: int, forms: list[str] | None, span: tuple[int, int] | None) -> tuple[Snippet | None, str]:
        """The snippet around a document's first match, and the match's words as written."""
        if forms is not None:
            expression = " OR ".join(f'"{f}"' for f in forms)
            rows = self.fulltext.rows("SELECT highlight(fts, 1, ?, ?) FROM fts WHERE fts MATCH ? AND rowid = ?",
                                      [_START, _END, f"text : ({expression})", doc])  # fmt: skip
            if rows:
                found, _ = snippets(rows[0][0], limit=1, context=CONTEXT)
                if found:
                    a, b = found[0].matches[0]
                    return found[0], found[0].text[a - found[0].start : b - found[0].start]
            return None, ""  # in the title only
        text = self.fulltext.rows("SELECT text FROM texts WHERE id = ?", [doc])[0][0]
        a, b = span  # type: ignore[misc]
        marked = text[:a] + _START + text[a:b] + _END + text[b:]
        found, _ = snippets(marked, limit=1, context=CONTEXT)
        return (found[0] if found else None), text[a:b]

    # -- what is new -------------------------------------------------------------------------

    def _file(self, names: list[str]) -> Path | None:
        if self.history is None:
            return None
        digest = hashlib.sha256("\n".join(sorted(fold(n) for n in names)).encode()).hexdigest()[:16]
        return self.history / f"{digest}.json"

    def _last_run(self, names: list[str]) -> dict[str, set[str]] | None:
        path = self._file(names)
        if path is None or not path.exists():
            return None
        try:
            return {k: set(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
        except ValueError:
            return None  # a file cut short: this run starts the history again

    def _remember(self, names: list[str], matched: dict[str, set[str]]) -> None:
        path = self._file(names)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_text(json.dumps({k: sorted(v) for k, v in matched.items()}, ensure_ascii=False),
                           encoding="utf-8")  # fmt: skip
        partial.replace(path)
