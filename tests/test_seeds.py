"""The sample corpus comes out with the right metadata, clean text and well-formed passages."""

from __future__ import annotations

import pytest

from index.embedding import Embedder
from ingest.chunking import approx_tokens
from ingest.pipeline import ChunkSettings, load_paths
from ingest.records import Document
from tests.conftest import SAMPLE

EXPECTED = {
    # source id: (title, date, lang, kind)
    "000_df7c086f3e8c4b2a.txt": ("Informal Meeting of Justice and Home Affairs", "2024-01-25", "en", "press_kit"),
    "001_a010568e1d0194d7.txt": (
        "Ministers discuss key topics related to migration and security",
        "2024-01-25",
        "en",
        "press_release",
    ),
    "002_f1c762c581d28226.txt": ("Combatting drug trafficking and organised crime", "2024-03-04", "en", "meeting_page"),
    "003_74bc165e444463b9.txt": (
        "Ministers bespreken belangrijke topics rond migratie en veiligheid",
        "2024-01-25",
        "nl",
        "news_item",
    ),
    # The Finnish release names no year anywhere: no date rather than a guessed one.
    "004_6d677f5f08688389.txt": (
        "Home affairs ministers to discuss migration and organised crime",
        None,
        "en",
        "press_release",
    ),
}


@pytest.fixture(scope="module")
def seeds(embedder: Embedder) -> dict[str, Document]:
    settings = ChunkSettings(count_tokens=embedder.count_tokens, max_tokens=200)
    docs = {d.source_id: d for d in load_paths([SAMPLE], settings)}
    assert all(isinstance(d, Document) for d in docs.values()), docs
    return docs  # type: ignore[return-value]


@pytest.mark.parametrize("source_id", sorted(EXPECTED))
def test_metadata_read_from_content(seeds: dict[str, Document], source_id: str) -> None:
    doc = seeds[source_id]
    assert (doc.title, doc.date, doc.lang, doc.kind) == EXPECTED[source_id]


def test_stray_html_is_stripped_and_agenda_lines_stay_whole(seeds: dict[str, Document]) -> None:
    text = seeds["000_df7c086f3e8c4b2a.txt"].text
    assert "<" not in text and ">" not in text and "**" not in text
    lines = text.splitlines()
    assert "09:30 – 12:15 Working Session I – Strategic discussion on migration (not accessible to media)" in lines
    assert any(line.startswith("17:20 Press Conference Accredited media") for line in lines)
    assert "Handshake" in lines and "Doorstep interviews" in lines  # <li> items, one a line
    assert "Agenda commented with press opportunities" in lines  # a markdown heading, marker gone


@pytest.mark.parametrize("source_id", sorted(EXPECTED))
def test_passages_fit_the_model_and_slice_the_text(
    seeds: dict[str, Document], embedder: Embedder, source_id: str
) -> None:
    doc = seeds[source_id]
    assert doc.passages
    covered = 0
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text
        assert embedder.count_tokens(p.text) <= 200 < embedder.max_tokens
        for a, b in p.sentences:
            assert p.text[a:b].strip() == p.text[a:b] != ""
        covered += len(p.text)
    assert len({p.id for p in doc.passages}) == len(doc.passages)
    # Passages cover the text but for the line breaks between them.
    assert covered >= len(doc.text) - len(doc.passages)


def test_the_tokenizer_free_estimate_does_not_undercount(embedder: Embedder, seeds: dict[str, Document]) -> None:
    """The fallback counter must never let a passage overflow the model (it is an upper estimate)."""
    for doc in seeds.values():
        if doc.lang == "en":
            for p in doc.passages:
                assert approx_tokens(p.text) >= 0.9 * embedder.count_tokens(p.text)
