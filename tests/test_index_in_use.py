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


WRITER = """
import sys, time
from pathlib import Path
from index.edge_backend import EdgeBackend
from index.settings import IndexSettings
from index.vectors import PassagePoint
backend = EdgeBackend(IndexSettings(home=Path(sys.argv[1])), 4)
print("open", flush=True)
deadline, n = time.monotonic() + 6, 0
while time.monotonic() < deadline:
    uid = f"{n:08d}-0000-0000-0000-"
    points = [PassagePoint(uid + f"{k:012d}", [1.0, k, n, 2.0], None, [1, 5], [0.5, 0.2], {"source_id": f"s{n}"})
              for k in range(1, 21)]
    backend.upsert_passages(points)
    backend.upsert_documents([(uid + "0" * 12, {"source_id": f"s{n}"})])
    n += 1
backend.close()
print("wrote", n, flush=True)
"""


def test_a_process_refused_the_index_leaves_the_writer_unharmed(tmp_path: Path) -> None:
    """Qdrant Edge's own refusal came after it had opened the shard's files, and that alone broke
    the journal of the process writing to them: a refused `pressroom docs` ended a running ingest."""
    import subprocess
    import sys
    import time

    from index.edge_backend import EdgeBackend
    from index.errors import StoreUnavailable

    home = tmp_path / "home"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(home)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)  # fmt: skip
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "open\n"
        for _ in range(4):
            with pytest.raises(StoreUnavailable, match="in use by another Pressroom process"):
                EdgeBackend(IndexSettings(home=home), 4)
            time.sleep(0.5)
        out, err = writer.communicate(timeout=60)
    finally:
        writer.kill()
    assert writer.returncode == 0, err
    assert out.startswith("wrote")
    EdgeBackend(IndexSettings(home=home), 4).close()  # once it is let go, the index opens
