"""Name screening: exact, transliterated, alias and near matches, each with its form, snippet and
score; what is new since the last run; lists read from CSV and text; the CLI and its exports.

The table tests use the real SQLite table and the real spaCy models on inline texts; the CLI test
runs on an ingested home (``slow``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.embedding import Embedder
from index.entities import Entities
from index.fulltext import FullText
from index.ingesting import ingest_paths
from index.screening import Screener, read_names, variants
from index.settings import IndexSettings
from index.store import PassageStore
from index.writing import document_record
from ingest.mentions import extract_mentions
from ingest.records import Document

TEXTS = {
    "a": ("en", "2024-01-25", "Federal Councillor Karin Keller-Sutter met Hans MUELLER in Bern. Ms Keller-Sutter "
                              "said the FDJP would act."),
    "b": ("de", "2024-02-01", "Bundesrätin Karin Keller-Sutter traf Gabriela Müller in Brüssel."),
    "c": ("en", "2024-03-01", "Later, Keller-Sutter and Federal Councillor Karin Keller Suter spoke."),
    "d": ("en", "2023-05-05", "The Federal Department of Justice and Police (FDJP) wrote to Europol."),
    "e": ("en", "2022-01-01", "Nothing about anyone here, only ports and drugs."),
}  # fmt: skip


def _record(source_id: str, written: tuple[str, str, str] | None = None) -> object:
    lang, date, text = written or TEXTS[source_id]
    doc = Document(source_id, source_id, f"Title {source_id}", text, lang, "press_release", date,
                   content_hash=source_id, mentions=extract_mentions(text, lang))  # fmt: skip
    return document_record(doc)


@pytest.fixture
def table(tmp_path: Path) -> Iterator[FullText]:
    fulltext = FullText(tmp_path / "fulltext.sqlite3")
    fulltext.upsert([_record(s) for s in TEXTS])  # type: ignore[misc]
    Entities(fulltext, tmp_path / "entities.json").refresh()
    yield fulltext
    fulltext.close()


def _by_doc(result: object) -> dict[str, tuple[str, str, float]]:
    return {h.source_id: (h.match, h.matched, h.score) for h in result.hits}  # type: ignore[attr-defined]


def test_exact_alias_and_near_spellings_with_their_words_and_scores(table: FullText) -> None:
    [found] = Screener(table).screen(["Karin Keller-Sutter"])
    hits = _by_doc(found)
    assert hits["a"] == ("exact", "Karin Keller-Sutter", 1.0) and hits["b"][0] == "exact"
    assert hits["c"] == ("alias", "Keller-Sutter", 0.8)  # the surname alone, merged with the full name
    assert found.documents == 3 and "e" not in hits and "d" not in hits
    assert [h.source_id for h in found.hits] == ["b", "a", "c"]  # best first, newest first within a score
    snippet = found.hits[0].snippet
    assert snippet is not None and "**Karin Keller-Sutter**" in snippet.highlighted()
    a, b = snippet.matches[0]
    assert TEXTS["b"][2][a:b] == "Karin Keller-Sutter"
    [near] = Screener(table).screen(["Karin Keller Suter"])
    assert _by_doc(near)["c"][0] == "exact"  # written so in c
    assert _by_doc(near)["a"][0] in ("alias", "fuzzy")


def test_accents_and_transliterations_are_folded(table: FullText) -> None:
    assert variants("Müller") == ["muller", "mueller"]
    [umlaut, spelled] = Screener(table).screen(["Gabriela Müller", "Hans Müller"])
    assert _by_doc(umlaut) == {"b": ("exact", "Gabriela Müller", 1.0)}
    assert _by_doc(spelled)["a"][:2] == ("variant", "Hans MUELLER")
    [plain] = Screener(table).screen(["Mueller"])
    assert set(_by_doc(plain)) == {"a", "b"}


def test_an_acronym_finds_its_long_form(table: FullText) -> None:
    [found] = Screener(table).screen(["Federal Department of Justice and Police"])
    assert _by_doc(found)["d"][0] == "exact" and _by_doc(found)["a"] == ("alias", "FDJP", 0.8)


def test_a_rerun_marks_what_is_new(table: FullText, tmp_path: Path) -> None:
    history = tmp_path / "screening"
    [first] = Screener(table, history).screen(["Keller-Sutter"])
    assert first.new == 0 and not any(h.new for h in first.hits)
    table.upsert([_record("f", ("en", "2024-04-01", "Federal Councillor Keller-Sutter arrived."))])  # type: ignore[list-item]
    [again] = Screener(table, history).screen(["Keller-Sutter"])
    assert again.new == 1 and [h.source_id for h in again.hits if h.new] == ["f"]
    [third] = Screener(table, history).screen(["Keller-Sutter"])
    assert third.new == 0


def test_lists_are_read_from_csv_and_text() -> None:
    assert read_names("Name;x\n", csv_file=True) == ["Name;x"]
    assert read_names("id,name\n1,Karin Keller-Sutter\n2,\n3,  Beat   Jans \n", csv_file=True) == [
        "Karin Keller-Sutter", "Beat Jans"]  # fmt: skip
    assert read_names("Karin Keller-Sutter\n\nBeat Jans\n#skip\n---\n", csv_file=False) == [
        "Karin Keller-Sutter", "Beat Jans"]  # fmt: skip
    with pytest.raises(ValueError, match="at most 5000"):
        read_names("\n".join(f"Name {i}" for i in range(5001)), csv_file=False)


@pytest.fixture(scope="module")
def home(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screening")
    (folder / "docs").mkdir()
    for source_id, (_, _, text) in TEXTS.items():
        (folder / "docs" / f"{source_id}.txt").write_text(f"Release {source_id}\n\n{text}", encoding="utf-8")
    store = PassageStore(IndexSettings(home=folder), embedder)
    try:
        assert [e.status for e in ingest_paths(store, [folder / "docs"])] == ["added"] * 5
    finally:
        store.close()
    return folder


@pytest.mark.slow
def test_the_cli_screens_a_list_and_exports_it(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressroom.cli import app

    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    names = tmp_path / "names.csv"
    names.write_text("name,note\nKarin Keller-Sutter,x\nGabriela Mueller,y\nNobody Atall,z\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(app, ["screen", str(names)])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Karin Keller-Sutter: 3 documents") and "Nobody Atall: 0 documents" in shown.stdout
    data = json.loads(runner.invoke(app, ["screen", str(names), "--json"]).stdout)
    assert [r["documents"] for r in data] == [3, 1, 0]
    assert data[1]["hits"][0]["match"] == "variant" and data[1]["hits"][0]["matched"] == "Gabriela Müller"
    out = tmp_path / "hits.csv"
    written = runner.invoke(app, ["screen", str(names), "--out", str(out)])
    assert written.exit_code == 0 and "for 3 names" in written.stdout
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 3 + 1 + 1 and rows[0]["name"] == "Karin Keller-Sutter" and rows[-1]["source_id"] == ""
    lines = tmp_path / "hits.jsonl"
    runner.invoke(app, ["screen", str(names), "--export", str(lines)])
    assert len(lines.read_text(encoding="utf-8").splitlines()) == 3
    missing = runner.invoke(app, ["screen", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.output
    empty = tmp_path / "empty.txt"
    empty.write_text("\n# nothing\n", encoding="utf-8")
    assert "no names in it" in runner.invoke(app, ["screen", str(empty)]).stderr
    wrong = runner.invoke(app, ["screen", str(names), "--out", str(tmp_path / "hits.xlsx")])
    assert wrong.exit_code == 2 and "name a .csv or .jsonl file" in wrong.stderr
