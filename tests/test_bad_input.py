"""Bad input is reported file by file (line by line for feeds) and never stops the good input around it."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.ingesting import ingest_paths
from index.store import PassageStore
from ingest.pipeline import load_paths
from ingest.records import Document, IngestError

SAMPLE = Path(__file__).resolve().parent.parent / "sample_corpus"
GOOD_SAMPLES = ("001_a010568e1d0194d7.txt", "004_6d677f5f08688389.txt")
GOOD_MD = "# Council meeting\n\nThe ministers met in Brussels and agreed on the budget for next year.\n"


def real_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for page in range(3):
        for line in range(20):
            pdf.drawString(72, 740 - 15 * line, f"Page {page}, line {line}: the ministers discussed the budget.")
        pdf.showPage()
    pdf.save()
    return path


def truncated_pdf(path: Path) -> None:
    data = real_pdf(path.with_name("whole.pdf")).read_bytes()
    path.with_name("whole.pdf").unlink()
    path.write_bytes(data[: len(data) // 2])


BAD_FILES: dict[str, tuple[str, Callable[[Path], object], str]] = {
    # kind: (file name, how to write it, what the reason must say)
    "empty": ("empty.txt", lambda p: p.write_bytes(b""), r"^empty file$"),
    "blank": ("blank.md", lambda p: p.write_text("  \n\n\t\n"), r"^no text found$"),
    "binary junk": ("junk.txt", lambda p: p.write_bytes(bytes(range(256)) * 8), r"^binary content"),
    "truncated pdf": ("cut.pdf", truncated_pdf, r"(?i)pdf|damaged|truncated|corrupt|broken"),
    "text as pdf": ("fake.pdf", lambda p: p.write_text("Just some text, no PDF."), r"^not a PDF file"),
    "zip junk as docx": ("fake.docx", lambda p: p.write_bytes(b"PK\x03\x04" + b"junk" * 50), r"could not parse DOCX"),
    "invalid utf-8": (
        "latin1.txt",
        lambda p: p.write_bytes("Café crème".encode("latin-1")),
        r"^not valid UTF-8 text \(bad byte at offset 3\)$",
    ),
    "unsupported": ("notes.xyz", lambda p: p.write_text("Hello there."), r"^unsupported file type \.xyz; supported: "),
    "no extension": ("README", lambda p: p.write_text("Hello there."), r"^unsupported file type \(none\)"),
    "empty feed": ("feed.jsonl", lambda p: p.write_bytes(b""), r"(?i)empty|no records"),
    "not gzip": ("feed.jsonl.gz", lambda p: p.write_text('{"id": "a", "text": "x"}\n'), r"^unreadable feed: "),
}
XFAIL: dict[str, str] = {}  # every kind is handled; a regression would name one here with its reason


@pytest.mark.parametrize(
    "kind",
    [pytest.param(k, marks=pytest.mark.xfail(reason=XFAIL[k], strict=True)) if k in XFAIL else k for k in BAD_FILES],
)
def test_bad_file_is_reported_and_the_batch_goes_on(kind: str, tmp_path: Path) -> None:
    name, write, reason = BAD_FILES[kind]
    bad, before, after = tmp_path / name, tmp_path / "before.md", tmp_path / "after.md"
    write(bad)
    before.write_text(GOOD_MD)
    after.write_text(GOOD_MD.replace("budget", "fisheries quota"))
    items = list(load_paths([before, bad, after]))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document"], items
    error = items[1]
    assert error.path == str(bad)
    assert re.search(reason, error.reason), error.reason
    assert [d.source_id for d in (items[0], items[2])] == ["before.md", "after.md"]


def record(n: int, **fields: object) -> dict:
    return {"id": f"r{n}", "title": f"Record {n}", "text": f"The Council met for the {n}th time.", **fields}


BAD_LINES: dict[str, tuple[str, str]] = {
    # kind: (the second line of the feed, what the reason must say)
    "broken json": ('{"id": "r2", "text": "cut', r"^invalid JSON \(.+ at column \d+\)$"),
    "not an object": ('["r2", "text"]', r"^a record must be a JSON object$"),
    # A record with a title or lead but no body is a document; one with no words at all is not.
    "missing text": (json.dumps({"id": "r2"}), r"^no text: "),
    "empty text": (json.dumps({"id": "r2", "title": "", "text": "  "}), r"^no text: "),
    "missing id": (json.dumps({"text": "No id here."}), r"^missing or empty field 'id'$"),
    "duplicate id": (json.dumps(record(1, text="A second record r1.")), r"^duplicate id 'r1' \(the first .* kept\)$"),
    "title not a string": (json.dumps(record(2, title=5)), r"^field 'title' must be a string, not int$"),
    "date not a string": (json.dumps(record(2, date=20240304)), r"^field 'date' must be a string, not int$"),
    "invalid utf-8": ('{"id": "r2", "text": "caf\xe9"}', r"(?i)utf-8"),
}
XFAIL_LINES: dict[str, str] = {}


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(k, marks=pytest.mark.xfail(reason=XFAIL_LINES[k], strict=True)) if k in XFAIL_LINES else k
        for k in BAD_LINES
    ],
)
def test_bad_feed_line_is_reported_with_its_line_number(kind: str, suffix: str, tmp_path: Path) -> None:
    line, reason = BAD_LINES[kind]
    data = b"\n".join([json.dumps(record(1)).encode(), line.encode("latin-1"), b"", json.dumps(record(3)).encode()])
    feed = tmp_path / f"feed{suffix}"
    feed.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    items = list(load_paths([feed]))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [(e.path, bool(re.search(reason, e.reason))) for e in errors] == [(f"{feed}:2", True)], errors
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.source_id for d in docs] == ["r1", "r3"]
    # A duplicate keeps the first record with the id.
    assert docs[0].text == "Record 1\nThe Council met for the 1th time."


def test_truncated_gzip_feed_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    data = "".join(
        json.dumps(record(n, text=f"Record {n} of a long feed about fisheries.")) + "\n" for n in range(300)
    ).encode()
    packed = gzip.compress(data)
    feed = tmp_path / "cut.jsonl.gz"
    feed.write_bytes(packed[: len(packed) // 2])
    items = list(load_paths([feed]))
    *docs, error = items
    assert isinstance(error, IngestError) and error.path == str(feed)
    assert error.reason.startswith("unreadable feed: ")
    assert docs and [d.source_id for d in docs] == [f"r{n}" for n in range(len(docs))]


def mixed_folder(root: Path) -> tuple[list[str], list[str]]:
    """Two good sample documents and a good feed record among bad files; returns good ids and bad paths."""
    root.mkdir()
    for name in GOOD_SAMPLES:
        shutil.copy(SAMPLE / name, root / name)
    bad = [root / "empty.txt", root / "junk.txt", root / "fake.pdf", root / "notes.xyz"]
    bad[0].write_bytes(b"")
    bad[1].write_bytes(bytes(range(256)) * 4)
    bad[2].write_text("Not a PDF at all.")
    bad[3].write_text("Unsupported.")
    (root / "feed.jsonl").write_text(json.dumps(record(1)) + "\n{broken\n")
    return [*GOOD_SAMPLES, "r1"], [*map(str, bad), f"{root / 'feed.jsonl'}:2"]


@pytest.mark.integration
def test_batch_indexes_the_good_and_reports_the_bad(store: PassageStore, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    good, bad = mixed_folder(folder)
    events = list(ingest_paths(store, [folder]))
    failed = {e.source_id: e.reason for e in events if e.status == "failed"}
    assert sorted(failed) == sorted(bad)
    assert all(reason.strip() for reason in failed.values())
    assert sorted((e.source_id, e.status) for e in events if e.status != "failed") == sorted((g, "added") for g in good)
    assert all(e.passages > 0 for e in events if e.status == "added")
    listed = store.list_documents()
    assert [r.source_id for r in listed] == sorted(good)
    passages = store.count_passages()
    assert passages == sum(e.passages for e in events)

    again = list(ingest_paths(store, [folder]))
    assert sorted((e.source_id, e.status) for e in again if e.status != "failed") == sorted(
        (g, "unchanged") for g in good
    )
    assert {e.source_id: e.reason for e in again if e.status == "failed"} == failed
    assert store.list_documents() == listed
    assert store.count_passages() == passages


@pytest.mark.slow
@pytest.mark.integration
def test_cli_ingest_exits_1_naming_bad_files_and_keeps_good_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PRESSROOM_QDRANT_URL", raising=False)
    folder = tmp_path / "inbox"
    good, bad = mixed_folder(folder)
    runner = CliRunner()

    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(line.split(": ", 2)[1] for line in errors) == sorted(bad), result.stderr
    assert all(len(line.split(": ", 2)[2]) > 5 for line in errors)
    assert result.stdout.startswith("3 added, 0 updated, 0 unchanged, 5 failed; ")

    again = runner.invoke(app, ["ingest", "--json", str(folder)])
    assert again.exit_code == 1, again.output
    summary = json.loads(again.stdout)
    assert {k: summary[k] for k in ("added", "updated", "unchanged", "failed")} == {
        "added": 0,
        "updated": 0,
        "unchanged": 3,
        "failed": 5,
    }
    assert sorted(e["path"] for e in summary["errors"]) == sorted(bad)

    listed = runner.invoke(app, ["docs"])
    assert listed.exit_code == 0, listed.output
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == sorted(good)
    assert "3 documents" in listed.stderr
