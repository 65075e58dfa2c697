"""Feeds of records: JSON Lines files (optionally gzipped), one document a record."""

from __future__ import annotations

import calendar
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from ingest.cleaning import CONTROL, LONE_SURROGATE, normalise_space
from ingest.errors import BadInput
from ingest.limits import DEFAULT_MAX_FILE_MB, too_large
from ingest.months import ENGLISH_MONTHS
from ingest.records import Block

FEED_SUFFIXES = (".jsonl", ".jsonl.gz")
_KNOWN = {"id", "title", "lead", "text", "date", "lang", "url"}
# Other names feeds give the same fields (RSS-like exports, the Swedish government feed), tried in
# order after the field's own name.
ALIASES = {
    "lead": ("summary", "description"),
    "text": ("body", "content"),
    "date": ("published",),
}
# [0-9], not \d: \d takes any script's digits ("١٢٣٤-٠٥-٠٦" was stored as a date).
_ISO_DAY = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?$")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def is_feed(path: Path) -> bool:
    """Whether ``path`` names a JSON Lines feed.

    >>> is_feed(Path("swiss-en.jsonl.gz")), is_feed(Path("a.txt"))
    (True, False)
    """
    return path.name.lower().endswith(FEED_SUFFIXES)


def read_feed(path: Path, max_record_mb: float = DEFAULT_MAX_FILE_MB) -> Iterator[tuple[int, dict | BadInput]]:
    """Yield ``(line_number, record)`` per line, or a ``BadInput`` for a broken line.

    A line longer than ``max_record_mb`` is skipped unread, as an error: memory stays bounded
    whatever the feed holds.
    """
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    limit = int(max_record_mb * 2**20)
    records = 0
    fault = _gzip_fault(path) if opener is gzip.open else ""
    if fault:
        yield 0, BadInput(f"unreadable feed: {fault}; no record of it was ingested, as any could be garbled")
        return
    try:
        with opener(path, "rb") as handle:
            # Lines are decoded one by one, so one bad line costs only its own record.
            for number, raw in enumerate(iter(lambda: handle.readline(limit + 1), b""), start=1):
                if number == 1 and raw.startswith(_UTF16_BOMS):  # else each line was an error of its own
                    yield 0, BadInput("a UTF-16 feed; save it as UTF-8 (no record of it was ingested)")
                    return
                raw = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw  # a UTF-8 BOM cost the first record
                if len(raw) > limit:
                    records += 1
                    size = len(raw) + (0 if raw.endswith(b"\n") else _skip_line(handle))
                    yield number, too_large("record too large", size, max_record_mb)
                    continue
                if not raw.strip():
                    continue
                records += 1
                try:
                    record = json.loads(raw.decode("utf-8"))
                    if _SURROGATE_ESCAPE.search(raw):  # an unpaired "\ud800" escape decodes to a surrogate, not text
                        record = _mend(record)
                except UnicodeDecodeError as exc:
                    yield number, BadInput(f"not valid UTF-8 (bad byte at offset {exc.start})")
                    continue
                except json.JSONDecodeError as exc:
                    yield number, BadInput(f"invalid JSON ({exc.msg} at column {exc.colno})")
                    continue
                except RecursionError:
                    yield number, BadInput("invalid JSON (nested too deeply to read)")
                    continue
                except ValueError:  # a number of over 4300 digits, which Python refuses to convert (a traceback)
                    yield number, BadInput(f"invalid JSON (a number of over {sys.get_int_max_str_digits()} digits)")
                    continue
                yield number, record if isinstance(record, dict) else BadInput("a record must be a JSON object")
    except (OSError, EOFError, zlib.error) as exc:
        yield 0, BadInput(f"unreadable feed: {exc}")
        return
    if not records:
        yield 0, BadInput("empty feed (no records)")


def _gzip_fault(path: Path) -> str:
    """Why a gzip file is corrupt, or '' when it is whole or only cut short.

    gzip checks its checksum at the end only, after the records a corrupt stream garbles
    (under other records' ids) would have been indexed; so the file is read through first.
    """
    try:
        with gzip.open(path, "rb") as handle:
            while handle.read(2**20):
                pass
    except EOFError:
        return ""  # cut short: the records before the cut are sound, and are kept
    except (OSError, zlib.error) as exc:
        return str(exc)
    return ""


