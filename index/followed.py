"""The sources Pressroom follows and what each listed: a small SQLite file beside the index.

SQLite gives the atomic writes (a run killed half-way leaves the last committed state) and lets
``follow list`` read while ``serve`` polls. One row per source (its schedule, validators, last
run, errors and backoff) and one per item it ever listed (its fingerprint, validators, the
document it made, whether the source still lists it, its last error). Items a source no longer
lists are kept, marked ``gone_since``: archives keep what was published.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import IndexFailure

MAX_BACKOFF_S = 24 * 3600
MAX_EVERY_S = 366 * 86400  # a source polled less than once a year is not followed
_EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 60, "s": 1, "m": 60, "h": 3600, "d": 86400}
_NAME = re.compile(r"^\w[\w.-]{0,79}$")  # not "-x" (an option to the CLI), nor "." or ".." (a URL's path)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY, target TEXT NOT NULL, kind TEXT NOT NULL, every_s INTEGER NOT NULL,
    max_items INTEGER NOT NULL, added_at TEXT NOT NULL, last_run TEXT, last_ok TEXT,
    next_run REAL NOT NULL DEFAULT 0, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '', last_report TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS items (
    source TEXT NOT NULL, key TEXT NOT NULL, source_id TEXT NOT NULL DEFAULT '', fingerprint TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '', first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL, gone_since TEXT, error TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0, retry_at REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (source, key)
);
"""


class FollowError(IndexFailure):
    """A followed source that cannot be added, found or removed; the message says why."""


def parse_every(text: str) -> int:
    """An interval such as ``30m``, ``2h``, ``45s`` or ``1d`` in seconds (a bare number is minutes).

    >>> parse_every("30m"), parse_every("2h"), parse_every("90")
    (1800, 7200, 5400)
    """
    found = _EVERY.match(text or "")
    if not found or int(found.group(1)) == 0:
        raise FollowError(f"interval {text!r}: use a number with s, m, h or d, e.g. 30m or 2h")
    if len(found.group(1)) > 9 or int(found.group(1)) * _UNITS[found.group(2)] > MAX_EVERY_S:  # int() stays quick
        raise FollowError(f"interval {text!r}: at most {MAX_EVERY_S // 86400}d")
    return int(found.group(1)) * _UNITS[found.group(2)]


def every_text(seconds: int) -> str:
    """An interval as ``follow add --every`` takes it.

    >>> every_text(1800), every_text(45), every_text(7200), every_text(86400), every_text(90)
    ('30m', '45s', '2h', '1d', '90s')
    """
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


COUNTS = ("added", "updated", "unchanged", "failed", "gone", "waiting")  # what a run reports, in this order


def brought(report: dict) -> str:
    """What a run's report says it brought, in a few words.

    >>> brought({"added": 2, "unchanged": 5}), brought({"not_modified": True}), brought({})
    ('2 added, 5 unchanged', 'not modified', '-')
    """
    if report.get("not_modified"):
        return "not modified"
    return ", ".join(f"{report[k]} {k}" for k in COUNTS if report.get(k)) or "-"


def now_text() -> str:
    """The time now, as stored: ISO 8601 in UTC, to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(frozen=True)
class Source:
    """A followed source: a URL (feed, sitemap or page) or a folder, and how it fared."""

    name: str
    target: str
    kind: str  # "web" or "folder"
    every_s: int
    max_items: int
    added_at: str
    last_run: str | None = None
    last_ok: str | None = None
    next_run: float = 0.0
    failures: int = 0
    last_error: str = ""
    etag: str = ""
    last_modified: str = ""
    last_report: dict = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict:
        """The JSON shape (``follow list --json``, ``GET /api/follow``)."""
        return {"name": self.name, "target": self.target, "kind": self.kind, "every_s": self.every_s,
                "max_items": self.max_items, "added_at": self.added_at, "last_run": self.last_run,
                "last_ok": self.last_ok, "failures": self.failures, "last_error": self.last_error,
                "next_run": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.next_run)) if self.next_run else None,
                "last_report": self.last_report}  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One item a source listed, and what became of it."""

    source: str
    key: str
    source_id: str = ""
    fingerprint: str = ""
    etag: str = ""
    last_modified: str = ""
    first_seen: str = ""
    last_seen: str = ""
    gone_since: str | None = None
    error: str = ""
    failures: int = 0  # failed fetches in a row
    retry_at: float = 0.0  # epoch seconds: a failed item is not fetched again before


