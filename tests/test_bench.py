"""The benchmark runs end to end on the sample corpus (a smoke test: no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from index.embedding import make_embedder
from index.settings import IndexSettings
from pressroom.cli import app
from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow


def test_bench_quick_run_writes_figures_and_plots(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    result = CliRunner().invoke(
        app, ["bench", "--corpus", str(SAMPLE), "--sizes", "2,all", "--queries", "3", "--out", str(out),
              "--load-seconds", "3"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "bench.json").read_text())
    assert [c["documents"] for c in data["checkpoints"]] == [2, 5]
    assert data["ingest"]["passages"] == 46 and data["ingest"]["tokens_encoded"] > 0
    assert 0 < data["yardstick"]["share_of_text_encoded"] <= 1 and data["yardstick"]["ingest_ratio"] > 0
    assert all(c["yardstick_search_ms"]["p50"] > 0 for c in data["checkpoints"])
    assert set(data["cold_start_s"]) == {"search", "ask", "yardstick"} and data["cold_start_s"]["yardstick"] > 0
    assert (out / "latency.png").stat().st_size > 0 and (out / "ingest.png").stat().st_size > 0
    assert "| 5 | 46 |" in (out / "bench.md").read_text()
    loaded, streaming = data["load"], data["load_streaming"]
    assert loaded["requests"] > 0 and loaded["errors"] == 0
    assert streaming["requests"] > 0 and streaming["errors"] == 0 and "streams" in streaming
    assert "while one client streams generative answers" in (out / "bench.md").read_text()


def test_bf16_vectors_stay_close_to_fp32() -> None:
    exact_run = make_embedder(IndexSettings(qdrant_location=":memory:", precision="fp32", encoder_runtime="torch"))
    texts = [line for line in (SAMPLE / "001_a010568e1d0194d7.txt").read_text().splitlines() if line.strip()][:40]
    fast = make_embedder(IndexSettings(qdrant_location=":memory:", precision="bf16"))
    exact, approx = exact_run.embed(texts), fast.embed(texts)
    cosines = np.sum(exact * approx, axis=1)
    assert cosines.min() >= 0.999, cosines.min()
    with pytest.raises(ValueError, match="'auto', 'fp32' or 'bf16'"):  # refused when the settings are read
        make_embedder(IndexSettings(qdrant_location=":memory:", precision="fp8"))


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_openvino_and_torch_runtimes_give_the_same_vectors(precision: str) -> None:
    settings = IndexSettings(qdrant_location=":memory:", precision=precision, encoder_runtime="torch")
    torch_run = make_embedder(settings)
    openvino_run = make_embedder(settings.model_copy(update={"encoder_runtime": "openvino"}))
    assert (torch_run.runtime, openvino_run.runtime) == ("torch", "openvino")  # type: ignore[attr-defined]
    lines = (SAMPLE / "002_f1c762c581d28226.txt").read_text().splitlines()
    texts = [line for line in lines if line.strip()][:30] + ["", "x" * 3000]  # empty and over-long
    cosines = np.sum(torch_run.embed(texts) * openvino_run.embed(texts), axis=1)
    assert openvino_run._compiled is not None  # type: ignore[attr-defined]  # the batch ran in OpenVINO
    assert cosines.min() >= 0.999, cosines.min()
    with pytest.raises(ValueError, match="unknown encoder runtime 'tpu'"):
        make_embedder(settings.model_copy(update={"encoder_runtime": "tpu"}))


def test_research_desk_bench_counts_and_screens_a_small_feed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    texts = ["Schengen ministers met Europol in Brussels. Karin Keller-Sutter spoke.",
             "Frontex and Europol reported on migration at the Schengen border.",
             "The Federal Council adopted sanctions."]  # fmt: skip
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"r{i}", "title": f"Release {i}", "text": t, "lang": "en",
                                        "date": f"2024-0{i + 1}-01"}) + "\n" for i, t in enumerate(texts)))  # fmt: skip
    out = tmp_path / "desk.json"
    command = [sys.executable, str(ROOT / "bench" / "research_desk.py"), "--feed", str(feed), "--names", "10",
               "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["documents"] == 3
    assert data["find_totals"]["schengen"] == 2 and data["find_totals"]["europol AND frontex"] == 1
    assert data["screen"]["names"] == 10 and data["find_ms"]["p50"] > 0
