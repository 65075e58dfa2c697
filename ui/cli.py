"""ui's commands of ``pressroom``: thin entry points that parse, call one function and print.

``pressroom.cli`` joins them with eval's commands into the ``pressroom`` program.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from assistant.console import check_out, detector_aside, fail, ingest_with_progress, session, settings
from ui.entities_cli import app as entity_commands
from ui.follow_cli import alert_app, digest, follow_app

app = typer.Typer()
app.add_typer(follow_app, name="follow")  # followed sources and alerts (issue 19): ui/follow_cli.py
app.add_typer(alert_app, name="alert")
app.command()(digest)

DateFrom = Annotated[str | None, typer.Option("--from", help="Only documents dated on or after (YYYY[-MM[-DD]]).")]
DateTo = Annotated[str | None, typer.Option("--to", help="Only documents dated on or before (YYYY[-MM[-DD]]).")]
Lang = Annotated[str | None, typer.Option("--lang", help="Only documents in this language (ISO 639-1, e.g. en, nl).")]
Kind = Annotated[str | None, typer.Option("--kind", help="Only this kind: press_release, press_kit, meeting_page...")]
Source = Annotated[str | None, typer.Option("--source", help="Only the document with this source id.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
Mode = Annotated[
    str | None,
    typer.Option("--mode", help="extractive (verbatim quotes) or generative (a language model, every sentence "
                 "checked); default PRESSROOM_MODE or extractive."),
]


def _filters(date_from: str | None, date_to: str | None, lang: str | None, kind: str | None, source: str | None):
    from index.filters import SearchFilters

    try:
        return SearchFilters(date_from=date_from, date_to=date_to, lang=lang, kind=kind, source=source)
    except ValueError as exc:
        fail(str(exc))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: txt, md, html, pdf, docx, jsonl, jsonl.gz.")],
    as_json: AsJson = False,
) -> None:
    """Ingest files, folders and feeds; unchanged documents are skipped, changed ones replaced."""
    with session() as room:
        counts, failures = ingest_with_progress(room, paths, quiet=as_json)
        total = room.store.count_passages()
    if as_json:
        print(
            json.dumps(
                {
                    **counts,
                    "passages_in_index": total,
                    "errors": [{"path": f.source_id, "reason": f.reason} for f in failures],
                }
            )
        )
    else:
        print(", ".join(f"{v} {k}" for k, v in counts.items()) + f"; {total} passages in the index")
    if failures:
        raise typer.Exit(1)


@app.command()
def docs(as_json: AsJson = False) -> None:
    """List the documents in the index."""
    with session() as room:
        records = room.store.list_documents()
    if as_json:
        print(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=1))
        return
    for r in records:
        print(f"{r.source_id}\t{r.date or '-'}\t{r.lang}\t{r.kind}\t{r.passages} passages\t{r.title}")
    other = None if records else room.store.settings.unread_index  # an index made under the other backend
    hint = {"edge/": "PRESSROOM_BACKEND=qdrant does not read; unset it",
            "qdrant/": "the edge backend does not read; set PRESSROOM_BACKEND=qdrant"}.get(other or "")  # fmt: skip
    print(f"{len(records)} documents" + (f" (this home's index is in {other}, which {hint})" if hint else ""),
          file=sys.stderr)  # fmt: skip


@app.command()
def delete(source_id: Annotated[str, typer.Argument(help="The source id shown by `pressroom docs`.")]) -> None:
    """Delete a document and all its passages."""
    with session() as room:
        removed = room.store.delete(source_id)
    print(f"deleted {source_id} ({removed} passages)")


@app.command()
def search(
    query: str,
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many passages.")] = 10,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    lang: Lang = None,
    kind: Kind = None,
    source: Source = None,
    as_json: AsJson = False,
) -> None:
    """Find the passages that best match a query (hybrid dense and lexical search)."""
    detector_aside()  # before the imports below, which take seconds
    from ingest.metadata import question_language
    from ui.find_output import unmatched_filter
    from ui.render import search_line, search_row

    filters = _filters(date_from, date_to, lang, kind, source)
    with session() as room:
        ranked = room.assistant.passages(question_language(query), filters, top_k=limit).search(query)
        store = room.store
        rows = [search_row(i, r, store.versions(r.hit.passage.source_id), store.similar(r.hit.passage.source_id))
                for i, r in enumerate(ranked, 1)]
        if not rows and (why := unmatched_filter(store, lang, kind, source)):
            fail(why)  # not a silent empty result
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        print(search_line(row))
        print("    " + row["text"].replace("\n", "\n    ")[:600])


@app.command()
def find(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND/OR/NOT, -word, (…), word*, "a b"~5, '
                                         "title:, lang:, kind:, source:, date:2024-01..2024-03.")],
    count: Annotated[bool, typer.Option("--count", help="Print only how many documents match.")] = False,
    sort: Annotated[str, typer.Option(help="relevance or date (newest first).")] = "relevance",
    page: Annotated[int, typer.Option(min=1, help="Which page of results.")] = 1,
    per_page: Annotated[int, typer.Option(min=1, max=1000, help="Documents per page.")] = 20,
    export: Annotated[Path | None, typer.Option(help="Write every match to FILE.csv or FILE.jsonl.")] = None,
    as_json: AsJson = False,
) -> None:
    """Every document matching a query, exactly counted, with facets and highlighted snippets."""
    from ui.find_output import FindRequest, run_find

    try:
        request = FindRequest(query, count, sort, page, per_page, export, as_json)
    except ValueError as exc:
        fail(str(exc))
    with session() as room:
        print(run_find(room.store, request, bold=sys.stdout.isatty()))


def _print_answer(answer) -> None:  # noqa: ANN001 - an Answer
    from ui.render import answer_text

    text = answer_text(answer)
    if text:
        print(text)


@app.command()
def ask(
    question: str,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    lang: Lang = None,
    kind: Kind = None,
    source: Source = None,
    as_json: AsJson = False,
    mode: Mode = None,
) -> None:
    """Answer a question with cited sentences (quoted, or generated and checked), or say the documents don't."""
    detector_aside()
    filters = _filters(date_from, date_to, lang, kind, source)
    with session(settings({"mode": mode} if mode else None)) as room:
        if as_json:
            print(json.dumps(room.assistant.ask(question, filters).to_dict(), ensure_ascii=False, indent=1))
            return
        _print_answer(_streamed(room.assistant.ask_stream(question, filters), question))


