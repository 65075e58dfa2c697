"""Inputs a sweep found accepted, or refused in words a user could not act on (session 37): each
is now refused with one line naming the file or source and the reason, before the work."""

from __future__ import annotations

import errno
import json
import zipfile
from pathlib import Path

import pytest

from assistant.errors import LLMUnavailable
from index.embedding import Embedder
from index.errors import StoreUnavailable
from index.ingesting import ingest_paths
from index.settings import IndexSettings
from tests.conftest import ROOT, SAMPLE, SHARED, memory_store
from tests.test_bad_command_input import _one_line

TEXT_FILE = str(SAMPLE / "004_6d677f5f08688389.txt")  # names Belgium


# -- 1. a .gguf file that is not a model ---------------------------------------------------


def test_a_gguf_file_that_is_not_a_model_is_named_before_a_process_starts(tmp_path: Path) -> None:
    from assistant.llm import ChildLLM, LocalLLM

    fake = tmp_path / "fake.gguf"
    fake.write_text("a few bytes of text", encoding="utf-8")
    llm = ChildLLM(model=str(fake))
    # Before: the child started, died reading sizes from the text, "process ended (exit code -9)".
    with pytest.raises(LLMUnavailable, match=r"is not a GGUF model \(it does not start with the GGUF magic bytes\)$"):
        llm.load()
    assert llm.pid is None
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(b"GGUF\x03\x00\x00\x00")  # the magic and a version, then nothing
    with pytest.raises(LLMUnavailable, match=r"'.*cut\.gguf': the file is cut short \("):  # before: struct.error
        LocalLLM(model=str(cut)).load()


def test_an_answer_with_a_model_file_that_is_not_a_model_quotes_instead(run, monkeypatch, tmp_path: Path) -> None:
    assert run("ingest", TEXT_FILE).exit_code == 0
    fake = tmp_path / "fake.gguf"
    fake.write_text("not a model", encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_MODE", "generative")
    monkeypatch.setenv("PRESSROOM_LLM_MODEL", str(fake))
    result = run("ask", "What did the ministers discuss?")
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert f"Note: language model file {fake} is not a GGUF model (it does not start with the GGUF magic bytes)" \
        f". This answer quotes the documents instead." in result.output  # fmt: skip


# -- 2. merging an entity with itself ------------------------------------------------------


def test_merging_an_entity_with_itself_is_refused(run, tmp_path: Path) -> None:
    assert run("ingest", TEXT_FILE).exit_code == 0
    # Before: "merged 'Belgium' into 'Belgium'", and the merge written to entities.json.
    _one_line(run("entity", "merge", "Belgium", "Belgium"), "'Belgium' and 'Belgium' are the same entity")
    _one_line(run("entity", "merge", "Belgium", "  BELGIUM "), "are the same entity ('Belgium')")
    assert not (tmp_path / "home" / "entities.json").exists()


# -- 3. a gold line with fields of the wrong type ------------------------------------------

GOOD = {"id": "q1", "question": "What was decided?", "answerable": True, "must_include": [["x"]],
        "evidence": [{"doc": "a.txt", "quote": "x"}]}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("answerable", "yes", "'answerable' must be true or false"),
        ("must_include", [[5]], "'must_include' must be a list of lists of strings"),
        ("must_include", ["x"], "'must_include' must be a list of lists of strings"),
        ("question", 5, "'question' must be a string"),
        ("lang", None, "'lang' must be a string"),
        ("id", ["q1"], "'id' must be a string"),
        ("evidence", [{"doc": "a.txt"}], "'evidence' must be a list of objects, each with a string 'doc' and 'quote'"),
        ("evidence", "a.txt", "'evidence' must be a list of objects"),
    ],
)
def test_a_gold_field_of_the_wrong_type_is_named_with_its_line(run, tmp_path: Path, field, value, said) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "id": "q2", field: value}) + "\n", encoding="utf-8")
    _one_line(run("eval", "--gold", str(gold)), f"{gold}:2: {said}")  # before: scored as if it meant something


