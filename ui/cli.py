"""The ``pressroom`` command: thin entry points that parse, call one function and print."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ui.settings import ENVIRONMENT, PressroomSettings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Pressroom: search and question answering over press releases, with verbatim citations.\n\n"
    + "Environment: "
    + "; ".join(f"{k}: {v}" for k, v in ENVIRONMENT.items()),
)

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


def one_line(text: str) -> str:
    r"""Text for a one-line message: control characters (a newline in a file name) escaped.

    >>> one_line("bad\nname.txt")
    'bad\\nname.txt'
    """
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode() for ch in text)


def fail(message: str) -> NoReturn:
    """Stop with a one-line error message and exit status 2 (no traceback)."""
    print(f"pressroom: error: {message}", file=sys.stderr)
    raise typer.Exit(2)


@contextmanager
def _session(overrides: dict[str, str] | None = None) -> Iterator[tuple]:
    """Open the store, the model and the assistant; turn domain errors into messages."""
    from assistant.assistant import Assistant
    from assistant.errors import AssistantFailure
    from index.embedding import make_embedder
    from index.errors import IndexFailure
    from index.store import PassageStore
    from ingest.errors import IngestFailure

    try:
        settings = PressroomSettings.from_env(assistant=overrides)
    except ValueError as exc:
        fail(f"invalid setting: {exc}")
    try:
        embedder = make_embedder(settings.index)
        store = PassageStore(settings.index, embedder)
    except (IndexFailure, IngestFailure, ValueError) as exc:
        fail(str(exc))
    try:
        yield store, Assistant(store, embedder, settings.assistant)
    except (IndexFailure, IngestFailure, AssistantFailure, ValueError) as exc:
        fail(str(exc))
    finally:
        store.close()


def _filters(date_from: str | None, date_to: str | None, lang: str | None, kind: str | None, source: str | None):
    from index.filters import SearchFilters

    try:
        return SearchFilters(date_from=date_from, date_to=date_to, lang=lang, kind=kind, source=source)
    except ValueError as exc:
        fail(str(exc))


def _ingest_with_progress(store, paths: list[Path], quiet: bool = False) -> tuple[dict[str, int], list]:
    """Ingest with a progress bar on stderr and an ``error: FILE: reason`` line per failure."""
    from tqdm import tqdm

    from index.ingesting import ingest_paths

    counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    failures = []
    with tqdm(desc="ingest", unit="doc", file=sys.stderr, disable=quiet) as bar:
        for event in ingest_paths(store, paths):
            counts[event.status] += 1
            bar.update(1)
            bar.set_postfix(counts, refresh=False)
            if event.status == "failed":
                failures.append(event)
                bar.write(f"error: {one_line(event.source_id)}: {one_line(event.reason)}", file=sys.stderr)
    return counts, failures


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: txt, md, html, pdf, docx, jsonl, jsonl.gz.")],
    as_json: AsJson = False,
) -> None:
    """Ingest files, folders and feeds; unchanged documents are skipped, changed ones replaced."""


    with _session() as (store, _):
        counts, failures = _ingest_with_progress(store, paths, quiet=as_json)
        total = store.count_passages()
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
    with _session() as (store, _):
        records = store.list_documents()
    if as_json:
        print(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=1))
        return
    for r in records:
        print(f"{r.source_id}\t{r.date or '-'}\t{r.lang}\t{r.kind}\t{r.passages} passages\t{r.title}")
    print(f"{len(records)} documents", file=sys.stderr)


@app.command()
def delete(source_id: Annotated[str, typer.Argument(help="The source id shown by `pressroom docs`.")]) -> None:
    """Delete a document and all its passages."""
    with _session() as (store, _):
        removed = store.delete(source_id)
    print(f"deleted {source_id} ({removed} passages)")


@app.command()
def search(
    query: str,
    limit: Annotated[int, typer.Option(help="How many passages.")] = 10,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    lang: Lang = None,
    kind: Kind = None,
    source: Source = None,
    as_json: AsJson = False,
) -> None:
    """Find the passages that best match a query (hybrid dense and lexical search)."""
    from ingest.metadata import detect_language

    filters = _filters(date_from, date_to, lang, kind, source)
    with _session() as (_, assistant):
        nodes = assistant.retriever(detect_language(query), filters, top_k=limit).retrieve(query)
    rows = [
        {
            "rank": i,
            "score": round(n.score or 0.0, 4),
            "passage_id": n.node.node_id,
            "text": n.node.get_content(),
            **{k: v for k, v in n.node.metadata.items() if k != "sentences"},
        }
        for i, n in enumerate(nodes, 1)
    ]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        print(
            f"[{row['rank']}] {row['title']} ({row['source_id']}, {row.get('date') or 'undated'}) score {row['score']}"
        )
        print("    " + row["text"].replace("\n", "\n    ")[:600])


def _print_answer(answer) -> None:
    from assistant.dating import dates_line
    from assistant.messages import also_in, message

    lang = answer.lang
    if answer.notice:
        print(f"Note: {answer.notice}\n")
    if answer.answer:
        print(answer.answer)
    if answer.dates:
        print(dates_line(answer.dates, lang))
    shown = answer.see_also if answer.abstained else answer.citations
    if shown:
        print(f"\n{message('see_also' if answer.abstained else 'sources', lang)}:")
    for c in shown:
        print(
            f"[{c.n}] {c.title} — {c.source_id}, {c.date or message('undated', lang)}, {c.lang}, {c.kind}"
            f"{', ' + c.url if c.url else ''}\n    “{c.quote}” ({message('characters', lang)} {c.start}–{c.end})"
        )
        if c.versions:
            print(f"    {also_in(c.versions, lang)}")


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
    filters = _filters(date_from, date_to, lang, kind, source)
    with _session({"mode": mode} if mode else None) as (_, assistant):
        if as_json:
            print(json.dumps(assistant.ask(question, filters).to_dict(), ensure_ascii=False, indent=1))
            return
        _print_answer(_streamed(assistant.ask_stream(question, filters)))


def _streamed(items: Iterator) -> object:
    """Print a generative answer's checked sentences as they come; return the final answer."""
    written = ""
    for item in items:
        if isinstance(item, str):
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
    with _session() as (store, _):
        found = store.timeline(topic, since, until)
    if as_json:
        print(json.dumps([ev.to_dict() for ev in found], ensure_ascii=False, indent=1))
        return
    if not found:
        print("No dated events found" + (" for that topic or period." if topic or since or until else "."))
    for ev in found:
        print(f"{ev.when:<24} {' '.join(ev.text.split())}\n{'':<24} — {ev.title} ({ev.source_id})")