def _streamed(items: Iterator, question: str) -> object:
    """Print a generative answer's checked sentences as they come (stderr says when the model
    starts writing, in the question's language); return the final answer."""
    written = ""
    for item in items:
        if item == "":  # the passages are read
            from assistant.messages import message
            from ingest.metadata import question_language

            print(f"({message('writing', question_language(question))})", file=sys.stderr, flush=True)
        elif isinstance(item, str):
            written += item
            print(item, end="", flush=True)
        else:
            if written:
                print("\n")
                return _without_text(item) if item.answer == written else item
            return item
    raise AssertionError("the assistant ended without an answer")


def _without_text(answer):  # noqa: ANN001, ANN202 - an Answer whose text is already on screen
    from dataclasses import replace

    return replace(answer, answer="")


@app.command()
def timeline(
    topic: Annotated[str | None, typer.Option(help="Only events whose sentence has two thirds of these words.")]
    = None,
    since: Annotated[str | None, typer.Option(help="Only events on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Only events on or before (YYYY[-MM[-DD]]).")] = None,
    as_json: AsJson = False,
) -> None:
    """Dated events found in the documents, in date order, each with its sentence and source."""
    from index.one_version import shown

    with session() as room:
        found, others = shown(room.store.timeline(topic, since, until), room.store, topic)
    if as_json:
        print(json.dumps([ev.to_dict() for ev in found], ensure_ascii=False, indent=1))
        return
    if not found:
        print("No dated events found" + (" for that topic or period." if topic or since or until else "."))
    for ev in found:
        also = f"; also in {', '.join(others[ev.source_id])}" if others.get(ev.source_id) else ""
        print(f"{ev.when:<24} {' '.join(ev.text.split())}\n{'':<24} — {ev.title} ({ev.source_id}{also})")


