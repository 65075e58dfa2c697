"""Feed records that name their fields otherwise (summary, description, body, content, published)
are read as lead, text and date; a summary the text repeats is read once."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import ChunkSettings, load_paths
from ingest.records import Document, IngestError


def _ingest(tmp_path: Path, *records: dict) -> list:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return list(load_paths([feed], ChunkSettings()))


def test_other_field_names_are_read_as_lead_text_and_date(tmp_path: Path) -> None:
    [doc] = _ingest(tmp_path, {
        "id": "a1", "title": "Ports", "published": "2024-03-05T09:30:00+01:00",
        "description": "Ministers agreed a plan for ports.",
        "content": "The plan funds 40 scanners.\nIt starts in June.",
    })
    assert isinstance(doc, Document)
    assert doc.date == "2024-03-05"
    assert "Ministers agreed a plan for ports." in doc.text and "The plan funds 40 scanners." in doc.text
    assert doc.text.index("Ministers agreed") < doc.text.index("The plan funds")
    assert "description" not in doc.extra and "content" not in doc.extra and "published" not in doc.extra


def test_a_summary_the_text_repeats_is_read_once_and_own_names_come_first(tmp_path: Path) -> None:
    repeated, both = _ingest(
        tmp_path,
        {"id": "sv1", "summary": "Regeringen beslutade i dag.", "text": "Regeringen beslutade i dag.\n\nMer text."},
        {"id": "b2", "lead": "The lead.", "summary": "A summary.", "text": "The body.", "body": "Other body."},
    )
    assert repeated.text.count("Regeringen beslutade i dag.") == 1
    assert "The lead." in both.text and "The body." in both.text
    assert "A summary." not in both.text and "Other body." not in both.text
    assert both.extra["summary"] == "A summary." and both.extra["body"] == "Other body."  # kept, unread


def test_an_alias_of_the_wrong_type_or_no_text_at_all_is_a_clear_error(tmp_path: Path) -> None:
    wrong, empty = _ingest(tmp_path, {"id": "w", "title": "T", "summary": ["a"]}, {"id": "e", "body": "  "})
    assert isinstance(wrong, IngestError) and wrong.reason == "field 'summary' must be a string, not list"
    assert isinstance(empty, IngestError) and empty.reason.startswith("no text: ")