@app.command()
def brief(
    topic: str,
    since: Annotated[str | None, typer.Option(help="Only documents and events on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Only documents and events on or before (YYYY[-MM[-DD]]).")]
    = None,
    lang: Lang = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or docx.")] = "md",
    out: Annotated[Path | None, typer.Option(help="Write here (docx needs it; md and html print otherwise).")]
    = None,
) -> None:
    """A briefing on a topic: key points, timeline, quotes by speaker, gaps, sources; every line cited."""
    from assistant.briefing import build_briefing, to_html, to_markdown, write_docx

    if fmt not in ("md", "html", "docx"):
        fail(f"unknown format {fmt!r}: use md, html or docx")
    if fmt == "docx" and out is None:
        fail("--format docx needs --out FILE.docx")
    with _session() as (_, assistant):
        briefing = build_briefing(assistant, topic, since=since, until=until, lang=lang)
    if fmt == "docx":
        write_docx(briefing, out)  # type: ignore[arg-type]
        print(f"wrote {out}")
        return
    text = to_markdown(briefing) if fmt == "md" else to_html(briefing)
    if out:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}")
    else:
        print(text, end="")


QUOTE_MARKS = "“”\"„«» ,"


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only this speaker (part of the name, any case).")] = None,
    topic: Annotated[str | None, typer.Option(help="Only statements with two thirds of these words.")] = None,
    as_json: AsJson = False,
) -> None:
    """Quotations and statements found in the documents, with speaker, role, date and source."""
    with _session() as (store, _):
        found = store.statements(speaker, topic)
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
              f"    {st.title} ({st.source_id}, characters {st.start}–{st.end})")


