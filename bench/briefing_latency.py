"""Benchmark: how long one briefing takes (``pressroom brief``, in-process) over an index.

Opens the configured index (``PRESSROOM_HOME``), or a fresh one over ``--ingest`` paths, builds
the briefing of every topic of a topic set (with its period and language) after one warm-up
briefing, and reports p50/p95/mean/max in milliseconds with the index's size.

    PRESSROOM_HOME=runs/brief-home python bench/briefing_latency.py --topics eval/briefing-topics-dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from assistant.briefing import build_briefing
from assistant.console import scratch_session
from eval.bench import percentiles
from eval.briefing_eval import load_topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=Path, default=Path("eval/briefing-sample.jsonl"))
    parser.add_argument("--ingest", type=Path, action="append", help="Index these first, in a fresh data folder.")
    parser.add_argument("--out", type=Path, help="Write the figures as JSON here.")
    args = parser.parse_args()
    topics = load_topics(args.topics)
    with scratch_session(args.ingest) as room:
        first = topics[0]
        build_briefing(room.assistant, first["topic"], since=first.get("since"), until=first.get("until"),
                       lang=first.get("lang"))  # warm-up: models loaded, caches filled
        timings = []
        for item in topics:
            started = time.perf_counter()
            build_briefing(room.assistant, item["topic"], since=item.get("since"), until=item.get("until"),
                           lang=item.get("lang"))
            timings.append((time.perf_counter() - started) * 1000)
        documents = len(room.store.list_documents())
    result = {"topics": str(args.topics), "briefings": len(timings), "documents": documents,
              "ms": {**percentiles(timings), "max": round(max(timings), 2)}}
    print(json.dumps(result))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
