"""Near-duplicates on a feed: what the rule groups, its cost per document, and its threshold.

Reads the feed's records as their document text (title, lead and text), computes each one's
signature (timed: what ingest adds per document), groups them as ingest does
(``index/near_duplicates.py``), and prints every group found for a reader to check. Then builds
constructed pairs from the feed's releases (a seeded sample): re-publications (a figure
changed, a sentence reworded, a sentence replaced by another release's, a ``CORRECTION:``
title) that must group, and different releases sharing a boilerplate paragraph (each with its
own title, and both under one generic title) that must not; and counts, for each text ratio
threshold, the pairs grouped of each kind, with the feed's candidate pairs that pass the title
and date rule.

With ``--ingest N``, the cost at ingest: the feed's first N records go through the ingest
pipeline (everything but the encoder, which grouping never uses) into document records, written
to a local index (Qdrant Edge in a temporary folder) as ingest writes them, and linking is timed
as ingest runs it: once over every record (a first ingest), then for the last 100 records as new
(an ingest of 100 documents into the index), beside the translation linking ingest already runs.

    python bench/near_duplicates.py --feed ../shared/corpus/swiss-en.jsonl.gz --ingest 13541 \
        --out runs/bench/near_duplicates.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import near_duplicates as nd  # noqa: E402

THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
BOILERPLATE = (
    "Further information is available from the Communication Service of the Federal Department, which can be "
    "reached by telephone on working days between 8 am and 5 pm. The documents mentioned in this press release, "
    "including the explanatory report and the results of the consultation, are published on the department's "
    "website, where journalists can also subscribe to the press releases of the Federal Council and its offices."
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NUMBER = re.compile(r"\b\d+\b")


def read_feed(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as feed:  # type: ignore[operator]
        rows = [json.loads(line) for line in feed if line.strip()]
    return list({r["id"]: r for r in rows}.values())


def text_of(record: dict) -> str:
    return "\n".join(record.get(k) or "" for k in ("title", "lead", "text"))


def constructed(rows: list[dict], count: int, seed: int) -> list[tuple[str, dict, dict]]:
    """(kind, a, b): re-publications that must group (``same-*``), different releases that must not."""
    rng = random.Random(seed)
    usable = [r for r in rows if len((r.get("text") or "").split()) >= 60 and _NUMBER.search(r.get("text") or "")]
    out = []
    for a in rng.sample(usable, count):
        body = a.get("text") or ""
        sentences = _SENTENCE.split(body)
        other = rng.choice(usable)
        figure = rng.choice(list(_NUMBER.finditer(body)))
        changed = body[: figure.start()] + str(int(figure.group()) + 1) + body[figure.end() :]
        at = rng.randrange(len(sentences))
        reworded = sentences[:at] + [_reworded(sentences[at])] + sentences[at + 1 :]
        borrowed = rng.choice(_SENTENCE.split(other.get("text") or "x"))
        replaced = sentences[:at] + [borrowed] + sentences[at + 1 :]
        later = _later(a.get("date"), rng.randint(0, 3))
        out += [
            ("same-figure", a, {**a, "id": a["id"] + "-fig", "text": changed, "date": later}),
            ("same-reworded", a, {**a, "id": a["id"] + "-rew", "text": " ".join(reworded), "date": later}),
            ("same-replaced", a, {**a, "id": a["id"] + "-rep", "text": " ".join(replaced), "date": later}),
            ("same-correction", a, {**a, "id": a["id"] + "-cor", "title": "CORRECTION: " + (a.get("title") or ""),
                                    "text": changed, "date": later}),
            ("different-boilerplate", {**a, "id": a["id"] + "-b1", "text": body + "\n" + BOILERPLATE},
             {**other, "id": other["id"] + "-b2", "text": (other.get("text") or "") + "\n" + BOILERPLATE,
              "date": later, "lang": a.get("lang")}),
            ("different-boilerplate-one-title", {**a, "id": a["id"] + "-t1", "title": "Press release",
                                                 "text": body + "\n" + BOILERPLATE},
             {**other, "id": other["id"] + "-t2", "title": "Press release", "date": later, "lang": a.get("lang"),
              "text": (other.get("text") or "") + "\n" + BOILERPLATE}),
        ]  # fmt: skip
    return out


def _reworded(sentence: str) -> str:
    """A sentence said again with some words changed: every fourth word replaced."""
    parts = sentence.split()
    return " ".join("revised" if i % 4 == 3 else w for i, w in enumerate(parts))


def _later(date: str | None, days: int) -> str | None:
    import datetime

    if not date or len(date) < 10:
        return date
    return (datetime.date.fromisoformat(date[:10]) + datetime.timedelta(days=days)).isoformat()


def candidate(record: dict, signature: tuple[int, ...]) -> nd.Candidate:
    lang, title = record.get("lang") or "", record.get("title") or ""
    return nd.Candidate(record["id"], lang, record.get("date"), title, signature)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed", type=Path, required=True)
    parser.add_argument("--pairs", type=int, default=100, help="Releases each constructed kind is made from.")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--ingest", type=int, default=0, help="Records to time linking at ingest on (0: none).")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    rows = read_feed(args.feed)
    texts = {r["id"]: text_of(r) for r in rows}
    started = time.perf_counter()
    docs = [candidate(r, nd.signature(texts[r["id"]])) for r in rows]
    signing = time.perf_counter() - started
    started = time.perf_counter()
    pairs = nd.candidate_pairs(docs)
    pairing = time.perf_counter() - started
    started = time.perf_counter()
    groups = nd.group(docs, texts.get)
    grouping = time.perf_counter() - started
    by_group: dict[str, list[str]] = {}
    for sid, name in groups.items():
        by_group.setdefault(name, []).append(sid)
    print(f"{len(rows)} records; signature {1000 * signing / len(rows):.2f} ms per document; candidate pairs "
          f"{len(pairs)} in {pairing:.2f} s; grouping (pairs, texts compared) {grouping:.2f} s")  # fmt: skip
    by_id = {r["id"]: r for r in rows}
    for name, ids in sorted(by_group.items()):
        print(f"  {name}: " + " | ".join(f"{s} {by_id[s].get('date')} {by_id[s].get('title', '')[:60]!r}" for s in ids))

    # The threshold: text ratios of the feed's candidate pairs (title and date rule passed) and
    # of the constructed pairs.
    feed_ratios = [nd.text_ratio(texts[a], texts[b]) for a, b in sorted(pairs)]
    made = constructed(rows, args.pairs, args.seed)
    kinds: dict[str, list[float]] = {}
    for kind, a, b in made:
        ca, cb = candidate(a, nd.signature(text_of(a))), candidate(b, nd.signature(text_of(b)))
        found = nd.candidate_pairs([ca, cb])
        same_words = nd.words(text_of(a)) == nd.words(text_of(b))
        ratio = 1.0 if same_words else nd.text_ratio(text_of(a), text_of(b)) if found else -1.0
        kinds.setdefault(kind, []).append(ratio)
    table = {}
    for threshold in THRESHOLDS:
        row = {"feed pairs grouped": sum(r >= threshold for r in feed_ratios)}
        row.update({kind: sum(r >= threshold for r in ratios) for kind, ratios in kinds.items()})
        table[str(threshold)] = row
    print(f"pairs grouped at each text ratio threshold ({args.pairs} of each constructed kind; -1: not a candidate):")
    names = list(next(iter(table.values())))
    print("ratio  " + "  ".join(names))
    for threshold, row in table.items():
        print(f"{threshold:5}  " + "  ".join(f"{row[n]:>{len(n)}}" for n in names))
    print("constructed pairs that were no candidate: "
          + ", ".join(f"{k} {sum(r < 0 for r in v)}" for k, v in kinds.items()))  # fmt: skip
    linking = ingest_cost(args.feed, args.ingest) if args.ingest else {}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({
            "records": len(rows), "signature_ms_per_document": 1000 * signing / len(rows),
            "candidate_pairs": len(pairs), "grouping_s": grouping, "groups": by_group, "thresholds": table,
            "ingest": linking,
        }, indent=1), encoding="utf-8")  # fmt: skip


def ingest_cost(feed: Path, count: int) -> dict:
    """Linking timed as ingest runs it, on the feed's first ``count`` records (see the module's doc)."""
    import itertools
    import tempfile

    from index.backend import open_backend
    from index.near_groups import NearDuplicates
    from index.releases import Releases
    from index.settings import IndexSettings
    from index.vectors import record_id
    from index.writing import document_record
    from ingest.pipeline import ChunkSettings, load_feed
    from ingest.records import Document

    started = time.perf_counter()
    documents = [d for d in itertools.islice(load_feed(feed, ChunkSettings()), count) if isinstance(d, Document)]
    parsing = time.perf_counter() - started
    started = time.perf_counter()
    records = [document_record(d) for d in documents]
    recording = time.perf_counter() - started
    started = time.perf_counter()
    for d in documents[:2000]:
        nd.signature(d.text)
    signing = (time.perf_counter() - started) / min(2000, len(documents))
    with tempfile.TemporaryDirectory() as folder:
        backend = open_backend(IndexSettings(home=Path(folder)), 384)
        try:
            for at in range(0, len(records), 500):
                backend.upsert_documents([(record_id(r.source_id), r.to_payload()) for r in records[at : at + 500]])
            near, releases = NearDuplicates(backend), Releases(backend)
            timings = {}
            for name, new in (("first ingest (every record new)", None),
                              ("ingest of 100 into the index", {r.source_id for r in records[-100:]})):  # fmt: skip
                if new:  # those 100 as written by an ingest: not linked yet
                    ids = [record_id(s) for s in sorted(new)]
                    backend.set_document_field(ids, "near", None)
                    backend.set_document_field(ids, "group", None)
                started = time.perf_counter()
                linked = near.link(new)
                took = time.perf_counter() - started
                started = time.perf_counter()
                releases.link(new)
                timings[name] = {"near_duplicates_s": took, "records_grouped": linked,
                                 "translations_s": time.perf_counter() - started}  # fmt: skip
            timings["groups"] = {s: g for s, g in near.groups().group_of.items()}
        finally:
            backend.close()
    out = {"records": len(records), "pipeline_ms_per_document_without_encoder": 1000 * parsing / len(documents),
           "record_ms_per_document": 1000 * recording / len(records), "signature_ms_per_document": 1000 * signing,
           "linking": timings}  # fmt: skip
    print(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
