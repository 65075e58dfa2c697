"""Bad files and feeds found by a sweep of ``pressroom ingest``: a feed line holding a number too long
for Python, a feed saved with a BOM or as UTF-16, control characters in a record, a date in other
digits, an id of the wrong type, an HTML paragraph of punctuation that took spaCy 20 minutes. Each
is one error naming the file (and line) or is read; the rest of the batch is stored."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from index.ingesting import ingest_paths
from index.store import PassageStore
from ingest.feeds import record_date
from ingest.pipeline import load_paths
from ingest.records import Document

TEXT = "The Council met in Brussels and agreed on the budget for next year."
GOOD_MD = f"# Council meeting\n\n{TEXT}\n"


def lines(*records: dict | str) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode()


def outcome(items: list) -> list[tuple[str, str]]:
    """Each item as (kind, source id or the error's place and reason)."""
    return [("doc", i.source_id) if isinstance(i, Document) else ("error", f"{i.path}: {i.reason}") for i in items]


def test_a_number_too_long_for_python_is_one_error_naming_its_line(tmp_path: Path) -> None:
    # json.loads raised ValueError (Python converts at most 4300 digits): a traceback, the batch lost.
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(lines({"id": "r1", "text": TEXT}, '{"id": "r2", "text": "x", "n": ' + "9" * 5000 + "}",
                           {"id": "r3", "text": TEXT}))
    after = tmp_path / "after.md"
    after.write_text(GOOD_MD)
    assert outcome(list(load_paths([feed, after]))) == [
        ("doc", "r1"), ("error", f"{feed}:2: invalid JSON (a number of over 4300 digits)"), ("doc", "r3"),
        ("doc", "after.md")]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_a_feed_saved_with_a_utf8_bom_keeps_its_first_record(suffix: str, tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + lines({"id": "r1", "text": TEXT}, {"id": "r2", "text": TEXT})
    feed = tmp_path / f"feed{suffix}"
    feed.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    # Before: "feed.jsonl:1: invalid JSON (Unexpected UTF-8 BOM (decode using utf-8-sig) at column 1)".
    assert outcome(list(load_paths([feed]))) == [("doc", "r1"), ("doc", "r2")]


def test_a_utf16_feed_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(lines(*({"id": f"r{n}", "text": TEXT} for n in range(5))).decode().encode("utf-16"))
    after = tmp_path / "after.md"
    after.write_text(GOOD_MD)
    # Before: line 1 "not valid UTF-8 (bad byte at offset 0)", then "invalid JSON" for every other line.
    assert outcome(list(load_paths([feed, after]))) == [
        ("error", f"{feed}: a UTF-16 feed; save it as UTF-8 (no record of it was ingested)"), ("doc", "after.md")]


def test_control_characters_in_a_record_are_dropped_and_a_record_of_only_them_is_no_text(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(lines({"id": "r1", "title": "Budget\x00 agreed", "text": f"{TEXT}\x00\x07 More.\n\x00\x01"},
                           {"id": "r2", "text": "\x00\x00\x00"}, {"id": "r3", "title": "\x00", "lead": "\u200b"}))
    items = list(load_paths([feed]))
    no_text = "no text: 'title', 'lead' and 'text' (or 'summary', 'description', 'body', 'content') are all missing"
    assert [(kind, what.removesuffix(" or empty")) for kind, what in outcome(items)] == [
        ("doc", "r1"), ("error", f"{feed}:2: {no_text}"), ("error", f"{feed}:3: {no_text}")]
    # Before: r2 was a document whose title and text were three NUL characters; r1's held NULs.
    assert (items[0].title, items[0].text) == ("Budget agreed", f"Budget agreed\n{TEXT} More.")


def test_a_date_in_digits_of_another_script_is_left_undated() -> None:
    # Before: "١٢٣٤-٠٥-٠٦" (\d takes any digit) was stored as the date and shown as such.
    assert record_date({"date": "١٢٣٤-٠٥-٠٦"}) is None
    assert record_date({"published": "٢٠٢٤-٠٣-٠٥T09:30:00Z"}) is None
    assert record_date({"date": "2024-03-05"}) == "2024-03-05"


@pytest.mark.parametrize(("value", "said"), [(3.5, "float"), ([1], "list"), ({"a": 1}, "dict"), (True, "bool")])
def test_an_id_of_the_wrong_type_is_named_as_such(value: object, said: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(lines({"id": value, "text": TEXT}, {"id": 7, "text": TEXT}))
    # Before: "missing or empty field 'id'" for an id that is there, and True was stored as id "True".
    assert outcome(list(load_paths([feed]))) == [
        ("error", f"{feed}:1: field 'id' must be a string or an integer, not {said}"), ("doc", "7")]


@pytest.mark.slow
def test_an_html_paragraph_of_punctuation_is_read_in_seconds(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD_MD)
    list(load_paths([good]))  # the parsers' models load outside the time taken
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>{TEXT}</p><p>{'<' * 30_000}</p><p>{'&amp;' * 10_000} end</p></body></html>")
    started = time.monotonic()
    items = list(load_paths([page]))
    # Before: spaCy's tokenizer, classifying the paragraph, took minutes (quadratic in the run's length).
    assert time.monotonic() - started < 30
    assert outcome(items) == [("doc", "page.html")]
    assert TEXT in items[0].text and "<" * 30_000 in items[0].text and "&" * 10_000 + " end" in items[0].text


@pytest.mark.integration
def test_bad_feed_lines_fail_alone_and_keep_what_is_stored(store: PassageStore, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(lines({"id": "a1", "text": "Ministers met on migration."},
                           {"id": "a2", "text": "Ministers met on fisheries."}))
    assert [e.status for e in ingest_paths(store, [feed])] == ["added", "added"]
    feed.write_bytes(b"\xef\xbb\xbf" + lines({"id": "a1", "text": "Ministers met on migration again."},
                                             '{"id": "a2", "text": "x", "n": ' + "1" * 4400 + "}"))
    events = list(ingest_paths(store, [feed]))
    assert sorted((e.source_id, e.status, e.reason) for e in events) == [
        (f"{feed}:2", "failed", "invalid JSON (a number of over 4300 digits)"), ("a1", "updated", "")]
    assert store.document("a2").text == "Ministers met on fisheries."  # as stored before the bad line came
    assert store.document("a1").text == "Ministers met on migration again."
