"""Benchmark: latency of ``POST /api/ask`` for sequential questions against a real ``pressroom serve``.

Starts the server on a free port with a fresh data folder, ingests a corpus, asks questions
one after another (cycling through a gold set), and reports p50/p95/mean/max. With
``--compare`` it also checks that the server answers every question of an eval run's
``answers.jsonl`` exactly as ``pressroom eval`` (the assistant in-process) did.

    python bench/api_latency.py --corpus sample_corpus --gold eval/gold-sample.jsonl -n 100
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from tqdm import tqdm

from eval.bench import percentiles

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(corpus: Path, home: Path, port: int) -> subprocess.Popen:
    """``pressroom serve --ingest corpus`` in the background; returns once /healthz answers."""
    # One client asks everything from one address: the per-client rate limit is off here.
    env = {**os.environ, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1", "PRESSROOM_RATE_LIMIT": "0"}
    env.pop("PRESSROOM_QDRANT_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "pressroom", "serve", "--port", str(port), "--ingest", str(corpus)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bench: the server stopped: {server.stderr.read() if server.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(1)
    server.terminate()
    raise SystemExit("bench: the server did not start within 15 minutes")


def corpus_arguments(description: str) -> argparse.ArgumentParser:
    """A parser with the corpus to serve and the gold set whose questions are asked."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=ROOT / "sample_corpus")
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold-sample.jsonl")
    return parser


def questions_of(gold: Path) -> list[str]:
    return [json.loads(line)["question"] for line in gold.read_text().splitlines() if line.strip()]


@contextmanager
def serving(corpus: Path) -> Iterator[int]:
    """``pressroom serve`` on a free port over a fresh data folder holding ``corpus``; its port."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as home:
        print(f"starting pressroom serve on port {port} with {corpus}...", file=sys.stderr)
        server = start(corpus, Path(home), port)
        try:
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = corpus_arguments(__doc__.splitlines()[0])
    parser.add_argument("-n", "--questions", type=int, default=100)
    parser.add_argument("--compare", type=Path, help="an eval run's answers.jsonl to check the API against")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "bench" / "api_latency.json")
    args = parser.parse_args()

    questions = questions_of(args.gold)
    with serving(args.corpus) as port, httpx.Client(timeout=120) as client:
        url = f"http://127.0.0.1:{port}/api/ask"
        client.post(url, json={"question": questions[0]})  # warm-up, not counted
        latencies: list[float] = []
        server_ms: list[float] = []
        for i in tqdm(range(args.questions), desc="ask", unit="q", file=sys.stderr):
            started = time.perf_counter()
            response = client.post(url, json={"question": questions[i % len(questions)]})
            latencies.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            server_ms.append(response.json()["timings_ms"]["total"])
        mismatches = compare(client, url, args.compare) if args.compare else None
    result = {
        "questions": args.questions,
        "corpus": str(args.corpus),
        "gold": str(args.gold),
        "http_ms": {**percentiles(latencies), "max": round(max(latencies), 1)},
        "assistant_ms_p50": percentiles(server_ms)["p50"],
        "total_s": round(sum(latencies) / 1000, 1),
        "parity": mismatches,
        "cpu_count": os.cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


def compare(client: httpx.Client, url: str, answers: Path) -> dict:
    """Ask every question of an eval run again through the API and count differing answers."""
    rows = [json.loads(line) for line in answers.read_text().splitlines() if line.strip()]
    differ = []
    for row in tqdm(rows, desc="parity", unit="q", file=sys.stderr):
        served = client.post(url, json={"question": row["gold"]["question"]}).json()
        if served["answer"] != row["answer"]["answer"]:
            differ.append(row["id"])
    return {"compared": len(rows), "different": differ}


if __name__ == "__main__":
    main()
