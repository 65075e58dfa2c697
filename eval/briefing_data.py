"""The corpus the briefing topic sets are scored over: a reproducible subset of the Swiss English feed.

    python -m eval.briefing_data [SHARED [OUT]]   # -> runs/brief-corpus/swiss-en-brief.jsonl (491 releases)
    PRESSROOM_HOME=runs/brief-home pressroom ingest runs/brief-corpus/swiss-en-brief.jsonl

It holds the releases the topics are written from (``docs`` of ``eval/briefing-topics-*.jsonl``),
and as distractors each such release's ``NEAREST`` nearest releases dated outside its topic's
period (TF-IDF cosine of their words: the releases a search could mistake for it) and ``RANDOM``
releases drawn with a fixed seed from the whole feed (so adding topics does not change them).
Only the topics' ``docs``, ``since`` and ``until`` are read, never what they expect.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED = "swiss-en.jsonl.gz"
TOPIC_SETS = ("briefing-topics-dev.jsonl", "briefing-topics-test.jsonl")
NEAREST = 2
RANDOM = 300


def _text(record: dict) -> str:
    return "\n".join(str(record.get(k) or "") for k in ("title", "lead", "text"))


def outside(day: str, since: str | None, until: str | None) -> bool:
    """Whether a release's date lies outside a topic's period (an undated one does not).

    >>> outside("2020-09-30", "2020-10-01", "2020-11-30"), outside("2020-11-30", "2020-10-01", "2020-11-30")
    (True, False)
    """
    if not day:
        return False
    return bool((since and day < since) or (until and day[: len(until)] > until))


def choose(records: list[dict], topics: list[dict], nearest: int = NEAREST, drawn: int = RANDOM) -> list[dict]:
    """The feed's records for the topics: theirs, their nearest outside their period, and a random draw."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    by_id = {r["id"]: i for i, r in enumerate(records)}
    keep: set[int] = set()
    pool = [i for i, r in enumerate(records) if not r.get("lang_suspect")]
    keep.update(random.Random(FEED).sample(pool, min(drawn, len(pool))))
    usable = set(pool)
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words="english").fit_transform(
        _text(r) for r in records
    )
    topic_docs = {by_id[d] for t in topics for d in t.get("docs", []) if d in by_id}
    keep |= topic_docs
    for topic in topics:
        for doc in topic.get("docs", []):
            if doc not in by_id:
                continue
            cosine = (matrix @ matrix[by_id[doc]].T).toarray().ravel()
            ranked = [
                i for i in cosine.argsort()[::-1]
                if i not in topic_docs and i in usable
                and outside(records[i].get("date") or "", topic.get("since"), topic.get("until"))
            ]  # fmt: skip
            keep.update(ranked[:nearest])
    return [records[i] for i in sorted(keep)]


def write_corpus(shared: Path, out: Path) -> int:
    """Write the subset as JSON Lines to ``out``; return its number of records."""
    with gzip.open(shared / "corpus" / FEED, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    topics = [
        json.loads(line)
        for name in TOPIC_SETS
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chosen = choose(records, topics)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for record in chosen:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(chosen)


def main(argv: list[str]) -> int:
    shared = Path(argv[0]) if argv else ROOT.parent / "shared"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "runs" / "brief-corpus" / "swiss-en-brief.jsonl"
    if not (shared / "corpus" / FEED).is_file():
        print(f"briefing corpus: {shared / 'corpus' / FEED} not found (the team's shared folder is absent)",
              file=sys.stderr)
        return 2
    print(f"{out}: {write_corpus(shared, out)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
