"""One index, any number of commands: `pressroom serve` and the CLI side by side on one data folder.

A real server process holds the index; CLI processes on the same PRESSROOM_HOME run their
commands inside it (ui/local.py, ui/remote.py) and print what they print when they open the index
themselves; commands that cannot run there say who holds the index, on one line.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow
PRESSROOM = [sys.executable, "-m", "pressroom"]
TOKEN = "served-cli-token-0123456789"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSROOM_")}
    return {**env, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), **extra}


def _cli(home: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*PRESSROOM, *args], env=_env(home), cwd=cwd, capture_output=True, text=True, timeout=300)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """A data folder holding the sample corpus, and `pressroom serve` on it (with a token)."""
    home = tmp_path_factory.mktemp("served")
    assert _cli(home, "ingest", str(SAMPLE)).returncode == 0
    port = _free_port()
    server = subprocess.Popen([*PRESSROOM, "serve", "--port", str(port)], env=_env(home, PRESSROOM_TOKEN=TOKEN),
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while not (home / "server.json").exists():
            assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield home, json.loads((home / "server.json").read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (home / "server.json").exists()  # the advert goes with the server


def test_commands_run_in_the_server_and_print_what_they_print_alone(served, tmp_path: Path) -> None:
    home, advert = served
    assert (home / "server.json").stat().st_mode & 0o777 == 0o600  # the key is its user's alone
    docs = _cli(home, "docs")
    assert docs.returncode == 0, docs.stderr
    assert len(docs.stdout.splitlines()) == 5 and docs.stderr.strip() == "5 documents"
    searched = _cli(home, "search", "drug trafficking in ports", "--limit", "3", "--json")
    found = _cli(home, "find", '"ports alliance" OR EMPACT', "--json")
    assert found.returncode == 0 and json.loads(found.stdout)["total"] == 4, found.stderr
    exported = _cli(home, "find", "ports", "--export", "ports.jsonl", cwd=tmp_path)  # where it is typed
    assert exported.returncode == 0 and len((tmp_path / "ports.jsonl").read_text().splitlines()) == 5
    asked = _cli(home, "ask", "Where did the ministers meet in January?", "--json")
    assert asked.returncode == 0 and json.loads(asked.stdout)["citations"], asked.stderr
    bad = _cli(home, "ask", "When?", "--from", "2024-13")
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "no month 13" in bad.stderr

    # A document added from a second terminal, by a path relative to where it is typed.
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "border.txt").write_text("The Council adopted the border code on 12 June 2024.\n", encoding="utf-8")
    added = _cli(home, "ingest", "drop", "--json", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["added"] == 1
    assert "border.txt" in _cli(home, "docs").stdout
    answer = _cli(home, "ask", "When was the border code adopted?")
    assert "12 June 2024" in answer.stdout, answer.stdout
    assert _cli(home, "delete", "border.txt").stdout.strip() == "deleted border.txt (1 passages)"
    missing = _cli(home, "delete", "border.txt")
    assert missing.returncode == 2 and "no document with source id 'border.txt'" in missing.stderr

    # Eval without --ingest runs in the server too, its gold set and report where it is typed.
    (tmp_path / "two.jsonl").write_text(
        "".join((ROOT / "eval/gold-sample.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)[:2]),
        encoding="utf-8")
    scored = _cli(home, "eval", "--gold", "two.jsonl", "--out", "scores", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert json.loads((tmp_path / "scores" / "metrics.json").read_text(encoding="utf-8"))["overall"]["questions"] == 2

    # What a command that opens the index itself (chat), and a second server, are told.
    held = subprocess.run([*PRESSROOM, "chat"], env=_env(home), cwd=ROOT, input="", capture_output=True, text=True,
                          timeout=300)
    assert held.returncode == 2 and "Traceback" not in held.stderr
    assert f"`pressroom serve` (process {advert['pid']}) at {advert['url']}" in held.stderr
    second = _cli(home, "serve", "--port", str(_free_port()))
    assert second.returncode == 2 and f"already serves the index in {home}" in second.stderr

    # Only a holder of the key (a reader of server.json) may run commands; the token is still asked.
    request = urllib.request.Request(advert["url"] + "/api/local/run", data=b'{"argv": ["docs"]}', method="POST",
                                     headers={"content-type": "application/json", "x-pressroom-local": "wrong",
                                              "authorization": f"Bearer {TOKEN}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    request.remove_header("Authorization")
    request.add_header("x-pressroom-local", advert["key"])
    with pytest.raises(urllib.error.HTTPError) as no_token:
        urllib.request.urlopen(request, timeout=30)
    assert no_token.value.code == 401

    # The same command on the same index, opened by the CLI itself once the server is gone, prints the same.
    served_search = searched.stdout
    shutil.copytree(home / "edge", tmp_path / "copy" / "edge")
    alone = _cli(tmp_path / "copy", "search", "drug trafficking in ports", "--limit", "3", "--json")
    assert alone.returncode == 0 and alone.stdout == served_search
    assert _cli(tmp_path / "copy", "find", '"ports alliance" OR EMPACT', "--json").stdout == found.stdout


def test_the_defaults_made_absolute_are_the_commands_own() -> None:
    """ui/remote.py stays standard-library-only, so it repeats eval's, fit-reader's, fit-ranker's and reader-cv's
    default outputs."""
    import inspect

    from eval.cli import eval_command, fit_ranker_command, fit_reader, reader_cv
    from ui.remote import _DEFAULT_OUT

    commands = (("eval", eval_command), ("fit-reader", fit_reader), ("fit-ranker", fit_ranker_command),
                ("reader-cv", reader_cv))
    for name, command in commands:
        assert str(inspect.signature(command).parameters["out"].default) == _DEFAULT_OUT[name]
