"""The evaluation and benchmark commands of ``pressroom`` (joined with ui's by ``pressroom.cli``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.console import check_inputs, check_out, fail, scratch_session

app = typer.Typer()

IngestFirst = Annotated[
    list[Path] | None, typer.Option("--ingest", help="Ingest these into a fresh data folder first (repeatable).")
]
DevGold = Annotated[Path, typer.Option(help="Dev gold set to fit on (eval/reader/dev.jsonl); never the test split.")]


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
    if not steps or min(steps) < 1:
        fail(f"--sizes {sizes!r}: every size is a number of documents, at least 1 (or 'all')")
    if queries < 1 or load_seconds < 0 or load_clients < 1:
        fail("--queries and --load-clients must be at least 1, and --load-seconds at least 0")
    check_inputs(corpus)
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

    from eval.pipeline import BaselineError, run_eval

    chosen = _parse_overrides(overrides or []) | ({"mode": mode} if mode else {})
    check_out(out, folder=True)
    with _gold_session(gold, ingest_paths_, chosen) as (items, room):
        store, assistant = room.store, room.assistant
        facts = {"gold": str(gold), "corpus": [str(p) for p in ingest_paths_ or []],
                 "documents": len(store.list_documents()), "passages": store.count_passages(),
                 "embedding_model": store.settings.embedding_model,
                 "assistant": assistant.settings.model_dump()}
        try:
            if assistant.settings.mode == "generative":
                plain = room.answering(assistant.settings.model_copy(update={"mode": "extractive"}))
                with tqdm(total=len(items), desc="eval extractive", unit="q", file=sys.stderr) as bar:
                    extractive, _ = run_eval(plain, items, out / "extractive", facts,
                                             progress=lambda _: bar.update(1))
                facts["side_by_side"] = {"extractive": extractive["overall"]}
            with tqdm(total=len(items), desc=f"eval {assistant.settings.mode}", unit="q", file=sys.stderr) as bar:
                summary, comparison = run_eval(assistant, items, out, facts, baseline=baseline,
                                               tolerance=tolerance, progress=lambda _: bar.update(1))
        except BaselineError as exc:
            fail(str(exc))
    _report(summary, out, comparison, baseline)


def _report(summary: dict, out: Path, comparison: Any, baseline: Path | None, how: str = "") -> None:
    """Print a run's metrics and where they went; exit 1 where it regressed from ``baseline``."""
    from eval.report_calibration import summary_lines

    print(" ".join(f"{k}={round(v, 4) if isinstance(v, float) else v}" for k, v in summary["overall"].items()))
    for line in summary_lines(summary):
        print(line)
    print(f"wrote {out}/report.html, report.md, metrics.json, answers.jsonl{how}")
    if comparison:
        print(f"against {baseline}: fixed {len(comparison.fixed)}, broken {len(comparison.broken)}")
        for line in comparison.regressions:
            print(f"regression: {line}", file=sys.stderr)
        if comparison.regressions:
            raise typer.Exit(1)


@app.command()
def calibrate(
    gold: Annotated[Path, typer.Option(help="Gold question set (JSON Lines) with reference answers and evidence.")],
    ingest_paths_: IngestFirst = None,
    out: Annotated[Path | None, typer.Option(help="Write the sweep as JSON here.")] = None,
) -> None:
    """Calibrate the generative check's support threshold (min_support) on a gold set."""
    from tqdm import tqdm

    from eval.calibrate import best, pairs, sweep

    with _gold_session(gold, ingest_paths_) as (items, room), tqdm(
        total=len(items), desc="calibrate", unit="q", file=sys.stderr
    ) as bar:
        found = pairs(room.assistant, items, progress=lambda: bar.update(1))
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


