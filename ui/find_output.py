"""``pressroom find``'s output: terminal text, JSON, and whole-result exports as CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.finding import SORTS, FindHit, FindResult
from index.store import PassageStore

EXPORTS = (".csv", ".jsonl")
CSV_FIELDS = ("source_id", "title", "date", "lang", "kind", "url", "score", "match_count", "snippets", "offsets")


def export_format(path: Path | str) -> str:
    """``csv`` or ``jsonl`` by the file's suffix, or ValueError naming both."""
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORTS:
        raise ValueError(f"cannot export to {str(path)!r}: name a .csv or .jsonl file")
    return suffix[1:]


def csv_row(hit: FindHit) -> dict:
    """A hit as a CSV row: snippets highlighted and joined by `` | ``, offsets as ``start-end;...``."""
    return {**{k: v for k, v in hit.to_dict().items() if k in CSV_FIELDS},
            "snippets": " | ".join(" ".join(s.highlighted().split()) for s in hit.snippets),
            "offsets": ";".join(f"{a}-{b}" for s in hit.snippets for a, b in s.matches)}  # fmt: skip


def export_lines(hits: Iterable[FindHit], fmt: str) -> Iterator[str]:
    """The export of ``hits`` in ``fmt`` (csv with a header, or jsonl), piece by piece."""
    if fmt == "jsonl":
        for hit in hits:
            yield json.dumps(hit.to_dict(), ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for hit in hits:
        writer.writerow(csv_row(hit))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def write_export(hits: Iterable[FindHit], path: Path) -> int:
    """Write every hit to ``path`` (.csv or .jsonl); return how many documents."""
    fmt = export_format(path)
    count = 0

    def counted() -> Iterator[FindHit]:
        nonlocal count
        for hit in hits:
            count += 1
            yield hit

    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            for piece in export_lines(counted(), fmt):
                out.write(piece)
        partial.replace(path)
    except OSError as exc:
        raise ValueError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    return count


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k or 'undated'} {v}" for k, v in counts.items()) or "-"


def result_text(result: FindResult, bold: bool = False) -> str:
    """A page of results for the terminal: the count, the facets, then each hit with its snippets."""
    before, after = ("\033[1m", "\033[0m") if bold else ("**", "**")
    said = "document matches" if result.total == 1 else "documents match"
    folded = f", {result.listed} listed (near-duplicates once)" if result.listed not in (None, result.total) else ""
    lines = [f"{result.total} {said} {result.query!r}{folded} (page {result.page} of {result.pages}, by {result.sort})"]
    if result.total:
        f = result.facets
        lines.append(f"languages: {_counts(f.lang)} · kinds: {_counts(f.kind)} · years: {_counts(f.year)}")
        if f.people or f.orgs:
            lines.append(f"people: {_counts(dict(list(f.people.items())[:5]))} · "
                         f"organisations: {_counts(dict(list(f.orgs.items())[:5]))}")  # fmt: skip
    first = (result.page - 1) * result.per_page
    for n, hit in enumerate(result.hits, first + 1):
        matches = f" — {hit.match_count} match{'es' if hit.match_count != 1 else ''}" if hit.match_count else ""
        similar = f" — {similar_text(hit.similar)}" if hit.similar else ""
        lines.append(f"[{n}] {hit.title} ({hit.source_id}, {hit.date or 'undated'}, {hit.lang}, {hit.kind})"
                     f"{matches}{similar}")  # fmt: skip
        lines += [f"    …{' '.join(s.highlighted(before, after).split())}… (characters {s.start}–{s.end})"
                  for s in hit.snippets]  # fmt: skip
    if result.page < result.pages:
        lines.append(f"more: --page {result.page + 1}")
    return "\n".join(lines)


def similar_text(similar: Iterable[str]) -> str:
    """A document's near-duplicates as listed: ``1 similar: nsb-2-en``.

    >>> similar_text(["b.txt", "c.txt"])
    '2 similar: b.txt, c.txt'
    """
    ids = list(similar)
    return f"{len(ids)} similar: {', '.join(ids)}"


@dataclass(frozen=True)
class FindRequest:
    """What ``pressroom find`` was asked, checked before the index is opened."""

    query: str
    count: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    export: Path | None = None
    as_json: bool = False

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}: use {' or '.join(SORTS)}")
        if self.export is not None:
            export_format(self.export)


def run_find(store: PassageStore, request: FindRequest, bold: bool = False) -> str:
    """What ``pressroom find`` prints: the count, the page as JSON or text, or where the export went."""
    progress = build_progress()
    if request.export is not None:
        written = write_export(store.find_all(request.query, sort=request.sort, progress=progress),  # type: ignore[arg-type]
                               request.export)  # fmt: skip
        return f"wrote {written} documents to {request.export}"
    result = store.find(request.query, sort=request.sort, page=request.page, per_page=request.per_page,  # type: ignore[arg-type]
                        progress=progress)  # fmt: skip
    if request.count:
        return json.dumps({"total": result.total}) if request.as_json else str(result.total)
    if request.as_json:
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
    return result_text(result, bold)


def build_progress() -> Callable[[int, int], None]:
    """A bar on stderr while the full-text table is first built from the stored documents."""
    from tqdm import tqdm

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(desc="full-text table", unit="doc", total=total, file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return progress


def unmatched_filter(store: PassageStore, lang: str | None, kind: str | None, source: str | None) -> str | None:
    """Why a filtered search found nothing, where a filter names what no document has: one line
    listing what there is, as a wrong date or language code is named (``index.filters``)."""
    documents = store.list_documents()
    for name, value, values in (
        ("language", lang, {d.lang for d in documents}),
        ("kind", kind, {d.kind for d in documents}),
        ("source", source, {d.source_id for d in documents}),
    ):
        if value is not None and value.strip().lower() not in {v.lower() for v in values if v}:
            shown = sorted(v for v in values if v)
            listed = ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "")
            there = f"the index has: {listed}" if shown else "the index is empty"
            return f"no document has {name} {value!r}; {there}"
    return None