def _mend(value: object) -> object:
    """The value with unpaired surrogates (JSON escapes that are not text) replaced by U+FFFD."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_mend(v) for v in value]
    if isinstance(value, dict):
        return {_mend(k): _mend(v) for k, v in value.items()}
    return value


def _skip_line(handle: io.BufferedIOBase) -> int:
    """Read past the rest of a line a megabyte at a time; return how many bytes it had."""
    skipped = 0
    while chunk := handle.readline(2**20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _field(record: dict, name: str) -> tuple[str, str | None]:
    """The first non-empty string among ``name`` and its aliases, and the key it came from."""
    for key in (name, *ALIASES.get(name, ())):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise BadInput(f"field {key!r} must be a string, not {type(value).__name__}")
        if value and value.strip():
            return value, key
    return "", None


def _used(record: dict) -> set[str]:
    """The keys whose values make the record's core fields (aliases included)."""
    return _KNOWN | {key for name in ALIASES if (key := _field(record, name)[1])}


def record_blocks(record: dict) -> list[Block]:
    """The blocks of a record: title, lead and the text's paragraphs, in that order.

    The lead may come as ``summary`` or ``description``, the text as ``body`` or ``content``. A
    lead the text already holds word for word (a summary repeating the first paragraph) is read
    once, in the text.

    >>> [b.text for b in record_blocks({"id": 1, "summary": "It rained.", "body": "It rained.\\nThen sun."})]
    ['It rained.', 'Then sun.']
    """
    if record.get("id") is None or not str(record["id"]).strip():
        raise BadInput("missing or empty field 'id'")
    if not isinstance(record["id"], str | int) or isinstance(record["id"], bool):  # not "missing": it is there
        raise BadInput(f"field 'id' must be a string or an integer, not {type(record['id']).__name__}")
    for name in ("title", "lang", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise BadInput(f"field {name!r} must be a string, not {type(record[name]).__name__}")
    lead, _ = _field(record, "lead")
    text, _ = _field(record, "text")
    date, key = _field(record, "date")  # a date of the wrong type is an error too, as is one not in the calendar
    if (day := _day(date.strip())) and (fault := calendar_fault(day)):
        raise BadInput(f"field {key!r} {date.strip()!r} is not a real date: {fault}")
    if not any(normalise_space(v) for v in (record.get("title") or "", lead, text)):  # NULs are no text
        raise BadInput("no text: 'title', 'lead' and 'text' (or 'summary', 'description', 'body', "
                       "'content') are all missing or empty")
    if lead and " ".join(lead.split()) in " ".join(text.split()):
        lead = ""
    blocks = []
    if normalise_space(record.get("title") or ""):
        blocks.append(Block("heading", one_line(record["title"]), 1))
    for value in (lead, text):
        for paragraph in value.split("\n"):
            if normalise_space(paragraph):
                blocks.append(Block("paragraph", one_line(paragraph)))
    return blocks


def one_line(text: str) -> str:
    """A field's text on one line, its spaces collapsed and its control characters (NUL) dropped, as
    a file's are: they were stored, and shown raw by ``pressroom docs``.

    >>> one_line(" Council\\x00 meets\\n today ")
    'Council meets today'
    """
    return " ".join(CONTROL.sub("", text).split())


def record_metadata(record: dict) -> dict[str, str]:
    """Fields other than the core ones (and the aliases read as them), as text, kept as document metadata."""
    used = _used(record)
    return {
        key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in record.items()
        if key not in used and value not in (None, "", [], {})
    }


def record_date(record: dict) -> str | None:
    """The record's date (``date``, else ``published``) when it is ``YYYY-MM-DD`` or ``YYYY-MM``,
    or an ISO 8601 time of a day (its day is kept); None for any other text, and for a day the
    calendar lacks (``record_blocks`` reports that one as an error).

    >>> record_date({"published": "2024-03-05T09:30:00+01:00"}), record_date({"date": "5 March"})
    ('2024-03-05', None)
    >>> record_date({"date": "2024-13-45"}) is None
    True
    """
    day = _day(_field(record, "date")[0].strip())
    return day if day and not calendar_fault(day) else None


def _day(value: str) -> str | None:
    """The ``YYYY-MM-DD`` or ``YYYY-MM`` a date gives, its time of day left out; None when it gives none."""
    if _DATE.match(value):
        return value
    day = _ISO_DAY.match(value)
    return day.group(1) if day else None


def calendar_fault(day: str) -> str:
    """Why a ``YYYY-MM-DD`` or ``YYYY-MM`` date is not in the calendar, or '' when it is.

    Every date stored must be real: the index turns each into a number for its date filters.

    >>> calendar_fault("2024-13-45"), calendar_fault("2023-02-29"), calendar_fault("2024-02-29")
    ('there is no month 13', 'February 2023 has no day 29', '')
    """
    year, month, *rest = (int(part) for part in day.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if rest and year < 1:
        return "there is no year 0"
    if rest and not 1 <= rest[0] <= calendar.monthrange(year, month)[1]:
        return f"{[*ENGLISH_MONTHS][month - 1].capitalize()} {year} has no day {rest[0]}"  # not locale-bound
    return ""