class FollowState:
    """The follow state in ``path`` (``$PRESSROOM_HOME/follow.sqlite3``); safe to share between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def add(self, target: str, every_s: int, name: str | None = None, max_items: int = 500) -> Source:
        """Follow a URL or a folder under ``name`` (by default the URL's host and path, or the folder's name)."""
        if not target.strip():  # Path("") is the working folder: never followed by mistake
            raise FollowError("no URL or folder given")
        kind = "web" if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", target) else "folder"
        if kind == "folder":
            folder = Path(target).expanduser().resolve()
            if not folder.is_dir():
                raise FollowError(f"{target}: not a folder, nor an http(s) URL")
            target = str(folder)
        name = name or _name_for(target)
        if not _NAME.match(name):
            raise FollowError(f"name {name!r}: use 1 to 80 letters, digits, '.', '_' or '-', starting with a letter "
                              "or a digit")
        if max_items < 1:
            raise FollowError(f"max_items {max_items!r}: use 1 or more")
        with self._lock:
            if self._db.execute("SELECT 1 FROM sources WHERE name=?", (name,)).fetchone():
                raise FollowError(f"a source named {name!r} is followed already (remove it first, or pick --name)")
            if row := self._db.execute("SELECT name FROM sources WHERE target=?", (target,)).fetchone():
                raise FollowError(f"{target} is followed already, as {row['name']!r}")
            self._db.execute("INSERT INTO sources (name, target, kind, every_s, max_items, added_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", (name, target, kind, every_s, max_items, now_text()))
        return self.source(name)

    def remove(self, name: str) -> None:
        """Stop following a source (its documents stay in the index)."""
        with self._lock:
            if not self._db.execute("DELETE FROM sources WHERE name=?", (name,)).rowcount:
                raise FollowError(f"no followed source named {name!r} (see `pressroom follow list`)")
            self._db.execute("DELETE FROM items WHERE source=?", (name,))

    def source(self, name: str) -> Source:
        """One source by name."""
        row = self._db.execute("SELECT * FROM sources WHERE name=?", (name,)).fetchone()
        if row is None:
            raise FollowError(f"no followed source named {name!r} (see `pressroom follow list`)")
        return _source(row)

    def sources(self) -> list[Source]:
        """Every followed source, by name."""
        return [_source(r) for r in self._db.execute("SELECT * FROM sources ORDER BY name")]

    def due(self, now: float) -> list[Source]:
        """The sources whose next run is due at ``now`` (epoch seconds)."""
        return [s for s in self.sources() if s.next_run <= now]

    def items(self, name: str) -> dict[str, Item]:
        """A source's items by key."""
        rows = self._db.execute("SELECT * FROM items WHERE source=?", (name,))
        return {r["key"]: Item(**dict(r)) for r in rows}

    def save_item(self, item: Item) -> None:
        """Write one item's state."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO items (source, key, source_id, fingerprint, etag, last_modified, first_seen, "
                "last_seen, gone_since, error, failures, retry_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (item.source, item.key, item.source_id, item.fingerprint, item.etag, item.last_modified,
                 item.first_seen, item.last_seen, item.gone_since, item.error, item.failures, item.retry_at),
            )

    def mark_gone(self, name: str, listed: set[str], when: str) -> int:
        """Mark the items of ``name`` not in ``listed`` as no longer listed; return how many were newly marked."""
        gone = 0
        with self._lock:
            rows = self._db.execute("SELECT key FROM items WHERE source=? AND gone_since IS NULL", (name,)).fetchall()
            for row in rows:  # read whole before updating: no cursor open on the rows it changes
                if row["key"] not in listed:
                    self._db.execute("UPDATE items SET gone_since=? WHERE source=? AND key=?", (when, name, row["key"]))
                    gone += 1
        return gone

    def finish(self, name: str, *, ok: bool, error: str, report: dict, etag: str = "", last_modified: str = "",
               now: float | None = None) -> Source | None:  # fmt: skip
        """Record a run's outcome: the next run after the interval, or after a backoff doubling with each
        failure. None when the source was removed during the run (its items are removed with it)."""
        now = time.time() if now is None else now
        try:
            source = self.source(name)
        except FollowError:
            with self._lock:
                self._db.execute("DELETE FROM items WHERE source=?", (name,))
            return None
        failures = 0 if ok else source.failures + 1
        wait = min(source.every_s * 2 ** min(failures, 10), MAX_BACKOFF_S) if failures else source.every_s
        stamp = now_text()
        with self._lock:
            self._db.execute(
                "UPDATE sources SET last_run=?, last_ok=?, next_run=?, failures=?, last_error=?, etag=?, "
                "last_modified=?, last_report=? WHERE name=?",
                (stamp, stamp if ok else source.last_ok, now + wait, failures, error,
                 etag if ok else source.etag, last_modified if ok else source.last_modified,
                 json.dumps(report), name),
            )
        return self.source(name)


def _source(row: sqlite3.Row) -> Source:
    data = dict(row)
    data["last_report"] = json.loads(data.get("last_report") or "{}")
    return Source(**data)


def _name_for(target: str) -> str:
    """A source's default name: the URL's host and path, or the folder's name, as letters, digits, '.' and '-'.

    >>> _name_for("https://www.consilium.europa.eu/en/press/rss/"), _name_for("/data/press")
    ('consilium.europa.eu-en-press-rss', 'press')
    """
    target = target.split("://", 1)[1].removeprefix("www.") if "://" in target else Path(target).name
    return re.sub(r"[^\w.]+", "-", target).strip("-.")[:80] or "source"
