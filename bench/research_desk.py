"""The research desk at scale: `find` latency and screening 1,000 names over a feed (issue 18).

Reads a feed through the ingest pipeline (parsing, statements, dates, names: everything but the
encoder, which `find` and screening never use), writes the full-text table those two read, then
times a fixed set of queries (count, facets and the first page, as `GET /api/find` does) and one
screening of 1,000 names: the 500 names the documents mention most, and 500 made-up ones.

    python bench/research_desk.py --feed ../shared/corpus/swiss-en.jsonl.gz --out runs/bench/research_desk.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.entities import Entities  # noqa: E402
from index.finding import find  # noqa: E402
from index.fulltext import FullText  # noqa: E402
from index.query import parse  # noqa: E402
from index.screening import Screener  # noqa: E402
from index.writing import document_record  # noqa: E402
from ingest.pipeline import ChunkSettings, load_feed  # noqa: E402
from ingest.records import Document  # noqa: E402

QUERIES = (
    "schengen", '"federal council"', '"border controls"', "migra*", "europol AND frontex", "europol OR frontex",
    "(asylum OR migration) -schengen", '"drug trafficking"~3', "title:sanctions", "date:2020..2021 pandemic",
    "lang:en kind:press_release customs", "NOT schengen", "the",
)  # fmt: skip
MADE_UP = ("Zebulon", "Quarterfield", "Ostrava", "Mbeki", "Lindqvist", "Okonkwo", "Haverford", "Petrakis",
           "Villanueva", "Castellanos")  # fmt: skip


def made_up_names(n: int) -> list[str]:
    """``n`` full names that no press release is likely to hold."""
    return [f"{a} {b}-{i}" for i, (a, b) in enumerate((a, b) for a in MADE_UP for b in MADE_UP for _ in range(n))][:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N records.")
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="pressroom-desk-"))
    table = FullText(folder / "fulltext.sqlite3")
    started, batch, count = time.perf_counter(), [], 0
    for item in load_feed(args.feed, ChunkSettings()):
        if not isinstance(item, Document):
            continue
        batch.append(document_record(item))
        count += 1
        if len(batch) == 200:
            table.upsert(batch)
            batch = []
            print(f"\r{count} documents read", end="", file=sys.stderr, flush=True)
        if args.limit and count >= args.limit:
            break
    table.upsert(batch)
    read_s = time.perf_counter() - started
    print(f"\r{count} documents read in {read_s:.0f} s", file=sys.stderr)

    timings, totals = [], {}
    for query in QUERIES:
        node = parse(query)
        find(table, query, node)  # once to warm SQLite's pages
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            result = find(table, query, node)
            runs.append((time.perf_counter() - t) * 1000)
        timings.append(statistics.median(runs))
        totals[query] = result.total

    entities = Entities(table, folder / "entities.json")
    t = time.perf_counter()
    entities.refresh()
    merge_s = time.perf_counter() - t
    names = list(dict.fromkeys(e.name for e in entities.listing(None, args.names // 2)))
    names += made_up_names(args.names - len(names))
    t = time.perf_counter()
    screened = Screener(table, None, 20).screen(names)
    screen_s = time.perf_counter() - t
    report = {
        "feed": str(args.feed), "documents": count, "read_s": round(read_s, 1),
        "documents_per_s_without_encoder": round(count / read_s, 2),
        "find_ms": {"p50": round(statistics.median(timings), 1), "max": round(max(timings), 1),
                    "per_query": {q: round(ms, 1) for q, ms in zip(QUERIES, timings, strict=True)}},
        "find_totals": totals, "entity_merge_s": round(merge_s, 1),
        "screen": {"names": len(names), "known": sum(1 for r in screened if r.documents),
                   "seconds": round(screen_s, 1)},
    }  # fmt: skip
    text = json.dumps(report, indent=1, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