def test_every_gold_set_of_the_repository_still_loads() -> None:
    from eval.gold import load_gold

    sets = [*ROOT.glob("eval/gold*.jsonl"), *ROOT.glob("eval/reader/*.jsonl"), *SHARED.glob("eval/*.jsonl")]
    assert len(sets) >= 12
    for path in sets:
        assert load_gold(path), path


# -- 4. an index the chosen backend does not read --------------------------------------------


def test_an_empty_listing_says_where_the_other_backends_index_is(run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("ingest", TEXT_FILE).exit_code == 0
    monkeypatch.setenv("PRESSROOM_BACKEND", "qdrant")
    result = run("docs")  # before: "0 documents", as if the index were empty
    assert result.exit_code == 0 and result.stdout == "", result.output
    assert result.stderr == (
        "0 documents (this home's index is in edge/, which PRESSROOM_BACKEND=qdrant does not read; unset it)\n"
    )
    monkeypatch.delenv("PRESSROOM_BACKEND")
    assert run("docs").stderr == "1 documents\n"


def test_the_other_backend_keeps_its_own_full_text_table(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Before, both backends kept find's table in home/fulltext.sqlite3: a find under the other
    # backend brought it in step with its own (empty) index and deleted the rows of this one's.
    import sqlite3

    assert run("ingest", TEXT_FILE).exit_code == 0
    table = tmp_path / "home" / "fulltext.sqlite3"

    def rows() -> int:
        with sqlite3.connect(table) as db:
            return sum(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for (t,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite%'"))  # fmt: skip

    before = rows()
    assert before > 0
    monkeypatch.setenv("PRESSROOM_BACKEND", "qdrant")
    assert run("find", "Belgium").exit_code == 0
    assert rows() == before


def test_only_an_index_under_the_other_backend_is_hinted(tmp_path: Path) -> None:
    (tmp_path / "edge" / "documents").mkdir(parents=True)
    assert IndexSettings(home=tmp_path, store_backend="qdrant").unread_index == "edge/"
    assert IndexSettings(home=tmp_path).unread_index is None  # auto: edge, the index it reads
    (tmp_path / "qdrant" / "collection" / "pressroom_documents").mkdir(parents=True)
    assert IndexSettings(home=tmp_path, store_backend="edge").unread_index == "qdrant/"
    assert IndexSettings(home=tmp_path, qdrant_location=":memory:", store_backend="qdrant").unread_index is None


# -- 5. a data folder on a read-only disk ----------------------------------------------------


def test_an_index_on_a_read_only_disk_is_one_short_line(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import qdrant_edge

    from index import edge_backend

    assert run("ingest", TEXT_FILE).exit_code == 0
    home = tmp_path / "home"
    engine = (f"Service runtime error: failed to load segment {home}/edge/passages/segments/2ccd: Service runtime "
              "error: Failed to open mmap payload storage: Read-only file system (os error 30)")  # fmt: skip

    class ReadOnlyShard:  # what Qdrant Edge raised where the segments could not be mapped for writing
        @staticmethod
        def load(path: str) -> None:
            raise Exception(engine)  # noqa: TRY002 - as qdrant_edge raises it

    monkeypatch.setattr(qdrant_edge, "EdgeShard", ReadOnlyShard)
    said = f"pressroom: error: cannot open the index in {home}: the folder is read-only\n"
    result = run("docs")  # before: "cannot open the Qdrant Edge shard at …: " and the engine's chain
    assert result.exit_code == 2 and result.stderr == said, result.output
    monkeypatch.undo()

    def read_only(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(edge_backend.os, "open", read_only)  # where the lock file is opened, first
    with pytest.raises(StoreUnavailable, match=f"^cannot open the index in {home}: the folder is read-only$"):
        edge_backend._lock(home, home / "edge")


# -- 6. a zip that is not a Word document -----------------------------------------------------


def test_a_zip_that_is_not_a_word_document_is_named_and_the_rest_ingested(embedder: Embedder, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with zipfile.ZipFile(folder / "x.docx", "w") as archive:
        archive.writestr("notes.txt", "A text file, zipped and renamed.")
    (folder / "y.txt").write_text(Path(TEXT_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    events = {Path(e.source_id).name: e for e in ingest_paths(memory_store(embedder, "s37_"), [folder])}
    # Before: could not parse DOCX: … (KeyError: "There is no item named '[Content_Types].xml' in the archive")
    assert events["x.docx"].status == "failed"
    assert events["x.docx"].reason == "not a Word document (no word/document.xml in it)"
    assert events["y.txt"].status == "added"


def test_a_word_document_is_still_read(embedder: Embedder, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The ministers agreed on the fisheries quotas for 2025.")
    document.save(str(tmp_path / "real.docx"))
    [event] = ingest_paths(memory_store(embedder, "s37d_"), [tmp_path / "real.docx"])
    assert event.status == "added", event


# -- 7. an alert for a kind of document no document is given ----------------------------------


def test_an_alert_for_an_unknown_kind_of_document_is_refused(run) -> None:
    # Before: saved, "kind foo", and it never matched anything.
    kinds = "document, fact_memo, meeting_page, news_item, press_kit, press_release, speech, statement"
    _one_line(run("alert", "add", "x", "migration", "--doc-kind", "foo"), f"document kind 'foo': use one of {kinds}")
    assert run("alert", "list").stdout == ""
    added = run("alert", "add", "x", "migration", "--doc-kind", "press_kit")
    assert added.exit_code == 0 and "kind press_kit" in added.stdout


def test_an_alert_without_words_is_refused(run) -> None:
    # Before: "?" was saved as a question alert with no words.
    _one_line(run("alert", "add", "q", "?"), "an alert needs a query or a question with words (got '?')")
    listed = run("alert", "list")
    assert listed.stdout == "" and listed.stderr == "0 alerts\n"  # said, as `follow list` says its count


def test_every_kind_a_document_is_given_is_listed() -> None:
    from ingest.metadata import _KIND_LABELS, DOCUMENT_KINDS, detect_kind
    from ingest.pipeline import _FEED_KINDS
    from ingest.records import Block

    assert {*_KIND_LABELS.values(), *_FEED_KINDS.values()} <= set(DOCUMENT_KINDS)
    for text in ("Meeting n° 3912", "Inquiries: press office", "Some text"):
        assert detect_kind([Block("paragraph", "Ministers met"), Block("paragraph", text)]) in DOCUMENT_KINDS


def test_a_briefing_topic_of_no_word_is_refused(run) -> None:
    # Before: "The documents hold nothing on this topic", over a timeline of every dated event in
    # the index ("a" was about everything: no term of it was missing).
    assert run("ingest", TEXT_FILE).exit_code == 0
    _one_line(run("brief", "the"), "the topic 'the' has no word to look for: name a subject, e.g. 'drug trafficking'")
    assert run("brief", "migration").exit_code == 0


def test_a_markdown_file_is_titled_by_its_top_heading(run, tmp_path: Path) -> None:
    # Before: a heading of two words was skipped as a section's label, and the first sentence
    # became the title.
    note = tmp_path / "note.md"
    note.write_text("# Inbox note\n\nThe ministers agreed on a new plan for ports. It starts in June.\n",
                    encoding="utf-8")
    assert run("ingest", str(note)).exit_code == 0
    assert run("docs").stdout.rstrip().endswith("\tInbox note")


def test_an_alert_holding_half_a_surrogate_pair_is_refused(tmp_path: Path) -> None:
    # Before: the API's JSON could carry "\ud800" into the query, and SQLite's codec error came back.
    from assistant.alerts import AlertError, AlertStore

    alerts = AlertStore(tmp_path / "alerts.sqlite3")
    try:
        with pytest.raises(AlertError, match=r"^the alert holds U\+D800, half of a surrogate pair"):
            alerts.add("x", "Which ports \ud800 joined?")
        assert alerts.alerts() == []
    finally:
        alerts.close()