@app.command()
def chat(mode: Mode = None) -> None:
    """Answer questions typed at a prompt until end of input or an empty line."""
    with _session({"mode": mode} if mode else None) as (store, assistant):
        print(f"Pressroom: {len(store.list_documents())} documents. Ask a question (empty line to quit).")
        while True:
            try:
                question = input("\n? ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return
            if not question:
                return
            _print_answer(_streamed(assistant.ask_stream(question)))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address; any but localhost needs PRESSROOM_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 7860,
    ingest_first: Annotated[
        list[Path] | None, typer.Option("--ingest", help="Ingest these first (repeatable; unchanged are skipped).")
    ] = None,
) -> None:
    """Serve the web app, the HTTP API and the OpenAI-compatible endpoint."""
    import uvicorn

    from index.errors import IndexFailure
    from ingest.errors import IngestFailure
    from ui.server import create_app, open_services, port_free
    from ui.settings import ServerSettings

    try:
        settings = PressroomSettings.from_env()
        server = ServerSettings.from_env(settings.index.home, host, port)
    except ValueError as exc:
        fail(_first_error(exc))
    if not port_free(host, port):
        fail(f"cannot listen on {host}:{port}: the port is in use (pick another with --port)")
    try:
        services = open_services(settings, server)
    except (IndexFailure, IngestFailure, ValueError) as exc:
        fail(str(exc))
    try:
        if ingest_first:
            _, failures = _ingest_with_progress(services.store, ingest_first)
            print(f"ingested {', '.join(map(str, ingest_first))}: {len(services.documents())} documents"
                  + (f", {len(failures)} failed" if failures else ""))
        web = create_app(services)
        shown = f"[{host}]" if ":" in host else host
        print(f"Pressroom is serving http://{shown}:{port}/  (API docs: /docs; Ctrl+C stops)", flush=True)
        uvicorn.run(web, host=host, port=port, log_level="warning")
    finally:
        services.store.close()
        services.feedback.close()


@app.command()
def feedback() -> None:
    """Print all thumbs up/down and comments from the web app as JSON Lines."""
    from index.settings import default_home
    from ui.feedback import FeedbackStore
    from ui.settings import ServerSettings

    path = ServerSettings(home=default_home()).feedback_db
    if not path.exists():
        fail(f"no feedback yet ({path} does not exist)")
    store = FeedbackStore(path)
    sys.stdout.write(store.export_jsonl())
    store.close()


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return "; ".join(str(e.get("msg", "")).removeprefix("Value error, ") for e in errors())
    return str(exc)