@app.command("fit-reader")
def fit_reader(
    gold: DevGold,
    ingest_paths_: IngestFirst = None,
    out: Annotated[
        Path, typer.Option(help="Where to write the model (the packaged one is assistant/reader_model.json).")
    ] = Path("assistant/reader_model.json"),
    hold_out: Annotated[
        list[Path] | None,
        typer.Option("--hold-out", help="Leave the questions of this gold set out of the fit (repeatable)."),
    ] = None,
) -> None:
    """Fit the reader (sentence, answer-type and answerable models, abstention threshold) on a dev set."""
    from tqdm import tqdm

    from eval.fit_reader import run

    # Checked before the fit, which takes minutes; its folder is made if need be.
    check_out(out.parent, folder=True)
    if out.is_dir():
        fail(f"cannot write {str(out)!r}: it is a folder; name a file")
    held = {item.id for path in hold_out or [] for item in _read_gold(path)}
    name = " ".join([str(gold), *(f"--hold-out {p}" for p in hold_out or [])])
    with _gold_session(gold, ingest_paths_) as (items, room):
        items = [item for item in items if item.id not in held]
        if not items:
            fail(f"no question of {gold} is left to fit on after --hold-out")
        with tqdm(total=len(items), desc="fit-reader", unit="q", file=sys.stderr) as bar:
            try:
                model = run(room.assistant, items, name, progress=lambda: bar.update(1))
            except ValueError as exc:
                fail(f"cannot fit the reader on {gold}: {exc}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    f = model.fitted
    print(f"fitted on {f['questions']} questions, {f['sentences']} sentences "
          f"({f['positive_sentences']} state a key fact)")
    print(f"C: {f['C']}; cross-validated log-loss: {f['cv_log_loss']}")
    print(f"abstain below P(answerable) {model.threshold:.3f} ({f['threshold_choice']}); "
          f"select ratio {model.select_ratio} (lists {model.select_ratio_list})")
    print(f"wrote {out}")


@app.command("fit-ranker")
def fit_ranker_command(
    gold: DevGold,
    ingest_paths_: IngestFirst = None,
    out: Annotated[Path, typer.Option(help="Where to write the reader model with the ranker (the packaged one is "
                                      "assistant/reader_model.json).")] = Path("assistant/reader_model.json"),
) -> None:
    """Fit the passage ranker (the order in which retrieved passages are read) on a dev set, into a copy of
    the configured reader model."""
    from tqdm import tqdm

    from eval.fit_ranker import collect_passages, fit_ranker, with_ranker

    check_out(out.parent, folder=True)
    if out.is_dir():
        fail(f"cannot write {str(out)!r}: it is a folder; name a file")
    with _gold_session(gold, ingest_paths_) as (items, room):
        with tqdm(total=len(items), desc="fit-ranker", unit="q", file=sys.stderr) as bar:
            rows = collect_passages(room.assistant, items, progress=lambda: bar.update(1))
        try:
            ranker, info = fit_ranker(rows)
        except ValueError as exc:
            fail(f"cannot fit the passage ranker on {gold}: {exc}")
        model = with_ranker(room.assistant.reader_model, ranker, {"gold": str(gold), **info})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"fitted on {info['questions']} questions, {info['passages']} passages ({info['positive_passages']} "
          f"cover evidence); C {info['C']}; wrote {out}")


