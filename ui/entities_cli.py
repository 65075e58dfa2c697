"""``pressroom entities``, ``pressroom entity`` and ``pressroom screen``: people, organisations and
places named in the documents, an entity's page, merges and splits by hand, and name screening."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.console import fail, session

if TYPE_CHECKING:
    from index.entities import EntityPage, EntitySummary
    from index.screening import ScreenResult

app = typer.Typer()
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
SCREEN_FIELDS = ("name", "documents", "new_documents", "source_id", "title", "date", "lang", "match", "matched",
                 "score", "new", "snippet", "start", "end")  # fmt: skip


@app.command()
def entities(
    kind: Annotated[str | None, typer.Option(help="person, org or place.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, those in most documents first.")] = 50,
    as_json: AsJson = False,
) -> None:
    """People, organisations and places named in the documents, those in most documents first."""
    from ui.find_output import build_progress

    with session() as room:
        found = room.store.entities(build_progress()).listing(kind, limit)
    if as_json:
        print(json.dumps([e.to_dict() for e in found], ensure_ascii=False, indent=1))
        return
    print(listing_text(found))


@app.command()
def entity(
    words: Annotated[list[str], typer.Argument(help="NAME (any of its names) for its page; or merge A B (B joins "
                                               "A), or split NAME (that name, as written, stands alone).")],
    as_json: AsJson = False,
) -> None:
    """An entity's page: its names, roles and titles, documents by date, statements and company.
    `entity merge A B` and `entity split NAME` correct the merging by hand (kept across re-ingest)."""
    action = words[0] if words[0] in ("merge", "split") and len(words) > 1 else None
    if action == "merge" and len(words) != 3:
        fail("merge takes two names: pressroom entity merge A B (B joins A)")
    if action == "split" and len(words) != 2:
        fail("split takes one name: pressroom entity split NAME")
    from ui.find_output import build_progress

    with session() as room:
        table = room.store.entities(build_progress())
        if action == "merge":
            a, b = table.merge(words[1], words[2])
            print(f"merged {b!r} into {a!r} ({table.overrides_path})")
            return
        if action == "split":
            owner = table.split(words[1])
            print(f"split {words[1]!r} from {owner!r} ({table.overrides_path})")
            return
        page = table.page(" ".join(words), lambda sid: room.store.document(sid).statements)
    print(json.dumps(page.to_dict(), ensure_ascii=False, indent=1) if as_json else page_text(page))


@app.command()
def screen(
    names: Annotated[Path, typer.Argument(help="A .csv (its name column, else its first) or a text file, one "
                                          "name a line.")],
    limit: Annotated[int, typer.Option(min=1, help="Documents shown per name (all are counted).")] = 20,
    out: Annotated[Path | None, typer.Option("--out", "--export", help="Write every hit to FILE.csv or "
                                             "FILE.jsonl.")] = None,
    as_json: AsJson = False,
) -> None:
    """Screen a list of names against every document: per name the documents that mention it
    (exactly, spelled otherwise, under another of its names, or nearly), with the words matched,
    a snippet and a score; what is new since the list was last screened is marked."""
    from index.screening import read_names

    if out is not None and out.suffix.lower() not in (".csv", ".jsonl"):
        fail(f"cannot export to {str(out)!r}: name a .csv or .jsonl file")
    try:
        listed = read_names(names.read_text(encoding="utf-8"), csv_file=names.suffix.lower() == ".csv")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {str(names)!r}: {getattr(exc, 'strerror', None) or exc}")
    except (ValueError, csv.Error) as exc:
        fail(f"{names}: {exc}")
    if not listed:
        fail(f"{names}: no names in it")
    from ui.find_output import build_progress

    with session() as room:
        room.store.entities(build_progress())  # a bar while an older index's names are first read
        results = room.store.screen(listed, limit=limit)
    if out is not None:
        write_screen(results, out)
        print(f"wrote {sum(len(r.hits) for r in results)} hits for {len(results)} names to {out}")
    elif as_json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1))
    else:
        print(screen_text(results))


def listing_text(found: list[EntitySummary]) -> str:
    """Entities for the terminal: documents, mentions, kind, name and its other names."""
    if not found:
        return "No people, organisations or places found."
    lines = []
    for e in found:
        also = f"  (also {', '.join(e.variants[:4])})" if e.variants else ""
        lines.append(f"{e.documents:>5} docs {e.mentions:>6} mentions  {e.kind:<6}  {e.name}{also}")
    return "\n".join(lines)


def page_text(page: EntityPage) -> str:
    """An entity page for the terminal."""
    lines = [f"{page.name} ({page.kind}) — {len(page.documents)} documents"]
    lines.append("names: " + ", ".join(f"{k} {v}" for k, v in page.variants.items()))
    if page.roles:
        lines.append("roles and titles: " + ", ".join(f"{k} {v}" for k, v in list(page.roles.items())[:8]))
    if page.cooccurring:
        lines.append("with: " + ", ".join(f"{n} ({k}, {c})" for n, k, c in page.cooccurring[:10]))
    lines.append("documents:")
    lines += [f"  {d.date or 'undated':<10} {d.title} ({d.source_id}; characters "
              f"{', '.join(f'{a}–{b}' for a, b, _ in d.mentions[:3])}{'…' if len(d.mentions) > 3 else ''})"
              for d in page.documents]  # fmt: skip
    if page.statements:
        lines.append("statements:")
        for d, st in page.statements:
            lines.append(f"  {d.date or 'undated'} “{' '.join(st.text.split()).strip(chr(34) + '“”«» ')}” "
                         f"({d.source_id}, characters {st.start}–{st.end})")  # fmt: skip
    return "\n".join(lines)


def screen_text(results: list[ScreenResult]) -> str:
    """Screening results for the terminal: per name the count, what is new, and the best hits."""
    lines = []
    for r in results:
        new = f", {r.new} new" if r.new else ""
        lines.append(f"{r.name}: {r.documents} document{'s' if r.documents != 1 else ''}{new}")
        for h in r.hits:
            snippet = " ".join(h.snippet.highlighted().split()) if h.snippet else ""
            mark = " NEW" if h.new else ""
            lines.append(f"  {h.score:.2f} {h.match:<7} {h.matched!r} {h.source_id} {h.date or 'undated'}{mark}"
                         f"\n      …{snippet}…")  # fmt: skip
    return "\n".join(lines)


def screen_rows(results: list[ScreenResult]) -> list[dict]:
    """One row per name and document (a name without matches: one row without a document)."""
    rows = []
    for r in results:
        base = {"name": r.name, "documents": r.documents, "new_documents": r.new}
        if not r.hits:
            rows.append(base)
        for h in r.hits:
            s = h.snippet
            rows.append({**base, "source_id": h.source_id, "title": h.title, "date": h.date, "lang": h.lang,
                         "match": h.match, "matched": h.matched, "score": h.score, "new": h.new,
                         "snippet": " ".join(s.highlighted().split()) if s else "",
                         "start": s.matches[0][0] if s else "", "end": s.matches[0][1] if s else ""})  # fmt: skip
    return rows


def screen_export(results: list[ScreenResult], fmt: str) -> str:
    """The results as CSV (a row per name and document) or JSON Lines (a line per name)."""
    if fmt == "jsonl":
        return "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in results)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SCREEN_FIELDS)
    writer.writeheader()
    writer.writerows(screen_rows(results))
    return buffer.getvalue()


def write_screen(results: list[ScreenResult], out: Path) -> None:
    """Write the results to ``out`` (.csv or .jsonl), or stop with a one-line error."""
    try:
        out.write_text(screen_export(results, out.suffix.lower()[1:]), encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {str(out)!r}: {exc.strerror or exc}")