@app.command()
def bench(
    corpus: Annotated[list[Path], typer.Option("--corpus", help="Files, folders or feeds to ingest (repeatable).")],
    sizes: Annotated[str, typer.Option(help="Checkpoint sizes in documents, comma-separated; 'all' for the rest.")]
    = "1000,3000,10000,all",
    gold: Annotated[Path | None, typer.Option(help="Gold set to run on the full index; its questions time ask.")]
    = None,
    queries: Annotated[int, typer.Option(help="Questions timed at each size.")] = 30,
    yardstick: Annotated[bool, typer.Option(help="Also build and time the plain llama-index pipeline.")] = True,
    out: Annotated[Path, typer.Option(help="Folder for bench.json, bench.md and the plots.")] = Path("runs/bench"),
    load_seconds: Annotated[float, typer.Option(help="How long 20 API clients load the server (0: no load).")]
    = 60.0,
    load_clients: Annotated[int, typer.Option(help="Concurrent API clients in the load run.")] = 20,
) -> None:
    """Benchmark ingest, search and ask at growing corpus sizes, beside a plain llama-index pipeline."""
    import tempfile

    from tqdm import tqdm

    from eval.bench import run_and_report

    try:
        steps = [int(x) if x.strip() != "all" else 10**9 for x in sizes.split(",") if x.strip()]
    except ValueError:
        fail(f"--sizes {sizes!r}: use numbers and 'all', e.g. 1000,3000,all")
    with tempfile.TemporaryDirectory(prefix="pressroom-bench-") as scratch, tqdm(
        desc="bench", unit="doc", file=sys.stderr
    ) as bar:
        def progress(stage: str, n: int) -> None:
            bar.update(n)
            if n == 0:
                bar.write(stage, file=sys.stderr)

        try:
            report = run_and_report(
                Path(scratch), corpus, sorted(steps), gold, queries, yardstick, out, progress,
                load_seconds=load_seconds, load_clients=load_clients,
            )
        except ValueError as exc:
            fail(str(exc))
    print(report)


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option(help="Gold question set (JSON Lines).")],
    ingest_paths_: Annotated[
        list[Path] | None,
        typer.Option("--ingest", help="Ingest these into a fresh data folder first (repeatable); "
                     "without it the configured index is used."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for answers, metrics, charts and reports.")] = Path("runs/latest"),
    baseline: Annotated[Path | None, typer.Option(help="An earlier run's folder to compare with.")] = None,
    tolerance: Annotated[float, typer.Option(help="How far a metric may fall below the baseline.")] = 0.02,
    overrides: Annotated[
        list[str] | None, typer.Option("--set", help="Assistant setting for this run, e.g. top_k=1 (repeatable).")
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option("--mode", help="generative also runs extractive on the same index and reports both side by "
                     "side (the extractive run goes to OUT/extractive)."),
    ] = None,
) -> None:
    """Score the assistant against a gold question set; exit 1 when it regressed from --baseline."""
    from tqdm import tqdm

    from assistant.assistant import Assistant
    from eval.pipeline import BaselineError, run_eval
    from eval.report import summary_lines

    chosen = _parse_overrides(overrides or []) | ({"mode": mode} if mode else {})
    with _gold_session(gold, ingest_paths_, chosen) as (items, store, assistant):
        facts = {"gold": str(gold), "corpus": [str(p) for p in ingest_paths_ or []],
                 "documents": len(store.list_documents()), "passages": store.count_passages(),
                 "embedding_model": store.settings.embedding_model,
                 "assistant": assistant.settings.model_dump()}
        try:
            if assistant.settings.mode == "generative":
                quoting = assistant.settings.model_copy(update={"mode": "extractive"})
                plain = Assistant(store, assistant.embedder, quoting)
                with tqdm(total=len(items), desc="eval extractive", unit="q", file=sys.stderr) as bar:
                    extractive, _ = run_eval(plain, items, out / "extractive", facts,
                                             progress=lambda _: bar.update(1))
                facts["side_by_side"] = {"extractive": extractive["overall"]}
            with tqdm(total=len(items), desc=f"eval {assistant.settings.mode}", unit="q", file=sys.stderr) as bar:
                summary, comparison = run_eval(assistant, items, out, facts, baseline=baseline,
                                               tolerance=tolerance, progress=lambda _: bar.update(1))
        except BaselineError as exc:
            fail(str(exc))
    print(" ".join(f"{k}={round(v, 4) if isinstance(v, float) else v}" for k, v in summary["overall"].items()))
    for line in summary_lines(summary):
        print(line)
    print(f"wrote {out}/report.html, report.md, metrics.json, answers.jsonl")
    if comparison:
        print(f"against {baseline}: fixed {len(comparison.fixed)}, broken {len(comparison.broken)}")
        for line in comparison.regressions:
            print(f"regression: {line}", file=sys.stderr)
        if comparison.regressions:
            raise typer.Exit(1)


@app.command()
def calibrate(
    gold: Annotated[Path, typer.Option(help="Gold question set (JSON Lines) with reference answers and evidence.")],
    ingest_paths_: Annotated[
        list[Path] | None, typer.Option("--ingest", help="Ingest these into a fresh data folder first (repeatable).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the sweep as JSON here.")] = None,
) -> None:
    """Calibrate the generative check's support threshold (min_support) on a gold set."""
    from tqdm import tqdm

    from eval.calibrate import best, pairs, sweep

    with _gold_session(gold, ingest_paths_) as (items, _, assistant), tqdm(
        total=len(items), desc="calibrate", unit="q", file=sys.stderr
    ) as bar:
        found = pairs(assistant, items, progress=lambda: bar.update(1))
    rows = sweep(found)
    chosen = best(rows)
    print(f"{len(found)} (reference sentence, passage) pairs, {sum(p.holds_evidence for p in found)} holding evidence")
    print("threshold precision recall f1")
    for row in rows:
        mark = "  <- best F1" if row is chosen else ""
        print(f"{row['threshold']:.3f}     {row['precision']:.3f}     {row['recall']:.3f}  {row['f1']:.3f}{mark}")
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"gold": str(gold), "pairs": len(found), "sweep": rows, "best": chosen}, indent=1))


