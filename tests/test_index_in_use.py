"""An index another process holds: every command says so on one line, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.embedding import Embedder
from index.ingesting import ingest_paths
from index.settings import IndexSettings
from index.store import PassageStore
from pressroom.cli import app
from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow


def test_commands_on_a_held_index_get_a_message_not_a_traceback(
    embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    holder = PassageStore(IndexSettings(home=home), embedder)  # as a running `pressroom serve` does
    list(ingest_paths(holder, [SAMPLE / "000_df7c086f3e8c4b2a.txt"]))
    monkeypatch.setenv("PRESSROOM_HOME", str(home))
    try:
        for args in (["docs"], ["ask", "Where did the ministers meet?"], ["ingest", str(SAMPLE)]):
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 2, (args, result.output)
            lines = [line for line in result.output.splitlines() if line.strip()]
            assert len(lines) == 1 and "in use by another Pressroom process" in lines[0], (args, result.output)
            assert "Traceback" not in result.output
        assert len(holder.list_documents()) == 1  # what was stored is still there
    finally:
        holder.close()
    result = CliRunner().invoke(app, ["docs"])  # once it is let go, commands work again
    assert result.exit_code == 0, result.output
