"""The reader's gold data: the team's sets split into dev and test by document, and the corpus
they are asked over (a reproducible subset of the shared feeds).

    python -m eval.reader_data split     # eval/reader/gold-*.jsonl -> eval/reader/{dev,test}.jsonl
    python -m eval.reader_data corpus    # ../shared/corpus feeds -> runs/reader-corpus/*.jsonl

The split keeps every document, and every language version of a release, on one side: a question
goes with the documents it was written from (``docs`` and its evidence), and questions sharing a
document are kept together. Sides are chosen by a hash of the group's documents (about half each).
Questions on the five seed documents and the older team sets (``eval/gold-sample.jsonl``,
``gold-nl.jsonl``, ``gold-multilingual.jsonl``) are dev: their documents were looked at while the
code was written.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "eval" / "reader"
OLDER_SETS = ("gold-sample.jsonl", "gold-nl.jsonl", "gold-multilingual.jsonl")
FEEDS = {  # feed file under shared/corpus -> subset file name, distractors drawn at random
    "swiss-en.jsonl.gz": ("swiss-en.jsonl", 500),
    "swiss-fdjp-multilingual.jsonl.gz": ("swiss-multilingual.jsonl", 600),
    "sweden-sv.jsonl.gz": ("sweden-sv.jsonl", 500),
}
SEED = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
_RELEASE = re.compile(r"^(nsb-\d+)-[a-z]{2}$")


def release(doc: str) -> str:
    """The release a document belongs to: its language versions share it.

    >>> release("nsb-20668-fr"), release("002_f1c762c581d28226.txt")
    ('nsb-20668', 'seeds')
    """
    if SEED.match(doc):
        return "seeds"  # five documents of two meetings, one a translation: one group
    match = _RELEASE.match(doc)
    return match.group(1) if match else doc


def _documents(raw: dict) -> set[str]:
    return {str(d) for d in raw.get("docs", [])} | {str(e["doc"]) for e in raw.get("evidence", [])}


def connected(keys: list[list[str]]) -> list[str]:
    """For each item's keys (documents, releases), a name for its group: items that share a key,
    directly or through others, share the name.

    >>> g = connected([["a"], ["b", "c"], ["c"], ["a", "d"], ["e"]])
    >>> g[0] == g[3], g[1] == g[2], g[0] == g[1], len(set(g))
    (True, True, False, 3)
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in keys:
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    return [find(members[0]) for members in keys]


def split(lines: list[dict], forced_dev: set[str]) -> tuple[list[dict], list[dict]]:
    """Dev and test questions: groups of questions sharing a release go to one side."""
    keys = [sorted({release(d) for d in _documents(raw)}) or [f"q:{raw['id']}"] for raw in lines]
    roots = connected(keys)
    groups: dict[str, set[str]] = {}
    for root, releases in zip(roots, keys, strict=True):
        groups.setdefault(root, set()).update(releases)
    side = {}
    for root, members in groups.items():
        digest = hashlib.sha1(",".join(sorted(members)).encode()).digest()
        side[root] = "dev" if members & forced_dev or digest[0] < 128 else "test"
    dev, test = [], []
    for raw, root in zip(lines, roots, strict=True):
        (dev if side[root] == "dev" else test).append(raw)
    return dev, test


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_split() -> tuple[int, int]:
    """Write eval/reader/dev.jsonl and test.jsonl from the team's sets; return their sizes."""
    older = [raw for name in OLDER_SETS for raw in _read(ROOT / "eval" / name)]
    forced = {"seeds"} | {release(d) for raw in older for d in _documents(raw)}
    new = [raw for path in sorted(READER.glob("gold-*.jsonl")) for raw in _read(path)]
    dev, test = split(new, forced)
    for name, rows in (("dev", older + dev), ("test", test)):
        with (READER / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for raw in rows:
                out.write(json.dumps(raw, ensure_ascii=False) + "\n")
    return len(older) + len(dev), len(test)


def write_corpus(shared: Path, out: Path) -> dict[str, int]:
    """The feeds' documents that the gold sets name (every language version of their releases),
    plus distractors drawn with a fixed seed; the seeds are ingested from ``shared`` as they are."""
    wanted = {
        release(d)
        for path in [*READER.glob("gold-*.jsonl"), *(ROOT / "eval" / n for n in OLDER_SETS)]
        for raw in _read(path)
        for d in _documents(raw)
    }
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for feed, (name, distractors) in FEEDS.items():
        with gzip.open(shared / "corpus" / feed, "rt", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        # Distractors are drawn from the whole feed, so that adding questions does not change them.
        pool = [r for r in records if not r.get("lang_suspect")]
        drawn = {r["id"] for r in random.Random(feed).sample(pool, min(distractors, len(pool)))}
        chosen = [r for r in records if release(r["id"]) in wanted or r["id"] in drawn]
        with (out / name).open("w", encoding="utf-8") as handle:
            for record in chosen:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        counts[name] = len(chosen)
    return counts


def main(argv: list[str]) -> int:
    if argv[:1] == ["split"]:
        dev, test = write_split()
        print(f"eval/reader/dev.jsonl: {dev} questions; eval/reader/test.jsonl: {test} questions")
        return 0
    if argv[:1] == ["corpus"]:
        shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared"
        out = Path(argv[2]) if len(argv) > 2 else ROOT / "runs" / "reader-corpus"
        if not (shared / "corpus").is_dir():
            print(f"reader corpus: {shared / 'corpus'} not found (the team's shared folder is absent)", file=sys.stderr)
            return 2
        for name, n in write_corpus(shared, out).items():
            print(f"{out / name}: {n} documents")
        return 0
    print("usage: python -m eval.reader_data split | corpus [SHARED [OUT]]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