@contextmanager
def _gold_session(gold: Path, ingest: list[Path] | None, overrides: dict[str, str] | None = None) -> Iterator[tuple]:
    """A gold set's items with a store and an assistant: over ``ingest`` in a fresh data folder
    when given (the configured index otherwise)."""

    from eval.gold import GoldFormatError, load_gold

    try:
        items = load_gold(gold)
    except (OSError, GoldFormatError) as exc:
        fail(f"cannot read gold set {gold}: {exc}")
    with _scratch_session(ingest, overrides) as (store, assistant):
        yield items, store, assistant


@contextmanager
def _scratch_session(ingest: list[Path] | None, overrides: dict[str, str] | None = None) -> Iterator[tuple]:
    """A store and an assistant over ``ingest`` in a fresh data folder, or the configured index."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pressroom-scratch-") as scratch:
        if ingest:
            os.environ["PRESSROOM_HOME"] = scratch
            os.environ.pop("PRESSROOM_QDRANT_URL", None)
        with _session(overrides) as (store, assistant):
            if ingest:
                _ingest_with_progress(store, ingest)
            yield store, assistant


@app.command("fit-reader")
def fit_reader(
    gold: Annotated[Path, typer.Option(help="Dev gold set to fit on (eval/reader/dev.jsonl); never the test split.")],
    ingest_paths_: Annotated[
        list[Path] | None, typer.Option("--ingest", help="Ingest these into a fresh data folder first (repeatable).")
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Where to write the model (the packaged one is assistant/reader_model.json).")
    ] = Path("assistant/reader_model.json"),
) -> None:
    """Fit the reader (sentence, answer-type and answerable models, abstention threshold) on a dev set."""
    from tqdm import tqdm

    from eval.fit_reader import run

    with _gold_session(gold, ingest_paths_) as (items, _, assistant), tqdm(
        total=len(items), desc="fit-reader", unit="q", file=sys.stderr
    ) as bar:
        model = run(assistant, items, str(gold), progress=lambda: bar.update(1))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    f = model.fitted
    print(f"fitted on {f['questions']} questions, {f['sentences']} sentences "
          f"({f['positive_sentences']} state a key fact)")
    print(f"C: {f['C']}; cross-validated log-loss: {f['cv_log_loss']}")
    print(f"abstain below P(answerable) {model.threshold:.3f} ({f['threshold_choice']}); "
          f"select ratio {model.select_ratio} (lists {model.select_ratio_list})")
    print(f"wrote {out}")


@app.command("eval-brief")
def eval_brief(
    topics: Annotated[Path, typer.Option(help="Topic set (JSON Lines: topic, facts, quotes, dates, not_said).")],
    ingest_paths_: Annotated[
        list[Path] | None, typer.Option("--ingest", help="Ingest these into a fresh data folder first (repeatable).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the scores as JSON here.")] = None,
) -> None:
    """Score briefings: shares of expected facts, quotes, dates and gaps present and correctly cited."""

    from tqdm import tqdm

    from eval.briefing_eval import evaluate_briefings, load_topics

    try:
        items = load_topics(topics)
    except (OSError, ValueError) as exc:
        fail(f"cannot read topic set {topics}: {exc}")
    with _scratch_session(ingest_paths_) as (_, assistant), tqdm(
        total=len(items), desc="briefings", unit="topic", file=sys.stderr
    ) as bar:
        result = evaluate_briefings(assistant, items, progress=lambda: bar.update(1))
    for row in result["topics"]:
        missing = "; ".join(f"{k}: {v}" for k, v in row["missing"].items() if v) or "nothing missing"
        print(f"{row['topic']}: " + " ".join(f"{k}={v}" for k, v in row["scores"].items()) + f" ({missing})")
    print("overall: " + " ".join(f"{k}={v}" for k, v in result["overall"].items()))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def _parse_overrides(pairs: list[str]) -> dict[str, str]:
    parsed = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            fail(f"--set {pair!r}: use NAME=VALUE, e.g. top_k=1")
        parsed[key.strip()] = value.strip()
    return parsed


def main() -> None:
    """Run the CLI; domain errors print as messages (see ``fail``), not tracebacks."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    app()


if __name__ == "__main__":
    main()
