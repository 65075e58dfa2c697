"""Thumbs up or down on answers, with an optional comment, kept in SQLite under the data folder."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
    comment TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]'
)
"""


@dataclass(frozen=True)
class Feedback:
    """A reader's verdict on one answer."""

    id: int
    created_at: str
    question: str
    answer: str
    rating: int  # 1 thumbs up, -1 thumbs down
    comment: str
    citations: list[dict]


class FeedbackStore:
    """An append-mostly SQLite table; one connection shared by the server's threads."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute(_SCHEMA)

    def add(
        self, question: str, answer: str, rating: int, comment: str = "", citations: list[dict] | None = None
    ) -> int:
        """Store a verdict; return its id."""
        if rating not in (1, -1):
            raise ValueError(f"rating must be 1 (up) or -1 (down), not {rating!r}")
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO feedback (created_at, question, answer, rating, comment, citations) VALUES (?,?,?,?,?,?)",
                (now, question, answer, rating, comment.strip(), json.dumps(citations or [], ensure_ascii=False)),
            )
        return int(cursor.lastrowid or 0)

    def comment(self, feedback_id: int, comment: str) -> None:
        """Attach or replace the comment of a stored verdict."""
        with self._lock, self._db:
            updated = self._db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip(), feedback_id))
        if updated.rowcount == 0:
            raise KeyError(f"no feedback with id {feedback_id}")

    def all(self) -> list[Feedback]:
        """Every verdict, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, created_at, question, answer, rating, comment, citations FROM feedback ORDER BY id"
            ).fetchall()
        return [Feedback(*row[:6], json.loads(row[6])) for row in rows]

    def export_jsonl(self) -> str:
        """Every verdict as JSON Lines, for analysis elsewhere."""
        return "".join(json.dumps(asdict(f), ensure_ascii=False) + "\n" for f in self.all())

    def close(self) -> None:
        """Close the database."""
        self._db.close()
