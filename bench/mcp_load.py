"""Benchmark: many MCP clients at once against a real ``pressroom serve`` (streamable HTTP at /mcp).

Starts the server on a free port with a fresh data folder and a corpus, then runs ``--clients``
MCP sessions side by side for ``--seconds``: each calls ``ask`` (every fifth call ``search``) in a
loop, cycling through a gold set's questions from its own starting point. Reports calls per
second, p50/p95 latency of a call, and every error (issue 21 asks for none under 20 clients for
30 s).

    python bench/mcp_load.py --clients 20 --seconds 30
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from api_latency import ROOT, corpus_arguments, questions_of, serving

from eval.bench import percentiles


async def _client(url: str, questions: list[str], until: float, first: int, latencies: list, errors: list) -> int:
    """One MCP session calling tools until ``until``; returns how many calls it made."""
    from mcp import Client

    calls = 0
    async with Client(url, read_timeout_seconds=120) as client:
        while time.monotonic() < until:
            question = questions[(first + calls) % len(questions)]
            tool, arguments = ("search", {"query": question, "limit": 5}) if calls % 5 == 4 else (
                "ask", {"question": question})
            started = time.perf_counter()
            try:
                result = await client.call_tool(tool, arguments)
                if result.is_error:
                    errors.append(f"{tool}: {result.content[0].text}")
            except Exception as exc:  # noqa: BLE001 - a load test counts every failure, whatever it is
                errors.append(f"{tool}: {type(exc).__name__}: {exc}")
            latencies.append((time.perf_counter() - started) * 1000)
            calls += 1
    return calls


async def _load(url: str, questions: list[str], clients: int, seconds: float) -> tuple[list, list, float]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    until = started + seconds
    step = max(1, len(questions) // clients)
    await asyncio.gather(*(_client(url, questions, until, i * step, latencies, errors) for i in range(clients)))
    return latencies, errors, time.monotonic() - started


def main() -> None:
    parser = corpus_arguments(__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "bench" / "mcp_load.json")
    args = parser.parse_args()

    questions = questions_of(args.gold)
    with serving(args.corpus) as port:
        print(f"{args.clients} MCP clients for {args.seconds:g} s...", file=sys.stderr)
        url = f"http://127.0.0.1:{port}/mcp"
        latencies, errors, elapsed = asyncio.run(_load(url, questions, args.clients, args.seconds))
    result = {
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "calls": len(latencies),
        "calls_per_s": round(len(latencies) / elapsed, 2),
        "call_ms": {**percentiles(latencies), "max": round(max(latencies), 1)} if latencies else {},
        "errors": len(errors),
        "first_errors": errors[:5],
        "corpus": str(args.corpus),
        "cpu_count": os.cpu_count(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
