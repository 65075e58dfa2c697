"""Commands given what they cannot use stop with one line naming it and the reason, before the
work, never with a traceback (found by trying each command as a new user would, session 35)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.assistant import Assistant
from pressroom.cli import app
from tests.conftest import ROOT, SAMPLE


def _one_line(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    said = result.stderr.strip()
    assert "Traceback" not in result.output and len(said.splitlines()) == 1, said
    assert all(w in said for w in words), said


def test_a_briefing_that_cannot_be_written_is_refused_before_the_work(run, tmp_path: Path) -> None:
    # Before, the briefing was built (seconds to minutes) and then ended in FileNotFoundError or
    # IsADirectoryError.
    _one_line(
        run("brief", "migration", "--out", str(tmp_path / "no-such-folder" / "brief.md")),
        "no-such-folder",
        "there is no folder",
    )
    _one_line(run("brief", "migration", "--format", "html", "--out", str(tmp_path)), "it is a folder")


def test_an_evaluation_checks_its_gold_set_and_its_folder_first(run, tmp_path: Path) -> None:
    binary = tmp_path / "gold.jsonl"
    binary.write_bytes(b"\xff\xfe\x00binary")
    _one_line(run("eval", "--gold", str(binary)), "gold.jsonl", "not UTF-8")  # before: UnicodeDecodeError
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    _one_line(run("eval", "--gold", str(empty)), "has no questions")  # before: 0 questions, exit 0
    taken = tmp_path / "report.pdf"
    taken.write_text("not a folder", encoding="utf-8")
    gold = ROOT / "eval" / "gold-sample.jsonl"
    # Before, every question was answered first, then FileExistsError.
    _one_line(run("eval", "--gold", str(gold), "--out", str(taken / "run")), "report.pdf", "is a file")


def test_text_a_terminal_could_not_decode_is_named(run) -> None:
    question = "Was sagte der Minister \udce4ber Migration?"  # a Latin-1 "ü" in a UTF-8 terminal
    _one_line(run("ask", question), "\\xe4ber", "not valid UTF-8")
    _one_line(run("search", question), "not valid UTF-8")


def test_a_question_with_undecodable_text_is_a_clear_error(assistant: Assistant) -> None:
    # Before, lingua raised "surrogates not allowed" from deep inside the language detector.
    with pytest.raises(ValueError, match="not valid UTF-8"):
        assistant.ask("Was sagte der Minister \udce4ber Migration?")


def test_a_search_asks_for_at_least_one_passage(run) -> None:
    for limit in ("-1", "0"):  # before: an internal message ("need 1 <= top_k"), or 8 passages for 0
        result = run("search", "migration", "--limit", limit)
        assert result.exit_code == 2 and "--limit" in result.output and "Traceback" not in result.output


def test_a_filter_that_could_never_match_is_named(run) -> None:
    # Before, both were accepted and the search printed nothing at all.
    _one_line(run("search", "migration", "--lang", "english"), "language 'english'", "two-letter code")
    _one_line(run("ask", "What was decided?", "--from", "2025", "--to", "2023"), "ends before it starts")


def test_a_data_folder_that_is_a_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    for args in (["docs"], ["ask", "What was decided?"]):  # before: the Qdrant shard's "Not a directory"
        _one_line(CliRunner().invoke(app, args), str(home), "is a file: set PRESSROOM_HOME to a folder")


# -- settings that name a server, a device or a cache this machine cannot use (session 36) ------


def test_a_qdrant_server_that_cannot_be_reached_is_named(run, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "http://127.0.0.1:1"  # loopback, a port nothing listens on
    monkeypatch.setenv("PRESSROOM_QDRANT_URL", url)
    result = run("docs")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert result.stderr.startswith(
        f"pressroom: error: cannot reach the Qdrant server at {url} (PRESSROOM_QDRANT_URL): "
    )
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("device", "said"),
    [("foo", "'foo' is not a torch device"), ("cuda:7", "'cuda:7': torch sees 0 CUDA devices here")],
)
def test_a_device_torch_cannot_use_is_named(monkeypatch: pytest.MonkeyPatch, device: str, said: str) -> None:
    import torch

    from index.errors import ModelUnavailable
    from index.st_embedder import SentenceTransformerEmbedder

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA device: cuda:7 might be one of them")
    with pytest.raises(ModelUnavailable, match=f"^PRESSROOM_DEVICE {said}"):
        SentenceTransformerEmbedder("packaged:all-MiniLM-L6-v2", device=device)


def test_an_encoder_cache_that_cannot_be_written_is_named(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PRESSROOM_CACHE", str(blocker))
    result = run("search", "drugs")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert (
        f"cannot write the encoder's converted model under {blocker} (PRESSROOM_CACHE): Not a directory"
        in result.stderr
    )


def test_fit_reader_checks_where_it_will_write_before_the_fit(run, tmp_path: Path) -> None:
    gold = str(ROOT / "eval" / "gold-sample.jsonl")
    # Before, every question was read and the models fitted, then IsADirectoryError.
    _one_line(run("fit-reader", "--gold", gold, "--out", str(tmp_path)), "it is a folder")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    _one_line(run("fit-reader", "--gold", gold, "--out", str(blocker / "model.json")), "is a file; name a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a folder of mode 555: read-only disks stand in")
def test_outputs_into_a_folder_that_cannot_be_written_are_refused_first(run, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    gold = str(ROOT / "eval" / "gold-sample.jsonl")
    _one_line(run("eval", "--gold", gold, "--out", str(locked / "run")), "is not writable")
    _one_line(run("brief", "migration", "--out", str(locked / "b.md")), "is not writable")
    _one_line(run("fit-reader", "--gold", gold, "--out", str(locked / "m.json")), "is not writable")


@pytest.mark.parametrize("line", ["[1, 2, 3]", '"migration"', "null"])
def test_a_briefing_topic_that_is_not_an_object_is_named(run, tmp_path: Path, line: str) -> None:
    topics = tmp_path / "topics.jsonl"
    topics.write_text('{"topic": "migration"}\n' + line + "\n", encoding="utf-8")
    _one_line(run("eval-brief", "--topics", str(topics)), "topics.jsonl:2", "must be a JSON object")  # AttributeError


def test_inputs_to_ingest_first_are_checked_first(run, tmp_path: Path) -> None:
    gold, missing = str(ROOT / "eval" / "gold-sample.jsonl"), str(tmp_path / "no-such-corpus")
    # Before: "no document with source id '000_…'" after an empty ingest, or a bench of 0 documents.
    _one_line(run("eval", "--gold", gold, "--ingest", missing, "--out", str(tmp_path / "r")), "no-such-corpus",
              "there is no such file or folder")  # fmt: skip
    _one_line(run("bench", "--corpus", missing, "--out", str(tmp_path / "b")), "there is no such file or folder")
    _one_line(run("bench", "--corpus", str(SAMPLE), "--sizes", "0,-1"), "at least 1")  # before: islice's ValueError
    _one_line(run("bench", "--corpus", str(SAMPLE), "--queries", "-2"), "at least 1")


def test_fit_reader_on_too_few_questions_says_how_many_it_needs(run, tmp_path: Path) -> None:
    gold = tmp_path / "three.jsonl"
    gold.write_text("".join((ROOT / "eval" / "gold-sample.jsonl").read_text(encoding="utf-8").splitlines(True)[:3]))
    out = tmp_path / "model.json"
    result = run("fit-reader", "--gold", str(gold), "--out", str(out))  # before: "need at least one array …"
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "fitting needs at least 5 of each" in result.stderr and not out.exists()


def test_a_search_filter_no_document_has_is_named_with_what_there_is(run) -> None:
    assert run("ingest", str(SAMPLE / "003_74bc165e444463b9.txt")).exit_code == 0
    # Before: nothing printed, exit status 0, as if the documents did not speak of drugs.
    _one_line(run("search", "drugs", "--kind", "nosuchkind"), "no document has kind 'nosuchkind'", "news_item")
    _one_line(run("search", "drugs", "--lang", "sv"), "no document has language 'sv'; the index has: nl")
    _one_line(run("search", "drugs", "--source", "nope.txt"), "the index has: 003_74bc165e444463b9.txt")
    found = run("search", "drugs", "--kind", "news_item")
    assert found.exit_code == 0 and "003_74bc165e444463b9.txt" in found.output
