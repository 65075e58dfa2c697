"""Input that once stopped a whole ingest batch: a feed record dated on a day the calendar lacks,
and a file whose name is not UTF-8. Each is now one error naming it; the rest of the batch is
stored, and nothing stored before is lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from index.ingesting import chunk_settings, ingest_paths
from index.store import PassageStore
from ingest.following import read_sitemap
from ingest.pipeline import build_document, load_paths
from ingest.records import Block, Document, IngestError

TEXT = "The Council met in Brussels and agreed on the budget for next year."


def write_feed(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def odd_name(folder: Path, name: bytes, text: str | None = TEXT) -> Path:
    """A file (a folder, without ``text``) whose name holds bytes that are not UTF-8; skips where
    the file system refuses such a name."""
    path = folder / os.fsdecode(name)  # the bytes come back as they were when the name is used
    try:
        path.write_text(text) if text is not None else path.mkdir()
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    return path


BAD_DATES = {
    # the record's date field and value: what the error must say
    ("date", "2024-13-45"): "field 'date' '2024-13-45' is not a real date: there is no month 13",
    ("date", "2023-02-29"): "field 'date' '2023-02-29' is not a real date: February 2023 has no day 29",
    ("published", "2024-04-31T09:30:00Z"):
        "field 'published' '2024-04-31T09:30:00Z' is not a real date: April 2024 has no day 31",
    ("date", "2024-00"): "field 'date' '2024-00' is not a real date: there is no month 0",
}


@pytest.mark.parametrize(("field", "value"), list(BAD_DATES))
def test_a_record_dated_on_no_day_of_the_calendar_is_one_error_naming_its_line(
    field: str, value: str, tmp_path: Path
) -> None:
    feed = write_feed(tmp_path / "feed.jsonl", {"id": "r1", "text": TEXT, "date": "2024-02-29"},
                      {"id": "r2", "text": TEXT, field: value}, {"id": "r3", "text": TEXT, "date": "2024-03"})
    items = list(load_paths([feed]))
    assert [(i.path, i.reason) for i in items if isinstance(i, IngestError)] == [(f"{feed}:2", BAD_DATES[field, value])]
    dated = [(d.source_id, d.date) for d in items if isinstance(d, Document)]
    assert dated == [("r1", "2024-02-29"), ("r3", "2024-03")]


@pytest.mark.integration
def test_a_bad_date_fails_its_record_alone_and_keeps_what_is_stored(store: PassageStore, tmp_path: Path) -> None:
    good = write_feed(tmp_path / "good.jsonl", {"id": "g1", "text": TEXT, "date": "2024-03-05"})
    feed = tmp_path / "bad.jsonl"
    write_feed(feed, {"id": "a5", "text": "Ministers met on migration.", "date": "2024-03-06"},
               {"id": "a6", "text": "Ministers met on fisheries.", "date": "2024-03-07"})
    assert [e.status for e in ingest_paths(store, [feed])] == ["added", "added"]

    write_feed(feed, {"id": "a5", "text": "Ministers met on migration again.", "date": "2024-03-06"},
               {"id": "a6", "text": "Ministers met on fisheries again.", "date": "2024-13-45"})
    note = tmp_path / "note.md"
    note.write_text(f"# Budget\n\n{TEXT}\n")
    events = list(ingest_paths(store, [good, feed, note]))
    assert sorted((e.source_id, e.status) for e in events) == [
        (f"{feed}:2", "failed"), ("a5", "updated"), ("g1", "added"), ("note.md", "added")]
    assert [e.reason for e in events if e.status == "failed"] == [
        "field 'date' '2024-13-45' is not a real date: there is no month 13"]
    assert [r.source_id for r in store.list_documents()] == ["a5", "a6", "g1", "note.md"]
    kept = store.document("a6")  # the record stored before the bad date came is still there, as it was
    assert (kept.date, kept.text) == ("2024-03-07", "Ministers met on fisheries.")


@pytest.mark.integration
def test_the_writer_fails_a_document_it_cannot_store_alone(store: PassageStore, tmp_path: Path) -> None:
    settings = chunk_settings(store)

    def document(source_id: str, text: str, date: str) -> Document:
        return build_document([Block("paragraph", text)], source_id, str(tmp_path / source_id), settings, date=date)

    assert [e.status for e in store.index([document("a.txt", TEXT, "2024-03-05")])] == ["added"]
    # A date that slipped past the parsers (none does now) fails its own document, not the batch.
    events = list(store.index([document("a.txt", f"{TEXT} Updated.", "2024-13-45"),
                               document("b.txt", TEXT, "2024-03-06")]))
    assert [(e.source_id, e.status) for e in events] == [("a.txt", "failed"), ("b.txt", "added")]
    assert events[0].reason == (f"date '2024-13-45': there is no month 13; use YYYY, YYYY-MM or YYYY-MM-DD "
                                f"(from {tmp_path / 'a.txt'})")
    kept = store.document("a.txt")
    assert (kept.date, kept.text) == ("2024-03-05", TEXT)


def test_a_followed_sitemap_leaves_a_day_the_calendar_lacks_undated() -> None:
    listing = read_sitemap(b"<urlset><url><loc>http://a.example/1</loc><lastmod>2024-13-45</lastmod></url>"
                           b"<url><loc>http://a.example/2</loc><lastmod>2024-03-05</lastmod></url></urlset>",
                           "http://a.example/sitemap.xml")
    dated = [(e.key, e.date) for e in listing.entries]
    assert dated == [("http://a.example/1", None), ("http://a.example/2", "2024-03-05")]


def test_a_file_name_that_is_not_utf8_is_one_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(TEXT)
    odd = odd_name(tmp_path, b"\xffodd.txt")
    items = list(load_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError"]  # names in order: "x" < b"\xff"
    assert items[0].source_id == "x.txt"
    assert (items[1].path, items[1].reason) == (f"{tmp_path}/\\xffodd.txt", "its name is not valid UTF-8; rename it")
    assert str(odd) != items[1].path  # shown with its byte escaped, so it prints


def test_a_folder_name_that_is_not_utf8_names_the_folder(tmp_path: Path) -> None:
    folder = odd_name(tmp_path, b"in\xe9box", text=None)
    (folder / "a.txt").write_text(TEXT)
    [error] = list(load_paths([folder]))
    assert error == IngestError(f"{tmp_path}/in\\xe9box/a.txt",
                                "the name of a folder it is in is not valid UTF-8; rename the folder")


@pytest.mark.integration
def test_a_batch_with_an_odd_name_stores_the_rest(store: PassageStore, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(TEXT)
    odd_name(tmp_path, b"\xffodd.txt")
    events = list(ingest_paths(store, [tmp_path]))
    statuses = sorted((e.source_id, e.status) for e in events)
    assert statuses == [(f"{tmp_path}/\\xffodd.txt", "failed"), ("x.txt", "added")]
    assert [r.source_id for r in store.list_documents()] == ["x.txt"]


def test_an_unsupported_file_type_lists_the_feed_types_too(tmp_path: Path) -> None:
    (tmp_path / "notes.xyz").write_text(TEXT)
    [error] = list(load_paths([tmp_path / "notes.xyz"]))
    assert error.reason == ("unsupported file type .xyz; supported: .txt, .md, .markdown, .html, .htm, .pdf, .docx, "
                            ".jsonl, .jsonl.gz")


@pytest.mark.slow
@pytest.mark.integration
def test_cli_ingest_names_each_bad_input_in_one_line_and_stores_the_rest(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    monkeypatch.delenv("PRESSROOM_QDRANT_URL", raising=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_feed(inbox / "good.jsonl", {"id": "g1", "text": TEXT, "date": "2024-03-05"})
    write_feed(inbox / "bad.jsonl", {"id": "a6", "text": TEXT, "date": "2024-13-45"})
    odd_name(inbox, b"\xffodd.txt")
    result = run("ingest", str(inbox))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {inbox}/bad.jsonl:1: field 'date' '2024-13-45' is not a real date: there is no month 13",
        f"error: {inbox}/\\xffodd.txt: its name is not valid UTF-8; rename it",
    ]
    assert result.stdout.startswith("1 added, 0 updated, 0 unchanged, 2 failed; ")
