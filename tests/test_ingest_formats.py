"""Each supported format, built small and real in a temporary folder, comes out as a clean document."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.pipeline import iter_sources, load_paths
from ingest.records import Document

EN = (
    "The ministers agreed on new rules for energy security in Brussels on Thursday. "
    "They will meet again in the spring to review the gas storage targets."
)
NL = (
    "De ministers van Binnenlandse Zaken kwamen donderdag in Brussel bijeen om over migratie te praten. "
    "Zij spraken ook over de aanpak van de georganiseerde misdaad en de bescherming van de grenzen."
)
CLOSING = "The presidency will report to the European Council in March."
ITEMS = ("Grid security conclusions", "Gas storage regulation")
HEADING = "Energy Council Outcome"


@dataclass(frozen=True)
class Sample:
    path: Path
    words: str  # every word of it must be in the document's text
    lines: tuple[str, ...]  # each must be a whole line of the document's text (headings, items, agenda)


def write_txt(folder: Path, body: str) -> Sample:
    path = folder / "stray_html.txt"
    path.write_text(
        f"<b>{HEADING}</b>\n{body.replace('rules', '<b>rules</b>')}\n"
        f'See the <a href="https://example.eu/energy">R&amp;D programme</a> online.\n'
        f"<ul><li>{ITEMS[0]}</li><li>{ITEMS[1]}</li></ul>\n"
        "17:20\t<b>Press Conference</b>\n18:00\tWorking dinner\n"
        f"{CLOSING}\n",
        encoding="utf-8",
    )
    return Sample(
        path,
        f"{HEADING} {body} See the R&D programme online. {CLOSING}",
        (HEADING, *ITEMS, "17:20 Press Conference", "18:00 Working dinner"),
    )


def write_md(folder: Path, body: str) -> Sample:
    path = folder / "notes.md"
    path.write_text(f"# {HEADING}\n\n{body}\n\n## Decisions\n\n- {ITEMS[0]}\n- {ITEMS[1]}\n\n{CLOSING}\n")
    return Sample(path, f"{HEADING} {body} Decisions {CLOSING}", (HEADING, "Decisions", *ITEMS))


def write_html(folder: Path, body: str) -> Sample:
    path = folder / "page.html"
    path.write_text(
        f"<html><head><title>Page</title></head><body><h1>{HEADING}</h1><p>{body}</p>"
        f"<ul><li>{ITEMS[0]}</li><li>{ITEMS[1]}</li></ul><p>{CLOSING}</p></body></html>"
    )
    return Sample(path, f"{HEADING} {body} {CLOSING}", (HEADING, *ITEMS))


def write_pdf(folder: Path, body: str) -> Sample:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = folder / "conclusions.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    # Below the top 5% of the page, which unstructured reads as a running header.
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(72, 740, HEADING)
    pdf.setFont("Helvetica", 10)
    first, second = body.split(". ", 1)
    pdf.drawString(72, 700, first + ".")
    pdf.drawString(72, 686, second)
    pdf.save()
    return Sample(path, f"{HEADING} {body}", (HEADING,))


def write_docx(folder: Path, body: str) -> Sample:
    import docx

    path = folder / "minutes.docx"
    document = docx.Document()
    document.add_heading(HEADING, level=1)
    document.add_paragraph(body)
    for item in ITEMS:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(CLOSING)
    document.save(str(path))
    return Sample(path, f"{HEADING} {body} {CLOSING}", (HEADING, *ITEMS))


WRITERS: dict[str, Callable[[Path, str], Sample]] = {
    "txt": write_txt,
    "md": write_md,
    "html": write_html,
    "pdf": write_pdf,
    "docx": write_docx,
}


def load_one(path: Path) -> Document:
    items = list(load_paths([path]))
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Sample, Document]]:
    """Every format written once and loaded once, for the tests below to inspect."""
    folder = tmp_path_factory.mktemp("formats")
    samples = {fmt: write(folder, EN) for fmt, write in WRITERS.items()}
    return {fmt: (sample, load_one(sample.path)) for fmt, sample in samples.items()}


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_text_is_clean_and_complete(fmt: str, english: dict[str, tuple[Sample, Document]]) -> None:
    sample, doc = english[fmt]
    assert doc.source_id == sample.path.name
    assert doc.path == str(sample.path)
    assert doc.source_hash and doc.content_hash
    assert "<" not in doc.text and ">" not in doc.text
    assert "\t" not in doc.text and "  " not in doc.text and "\n\n" not in doc.text
    words = set(doc.text.split())
    assert [w for w in sample.words.split() if w not in words] == []
    lines = doc.text.split("\n")
    assert [line for line in sample.lines if line not in lines] == []
    assert doc.lang == "en"


def test_agenda_lines_and_list_items_stay_whole_and_apart(english: dict[str, tuple[Sample, Document]]) -> None:
    _, doc = english["txt"]
    lines = doc.text.split("\n")
    start = lines.index(ITEMS[0])
    assert lines[start : start + 4] == [*ITEMS, "17:20 Press Conference", "18:00 Working dinner"]
    assert lines[-1] == CLOSING
    assert all("17:20 Press Conference" not in p.heading_path for p in doc.passages)


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_passages_and_sentences_point_into_the_text(fmt: str, english: dict[str, tuple[Sample, Document]]) -> None:
    _, doc = english[fmt]
    assert doc.passages
    for passage in doc.passages:
        assert passage.source_id == doc.source_id
        assert doc.text[passage.start : passage.end] == passage.text
        assert passage.sentences
        for start, end in passage.sentences:
            assert 0 <= start < end <= len(passage.text)
            sentence = passage.text[start:end]
            assert sentence.strip() == sentence != ""
        for start, end in passage.headings:
            assert passage.text[start:end] in doc.text.split("\n")
    # Every line of the body ends up in some passage, so it can be found and quoted.
    covered = [line for p in doc.passages for line in p.text.split("\n")]
    assert [line for line in doc.text.split("\n") if line not in covered] == []


def test_txt_ending_in_a_list_keeps_it_in_passages(tmp_path: Path) -> None:
    path = tmp_path / "ends_in_list.txt"
    path.write_text(f"{EN}\n<ul><li>{ITEMS[0]}</li><li>{ITEMS[1]}</li></ul>\n")
    doc = load_one(path)
    assert doc.text.split("\n")[-2:] == list(ITEMS)
    covered = "\n".join(p.text for p in doc.passages)
    assert [line for line in doc.text.split("\n") if line not in covered] == []


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_dutch_text_is_detected_as_dutch(fmt: str, tmp_path: Path) -> None:
    doc = load_one(WRITERS[fmt](tmp_path, NL).path)
    assert doc.lang == "nl"
    assert NL in doc.text
    assert {p.lang for p in doc.passages} == {"nl"}


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_passage_ids_are_stable_across_loads(fmt: str, english: dict[str, tuple[Sample, Document]]) -> None:
    sample, first = english[fmt]
    again = load_one(sample.path)
    ids = [p.id for p in first.passages]
    assert len(set(ids)) == len(ids)
    assert [p.id for p in again.passages] == ids
    assert (again.text, again.content_hash, again.source_hash) == (first.text, first.content_hash, first.source_hash)


RECORDS = [
    {
        "id": "pr-1",
        "title": "Council  adopts\tgas storage rules",
        "lead": "Ministers reached a deal.",
        "text": "The regulation sets targets for 2025.\nIt enters into force in May.",
        "date": "2024-03-04",
        "lang": "de",
        "url": "https://example.eu/pr-1",
        "topic": "energy",
        "tags": ["gas", "storage"],
    },
    {
        "id": 17,
        "title": "Raad akkoord over migratie",
        "lead": "",
        "text": "De ministers bereikten een akkoord.",
        "date": "2024-05",
        "lang": " NL ",
        "url": "https://example.eu/17",
        "topic": None,
    },
]


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_feed_gives_one_document_per_record(suffix: str, tmp_path: Path) -> None:
    feed = tmp_path / f"feed{suffix}"
    data = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    feed.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    docs = list(load_paths([feed]))
    assert all(isinstance(d, Document) for d in docs), docs
    first, second = docs
    assert [first.source_id, second.source_id] == ["pr-1", "17"]
    assert first.path == second.path == str(feed)
    # The record's own metadata wins over anything read from the content (English text, record says "de").
    assert (first.title, first.date, first.lang, first.url) == (
        "Council adopts gas storage rules",
        "2024-03-04",
        "de",
        "https://example.eu/pr-1",
    )
    assert (second.title, second.date, second.lang, second.url) == (
        "Raad akkoord over migratie",
        "2024-05",
        "nl",
        "https://example.eu/17",
    )
    assert first.text == (
        "Council adopts gas storage rules\nMinisters reached a deal.\n"
        "The regulation sets targets for 2025.\nIt enters into force in May."
    )
    assert second.text == "Raad akkoord over migratie\nDe ministers bereikten een akkoord."
    assert first.extra == {"topic": "energy", "tags": '["gas", "storage"]'}
    assert second.extra == {}
    assert first.source_hash and first.source_hash != second.source_hash
    for doc in docs:
        for passage in doc.passages:
            assert doc.text[passage.start : passage.end] == passage.text


def test_folders_are_walked_with_ids_relative_to_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "top.md").write_text(f"# {HEADING}\n\n{EN}\n")
    (root / "sub" / "deeper" / "inner.md").write_text(f"# Inner\n\n{CLOSING}\n")
    (root / ".hidden.md").write_text("# Hidden\n\nNot to be read.\n")
    (root / "sub" / ".draft.md").write_text("# Draft\n\nNot to be read.\n")
    (root / ".git" / "notes.md").write_text("# Git\n\nNot to be read.\n")
    single = tmp_path / "single.md"
    single.write_text(f"# Single\n\n{CLOSING}\n")

    sources = list(iter_sources([root, single]))
    assert [source_id for _, source_id in sources] == ["sub/deeper/inner.md", "top.md", "single.md"]
    assert [path for path, _ in sources] == [root / "sub" / "deeper" / "inner.md", root / "top.md", single]

    docs = list(load_paths([root, single]))
    assert all(isinstance(d, Document) for d in docs), docs
    assert [(d.source_id, d.path) for d in docs] == [(sid, str(path)) for path, sid in sources]
    assert all("Not to be read" not in d.text for d in docs)