@app.command()
def brief(
    topic: str,
    since: Annotated[str | None, typer.Option(help="Only documents and events on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Only documents and events on or before (YYYY[-MM[-DD]]).")]
    = None,
    lang: Lang = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or docx.")] = "md",
    out: Annotated[Path | None, typer.Option(help="Write here (else to standard output; docx only when it is not "
                                               "a terminal).")] = None,
    max_points: Annotated[int | None, typer.Option("--max-points", min=1, help="At most this many key points "
                                                   "(default: as many as the releases' specifics call for).")]
    = None,
) -> None:
    """A briefing on a topic: key points, timeline, quotes by speaker, gaps, Q&A, sources; every line cited."""
    from assistant.briefing import build_briefing
    from ui.brief_output import write_briefing

    if fmt not in ("md", "html", "docx"):
        fail(f"unknown format {fmt!r}: use md, html or docx")
    if fmt == "docx" and out is None and sys.stdout.isatty():
        fail("--format docx writes a Word file: give --out FILE.docx, or redirect the output to a file")
    check_out(out)
    with session() as room:
        briefing = build_briefing(room.assistant, topic, since=since, until=until, lang=lang, key_points=max_points)
    write_briefing(briefing, fmt, out)


QUOTE_MARKS = "“”\"„«» ,"


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only this speaker (part of the name, any case).")] = None,
    topic: Annotated[str | None, typer.Option(help="Only statements with two thirds of these words.")] = None,
    as_json: AsJson = False,
) -> None:
    """Quotations and statements found in the documents, with speaker, role, date and source."""
    from index.one_version import shown

    with session() as room:
        found, others = shown(room.store.statements(speaker, topic), room.store, topic)
    if as_json:
        print(json.dumps([st.to_dict() for st in found], ensure_ascii=False, indent=1))
        return
    if not found:
        print("No statements found" + (" for that speaker or topic." if speaker or topic else "."))
    for st in found:
        who = ", ".join(x for x in (st.speaker, st.role, st.country) if x)
        label = "said" if st.kind == "quote" else "(reported)"
        words = " ".join(st.text.split()).strip(QUOTE_MARKS)
        print(f"{st.date or 'undated'} — {who} {label}:\n    “{words}”\n"
              f"    {st.title} ({st.source_id}, characters {st.start}–{st.end}"
              f"{'; also in ' + ', '.join(others[st.source_id]) if others.get(st.source_id) else ''})")


@app.command()
def chat(mode: Mode = None) -> None:
    """Answer questions typed at a prompt until end of input or an empty line."""
    with session(settings({"mode": mode} if mode else None)) as room:
        print(f"Pressroom: {len(room.store.list_documents())} documents. Ask a question (empty line to quit).")
        while True:
            try:
                question = input("\n? ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return
            if not question:
                return
            try:
                _print_answer(_streamed(room.assistant.ask_stream(question), question))
            except ValueError as exc:  # a bad question: say why, and ask for the next
                print(f"pressroom: {exc}", file=sys.stderr)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address; any but localhost needs PRESSROOM_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7860,
    ingest_first: Annotated[
        list[Path] | None, typer.Option("--ingest", help="Ingest these first (repeatable; unchanged are skipped).")
    ] = None,
) -> None:
    """Serve the web app, the HTTP API, the OpenAI-compatible endpoint and MCP (streamable HTTP at /mcp)."""
    from ui.serving import serve_forever

    serve_forever(ctx.find_root().command, settings(), host, port, ingest_first or [])


@app.command("mcp")
def mcp_stdio() -> None:
    """Serve Pressroom to an MCP client over standard input and output: ask, search, documents, briefings."""
    from ui.mcp_server import serve_stdio

    serve_stdio(settings())


@app.command()
def feedback() -> None:
    """Print all thumbs up/down and comments from the web app as JSON Lines."""
    from ui.feedback import FeedbackStore
    from ui.settings import ServerSettings

    path = ServerSettings(home=settings().index.home).feedback_db
    if not path.exists():
        fail(f"no feedback yet ({path} does not exist)")
    store = FeedbackStore(path)
    sys.stdout.write(store.export_jsonl())
    store.close()


app.add_typer(entity_commands)  # entities, entity, screen (ui/entities_cli.py)