@app.command("reader-cv")
def reader_cv(
    gold: Annotated[Path, typer.Option(help="Dev gold set (eval/reader/dev.jsonl); never the test split.")],
    folds: Annotated[int, typer.Option(min=2, help="Folds; no document is asked about in two.")] = 5,
    out: Annotated[Path, typer.Option(help="Folder for the out-of-fold answers, metrics and reports.")]
    = Path("runs/reader-cv"),
    baseline: Annotated[Path | None, typer.Option(help="An earlier cross-validation's folder to compare with.")]
    = None,
    overrides: Annotated[list[str] | None, typer.Option("--set", help="Assistant setting, e.g. top_k=5.")] = None,
) -> None:
    """Cross-validate the reader on a dev set by document: fit on all folds but one, answer that one."""
    from tqdm import tqdm

    from eval.fit_reader import ranker_of
    from eval.pipeline import BaselineError, load_run, write_results
    from eval.reader_cv import cross_validate

    chosen = _parse_overrides(overrides or [])
    check_out(out, folder=True)
    with _gold_session(gold, None, chosen) as (items, room), tqdm(
        # With a passage ranker, each fold collects its training questions again (eval/reader_cv.py).
        total=len(items) * (folds if ranker_of(room.assistant) is not None else 2), desc="reader-cv", unit="q",
        file=sys.stderr
    ) as bar:
        try:
            previous = load_run(baseline) if baseline else None
        except BaselineError as exc:
            fail(str(exc))
        try:
            results = cross_validate(room.assistant, items, folds, progress=lambda _: bar.update(1))
        except ValueError as exc:
            fail(f"cannot cross-validate {gold}: {exc}")
        facts = {"gold": str(gold), "cross_validation": {"folds": folds, "by": "document"},
                 "documents": len(room.store.list_documents()), "assistant": room.assistant.settings.model_dump()}
        summary, comparison = write_results(results, out, facts, previous)
    _report(summary, out, comparison, baseline, f" (out of fold, {folds} folds by document)")


@app.command("eval-brief")
def eval_brief(
    topics: Annotated[Path, typer.Option(help="Topic set (JSON Lines: topic, facts, quotes, dates, not_said).")],
    ingest_paths_: IngestFirst = None,
    out: Annotated[Path | None, typer.Option(help="Write the scores as JSON here.")] = None,
    max_points: Annotated[int | None, typer.Option("--max-points", min=1,
                                                   help="At most this many key points (default: as pressroom brief).")]
    = None,
) -> None:
    """Score briefings: shares of expected facts, quotes, dates and gaps present and correctly cited."""
    from tqdm import tqdm

    from eval.briefing_eval import evaluate_briefings, load_topics

    try:
        items = load_topics(topics)
    except (OSError, ValueError) as exc:
        fail(f"cannot read topic set {topics}: {exc}")
    with scratch_session(ingest_paths_) as room, tqdm(
        total=len(items), desc="briefings", unit="topic", file=sys.stderr
    ) as bar:
        result = evaluate_briefings(room.assistant, items, progress=lambda: bar.update(1), max_points=max_points)
    for row in result["topics"]:
        missing = "; ".join(f"{k}: {v}" for k, v in row["missing"].items() if v) or "nothing missing"
        print(f"{row['topic']}: " + " ".join(f"{k}={v}" for k, v in row["scores"].items()) + f" ({missing})")
    print("overall: " + " ".join(f"{k}={v}" for k, v in result["overall"].items()))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


@contextmanager
def _gold_session(gold: Path, ingest: list[Path] | None, overrides: dict[str, str] | None = None) -> Iterator[tuple]:
    """A gold set's items with Pressroom over ``ingest`` in a fresh data folder when given (the
    configured index otherwise)."""
    items = _read_gold(gold)
    with scratch_session(ingest, overrides) as room:
        yield items, room


def _read_gold(gold: Path) -> list:
    """A gold set's items, or a one-line error naming the file."""
    from eval.gold import GoldFormatError, load_gold

    try:
        items = load_gold(gold)
    except (OSError, GoldFormatError) as exc:
        fail(f"cannot read gold set {gold}: {exc}")
    except UnicodeDecodeError:
        fail(f"cannot read gold set {gold}: not UTF-8 text (a gold set is JSON Lines)")
    if not items:
        fail(f"gold set {gold} has no questions")
    return items


def _parse_overrides(pairs: list[str]) -> dict[str, str]:
    parsed = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            fail(f"--set {pair!r}: use NAME=VALUE, e.g. top_k=1")
        parsed[key.strip()] = value.strip()
    return parsed
