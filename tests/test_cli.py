"""The CLI, through its runner, on a data folder of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow


def test_ingest_ask_docs_delete(run, no_network: None) -> None:
    first = run("ingest", str(SAMPLE))
    assert first.exit_code == 0, first.output
    assert "5 added" in first.stdout
    again = run("ingest", str(SAMPLE))
    assert "5 unchanged" in again.stdout

    asked = run("ask", "What is the meeting number of the Council held on 4 March 2024?", "--json")
    assert asked.exit_code == 0, asked.output
    data = json.loads(asked.stdout)
    assert set(data) >= {"question", "answer", "abstained", "citations", "timings_ms"}

    text = run("ask", "When will the Entry Exit System enter into operation?")
    assert "autumn" in text.stdout and "Sources:" in text.stdout and "[1]" in text.stdout

    listed = json.loads(run("docs", "--json").stdout)
    assert len(listed) == 5 and {d["lang"] for d in listed} == {"en", "nl"}

    found = json.loads(run("search", "EMPACT", "--json", "--limit", "3").stdout)
    assert found and "EMPACT" in found[0]["text"]

    gone = run("delete", "004_6d677f5f08688389.txt")
    assert gone.exit_code == 0 and "deleted" in gone.stdout
    assert len(json.loads(run("docs", "--json").stdout)) == 4


def test_errors_are_messages_not_tracebacks(run, tmp_path: Path) -> None:
    (tmp_path / "empty" / ".hidden").mkdir(parents=True)
    empty = run("ingest", str(tmp_path / "empty"))  # before, only "0 added, ... 0 failed"
    assert empty.exit_code == 0 and "the folder holds no files to ingest" in empty.stderr
    result = run("search", "x", "--from", "last week")
    assert result.exit_code == 2
    assert "last week" in result.stderr and "Traceback" not in result.output
    missing = run("delete", "no-such-doc")
    assert missing.exit_code == 2 and "no-such-doc" in missing.stderr
    blank = run("search", "   ")  # before, the search ranked every passage against nothing
    assert blank.exit_code == 2 and "the query is empty" in blank.stderr
    typo = run("timeline", "--since", "2024-13")  # before, no event and no word why
    assert typo.exit_code == 2 and "no month 13" in typo.stderr and "Traceback" not in typo.output


def test_index_commands_do_not_import_the_assistant(tmp_path: Path) -> None:
    """`ingest`, `docs` and `delete` read and write the index only: the assistant loads for the
    commands that answer, and llama-index (about 1 s to import) for none of these, since an
    extractive answer reads plain nodes (``assistant.nodes``). spaCy, which ingest reads names
    with, comes without torch (0.85 s; ``ingest.entities.import_spacy``)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pressroom.cli import main\n"
        "sys.argv = ['pressroom'] + sys.argv[1:]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = ('llama_index.core', 'assistant.assistant', 'torch')\n"
        "print('loaded:', sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "PRESSROOM_HOME": str(tmp_path / "home"), "HF_HUB_OFFLINE": "1"}
    root = Path(__file__).resolve().parents[1]
    source = "003_74bc165e444463b9.txt"
    answering = "loaded: ['assistant.assistant']"
    for args, loaded in (
        (["ingest", str(SAMPLE / source)], "loaded: []"),
        (["docs"], "loaded: []"),
        (["ask", "What was discussed at the meeting?"], answering),
        (["search", "meeting"], answering),
        (["delete", source], "loaded: []"),
    ):
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                              cwd=root, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert loaded in done.stdout, (args, done.stdout)
