"""Feeds of records: JSON Lines files (optionally gzipped), one document a record."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ingest.errors import BadInput
from ingest.records import Block

FEED_SUFFIXES = (".jsonl", ".jsonl.gz")
_KNOWN = {"id", "title", "lead", "text", "date", "lang", "url"}
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def is_feed(path: Path) -> bool:
    """Whether ``path`` names a JSON Lines feed.

    >>> is_feed(Path("swiss-en.jsonl.gz")), is_feed(Path("a.txt"))
    (True, False)
    """
    return path.name.lower().endswith(FEED_SUFFIXES)


def read_feed(path: Path) -> Iterator[tuple[int, dict | BadInput]]:
    """Yield ``(line_number, record)`` per line, or a ``BadInput`` for a broken line."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    records = 0
    try:
        with opener(path, "rb") as handle:
            # Lines are decoded one by one, so one bad line costs only its own record.
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                records += 1
                try:
                    record = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    yield number, BadInput(f"not valid UTF-8 (bad byte at offset {exc.start})")
                    continue
                except json.JSONDecodeError as exc:
                    yield number, BadInput(f"invalid JSON ({exc.msg} at column {exc.colno})")
                    continue
                yield number, record if isinstance(record, dict) else BadInput("a record must be a JSON object")
    except (OSError, EOFError) as exc:
        yield 0, BadInput(f"unreadable feed: {exc}")
        return
    if not records:
        yield 0, BadInput("empty feed (no records)")


def record_blocks(record: dict) -> list[Block]:
    """The blocks of a record: title, lead and the text's paragraphs, in that order."""
    if not isinstance(record.get("id"), str | int) or not str(record.get("id")).strip():
        raise BadInput("missing or empty field 'id'")
    if not any(isinstance(record.get(n), str) and record[n].strip() for n in ("title", "lead", "text")):
        raise BadInput("no text: 'title', 'lead' and 'text' are all missing or empty")
    for name in ("title", "lead", "text", "date", "lang", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise BadInput(f"field {name!r} must be a string, not {type(record[name]).__name__}")
    blocks = []
    if (record.get("title") or "").strip():
        blocks.append(Block("heading", " ".join(record["title"].split()), 1))
    for name in ("lead", "text"):
        for paragraph in (record.get(name) or "").split("\n"):
            if paragraph.strip():
                blocks.append(Block("paragraph", " ".join(paragraph.split())))
    return blocks


def record_metadata(record: dict) -> dict[str, str]:
    """Fields other than the core ones, as text, kept as document metadata."""
    return {
        key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in record.items()
        if key not in _KNOWN and value not in (None, "", [], {})
    }


def record_date(record: dict) -> str | None:
    """The record's date when it is ``YYYY-MM-DD`` or ``YYYY-MM``."""
    value = (record.get("date") or "").strip()
    return value if _DATE.match(value) else None
