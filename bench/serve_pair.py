"""20 clients against `pressroom serve` run from any checkout: the server's throughput, code against code.

Issue 17 compares the server's throughput with the code it measured (a worktree of `ffdd670^`).
Run this for each checkout in turn, back to back, on the same machine:

    git worktree add /tmp/old ffdd670^
    python bench/serve_pair.py /tmp/old /tmp/home-old 30
    python bench/serve_pair.py . /tmp/home-new 30

CODE is the checkout whose `pressroom serve` answers (its own index at HOME, ingested from its
`sample_corpus` when HOME does not exist); the load is this checkout's `eval.bench.api_load`: 20
threads posting the 78 questions of `eval/gold-sample.jsonl` in turn for SECONDS, after one
warm-up question, rate limit off. Prints answers a second, the p50 in ms and the errors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def main(code: Path, home: Path, seconds: float) -> None:
    sys.path.insert(0, str(HERE))
    import httpx

    from eval.bench import api_load, serving

    os.chdir(code)  # `python -m pressroom serve` then runs CODE's package
    env = {**os.environ, "PRESSROOM_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    if not home.exists():
        command = [sys.executable, "-m", "pressroom", "ingest", "sample_corpus"]
        subprocess.run(command, env=env, check=True, capture_output=True)
    gold = (HERE / "eval" / "gold-sample.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in gold if line.strip()]
    with serving(home) as (url, _):
        httpx.post(f"{url}/api/ask", json={"question": questions[0]}, timeout=120)
        time.sleep(3)
        result = api_load(url, questions, clients=20, seconds=seconds)
    print(f"{code.name or code}: {result['throughput_rps']} answers/s, p50 {result['latency_ms'].get('p50')} ms, "
          f"{result['errors']} errors")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python bench/serve_pair.py CODE HOME SECONDS")
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), float(sys.argv[3]))
