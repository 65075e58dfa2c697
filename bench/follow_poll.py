"""Benchmark: one run over N followed feeds of M items each, when nothing changed (issue 19: 50 x 100
under a minute on 2 cores).

A press site on 127.0.0.1 (tests/press_site.py) serves the feeds and their one-paragraph article
pages. By default every feed lists the same M articles, so that the first run fetches and reads
N x M items but ingests only M documents into the fresh local index (the real encoder; 5,000
documents would take most of an hour on 2 busy cores); ``--distinct`` gives each feed its own.
The runs timed after it do the same work either way. Two runs with nothing changed: the site
answering conditional GETs (304: one request a feed), then the site ignoring them (every feed
read again in full, every item found unchanged by its listing, no article fetched). Sources are
polled one after another, as ``follow run`` does; the per-host delay is 0 here, since real feeds
sit on different hosts.

    python bench/follow_poll.py --feeds 50 --items 100 --out runs/bench/follow_poll.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.alerts import AlertStore  # noqa: E402
from index.embedding import make_embedder  # noqa: E402
from index.followed import FollowState  # noqa: E402
from index.polling import poll  # noqa: E402
from index.settings import IndexSettings  # noqa: E402
from index.store import PassageStore  # noqa: E402
from ingest.fetching import Fetcher, FetchPolicy  # noqa: E402
from tests.press_site import Page, Site, publish, rss, serve  # noqa: E402


def feed_records(feed: int, items: int) -> list[dict]:
    """The releases of one feed: a title and a paragraph each."""
    return [{"id": f"f{feed}-i{i}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "lang": "en",
             "title": f"Press office {feed} release {i}",
             "text": f"Press office {feed} announced measure {i} on border security and police cooperation."}
            for i in range(items)]  # fmt: skip


def run_all(store: PassageStore, state: FollowState, fetcher: Fetcher) -> tuple[float, dict]:
    """Poll every source once, in order; the seconds it took and the summed counts."""
    started = time.perf_counter()
    totals = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0, "not_modified": 0, "errors": 0}
    for source in state.sources():
        report = poll(store, state, fetcher, source)
        for key in ("added", "updated", "unchanged", "failed"):
            totals[key] += getattr(report, key)
        totals["not_modified"] += report.not_modified
        totals["errors"] += bool(report.error)
    return round(time.perf_counter() - started, 2), totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--distinct", action="store_true", help="Each feed lists its own articles (N x M documents).")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "bench" / "follow_poll.json")
    args = parser.parse_args()

    site = Site()
    server = serve(site)
    for f in range(args.feeds):
        records = feed_records(f if args.distinct else 0, args.items)
        publish(site, records)
        site.pages[f"/feeds/{f}.xml"] = Page(rss(site.url, records, f"Office {f}"), "application/rss+xml")
    fetcher = Fetcher(FetchPolicy(allow_private=True, host_delay_s=0.0))
    with tempfile.TemporaryDirectory(prefix="pressroom-follow-bench-") as home:
        store = PassageStore(IndexSettings(home=Path(home)), make_embedder(IndexSettings()))
        state = FollowState(Path(home) / "follow.sqlite3")
        AlertStore(Path(home) / "alerts.sqlite3").close()
        for f in range(args.feeds):
            state.add(f"{site.url}/feeds/{f}.xml", 1800, name=f"office-{f}")
        first_s, first = run_all(store, state, fetcher)
        print(f"first run: {first_s} s, {first}", flush=True)
        requests = len(site.requests)
        conditional_s, conditional = run_all(store, state, fetcher)
        conditional_requests = len(site.requests) - requests
        print(f"nothing changed, conditional GET: {conditional_s} s, {conditional}, {conditional_requests} requests")
        for f in range(args.feeds):
            site.pages[f"/feeds/{f}.xml"].validators = False
        requests = len(site.requests)
        full_s, full = run_all(store, state, fetcher)
        full_requests = len(site.requests) - requests
        print(f"nothing changed, feeds read in full: {full_s} s, {full}, {full_requests} requests")
        documents = len(store.list_documents())
        store.close()
        state.close()
    server.shutdown()
    result = {
        "feeds": args.feeds, "items_per_feed": args.items, "distinct_articles": args.distinct, "documents": documents,
        "first_run": {"seconds": first_s, **first},
        "unchanged_conditional_get": {"seconds": conditional_s, "requests": conditional_requests, **conditional},
        "unchanged_full_feeds": {"seconds": full_s, "requests": full_requests, **full},
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
