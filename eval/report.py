"""Writing a run: answers.jsonl, metrics.json, charts, report.md and a self-contained report.html."""

from __future__ import annotations

import base64
import html
import json
import platform
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from eval.charts import latency_histogram, metrics_by_type
from eval.compare import Comparison, question_quality
from eval.metrics import QUALITY
from eval.report_calibration import calibration_chart, calibration_markdown, md_table_html, refusals_markdown
from eval.runner import QuestionResult

_VERSIONS = ("pressroom", "sentence-transformers", "qdrant-client", "llama-index-core", "unstructured", "torch")
GENERATIVE = (
    "faithfulness",
    "sentence_citation_precision",
    "sentence_citation_recall",
    "sentences_dropped",
    "sentences_repaired",
    "generative_fallback",
)
HEADLINE = (
    *QUALITY,
    *GENERATIVE,
    "abstention_wrongly_refused",
    "language_match",
    "answer_similarity",
    "latency_p50_s",
    "latency_p95_s",
)
WORST = 8
LANG_COLUMNS = ("recall@5", "mrr", "key_fact_recall", "citation_precision", "language_match")


def versions() -> dict[str, str]:
    """Installed versions of the packages that shape results."""
    found = {}
    for name in _VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def rows(results: list[QuestionResult]) -> list[dict]:
    """One JSON-ready row per question: answer, gold entry, retrieved passages, scores."""
    return [
        {
            "id": r.item.id,
            "gold": asdict(r.item),
            "answer": r.answer,
            "retrieved": r.retrieved,
            "scores": r.scores,
            "latency_s": round(r.latency_s, 4),
        }
        for r in results
    ]


def worst(answer_rows: list[dict], count: int = WORST) -> list[dict]:
    """The questions answered worst: wrong abstentions first, then the fewest key facts."""

    def badness(row: dict) -> tuple[float, float]:
        quality = question_quality(row["scores"], row["gold"]["answerable"])
        return (quality, row["scores"].get("recall@5", 1.0))

    return [r for r in sorted(answer_rows, key=badness) if badness(r)[0] < 1.0][:count]


def write_run(
    out: Path, answer_rows: list[dict], summary: dict, facts: dict[str, Any], comparison: Comparison | None = None
) -> None:
    """Write every output of a run into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "answers.jsonl").open("w", encoding="utf-8") as handle:
        for row in answer_rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    run = {
        **facts,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "versions": versions(),
    }
    document = {**summary, "run": run}
    if comparison:
        document["comparison"] = asdict(comparison)
    (out / "metrics.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    charts = {
        "metrics_by_type.png": metrics_by_type(summary["by_type"]),
        "latency.png": latency_histogram(
            [r["latency_s"] for r in answer_rows],
            summary["overall"]["latency_p50_s"],
            summary["overall"]["latency_p95_s"],
        ),
    }
    if summary.get("calibration"):
        charts["calibration.png"] = calibration_chart(summary["calibration"])
    for name, png in charts.items():
        (out / name).write_bytes(png)
    (out / "report.md").write_text(markdown_report(answer_rows, summary, run, comparison), encoding="utf-8")
    (out / "report.html").write_text(html_report(answer_rows, summary, run, comparison, charts), encoding="utf-8")


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _missing_facts(row: dict) -> list[str]:
    from eval.matching import fact_present

    return [" / ".join(g) for g in row["gold"]["must_include"] if not fact_present(row["answer"]["answer"], tuple(g))]


def markdown_report(answer_rows: list[dict], summary: dict, run: dict, comparison: Comparison | None) -> str:
    """The report as Markdown, charts linked as PNG files beside it."""
    overall = summary["overall"]
    lines = [
        f"# Evaluation: {Path(run['gold']).name}",
        "",
        f"{overall['questions']} questions; {run.get('documents')} documents, {run.get('passages')} passages; "
        f"model {run.get('embedding_model')}; {run['date']}.",
        "",
        "| metric | value |",
        "|---|---|",
    ]
    lines += [f"| {name} | {_fmt(overall[name])} |" for name in HEADLINE if name in overall]
    modes = run.get("side_by_side")
    if modes:
        names = list(modes)
        lines += ["", "## Side by side", "", "| metric | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
        lines += [
            f"| {name} | " + " | ".join(_fmt(modes[m].get(name, "–")) for m in names) + " |"
            for name in HEADLINE
            if any(name in modes[m] for m in names)
        ]
    lines += [
        "",
        "![metrics per question type](metrics_by_type.png)",
        "",
        "## Per question type",
        "",
        "| type | n | recall@5 | key facts | citation precision | citation recall |",
        "|---|---|---|---|---|---|",
    ]
    for kind, m in summary["by_type"].items():
        lines.append(
            f"| {kind} | {m['questions']} | "
            + " | ".join(
                _fmt(m.get(k, "–")) for k in ("recall@5", "key_fact_recall", "citation_precision", "citation_recall")
            )
            + " |"
        )
    if len(summary.get("by_lang", {})) > 1:
        lines += [
            "",
            "## Per language",
            "",
            "Cross-lingual: questions whose evidence is only in other languages. Language match: the first",
            "citation is in the question's language, where the release exists in it.",
            "",
            "| language | n | recall@5 | MRR | key facts | citation precision | language match |",
            "|---|---|---|---|---|---|---|",
        ]
        for lang, m in summary["by_lang"].items():
            cells = " | ".join(_fmt(m.get(k, "–")) for k in LANG_COLUMNS)
            lines.append(f"| {lang} | {m['questions']} | {cells} |")
    lines += refusals_markdown(summary.get("refusals")) + calibration_markdown(summary.get("calibration"))
    lines += ["", "![latency](latency.png)", ""]
    if comparison:
        lines += ["## Against the baseline", "", "| metric | baseline | now | change |", "|---|---|---|---|"]
        lines += [f"| {k} | {_fmt(b)} | {_fmt(c)} | {d:+.4f} |" for k, (b, c, d) in comparison.deltas.items()]
        lines += [
            "",
            f"Fixed: {', '.join(comparison.fixed) or 'none'}. Broken: {', '.join(comparison.broken) or 'none'}.",
            "",
            "Regressions: " + ("; ".join(comparison.regressions) or "none."),
            "",
        ]
    lines += ["## Worst questions", ""]
    for row in worst(answer_rows):
        lines += [
            f"### {row['id']} ({row['gold']['type']}): {row['gold']['question']}",
            "",
            f"- Answer{' (abstained)' if row['answer']['abstained'] else ''}: {row['answer']['answer']}",
            f"- Reference: {row['gold']['answer']}",
            f"- Missing key facts: {', '.join(_missing_facts(row)) or 'none'}",
            f"- Scores: {', '.join(f'{k} {_fmt(v)}' for k, v in row['scores'].items())}",
            "- Retrieved: " + "; ".join(f"`{r['source_id']}` {r['text'][:90]!r}" for r in row["retrieved"][:3]),
            "- Cited: "
            + ("; ".join(f"[{c['n']}] `{c['source_id']}`" for c in row["answer"]["citations"]) or "nothing"),
            "",
        ]
    lines += ["## Run", "", "```json", json.dumps(run, indent=1), "```", ""]
    return "\n".join(lines)


_STYLE = """body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
th{background:#f3f3f3}.q{border-left:4px solid #c44;padding:.2em 1em;margin:1em 0;background:#fafafa}
.ok{color:#1a7f37}.bad{color:#c22}code,pre{background:#f6f6f6;font-size:13px}img{max-width:100%}
.passage{color:#555;font-size:13px}"""


def html_report(
    answer_rows: list[dict], summary: dict, run: dict, comparison: Comparison | None, charts: dict[str, bytes]
) -> str:
    """The report as one HTML file, charts embedded, all document text escaped."""
    e = html.escape
    overall = summary["overall"]

    def image(name: str, alt: str) -> str:
        return f'<img alt="{e(alt)}" src="data:image/png;base64,{base64.b64encode(charts[name]).decode()}">'

    parts = [
        f"<!doctype html><html lang=en><meta charset=utf-8><title>Evaluation: {e(Path(run['gold']).name)}</title>",
        f"<style>{_STYLE}</style><h1>Evaluation: {e(Path(run['gold']).name)}</h1>",
        f"<p>{overall['questions']} questions; {run.get('documents')} documents, {run.get('passages')} passages; "
        f"model <code>{e(str(run.get('embedding_model')))}</code>; {e(run['date'])}.</p>",
        "<table><tr><th>metric<th>value",
        *[f"<tr><td>{e(n)}<td>{_fmt(overall[n])}" for n in HEADLINE if n in overall],
        "</table>",
        image("metrics_by_type.png", "metrics per question type"),
        "<h2>Per question type</h2><table><tr><th>type<th>n<th>recall@5<th>key facts<th>citation precision"
        "<th>citation recall",
    ]
    for kind, m in summary["by_type"].items():
        parts.append(
            f"<tr><td>{e(kind)}<td>{m['questions']}"
            + "".join(
                f"<td>{_fmt(m.get(k, '–'))}"
                for k in ("recall@5", "key_fact_recall", "citation_precision", "citation_recall")
            )
        )
    parts.append("</table>")
    if len(summary.get("by_lang", {})) > 1:
        parts.append(
            "<h2>Per language</h2><p>Cross-lingual: questions whose evidence is only in other languages. "
            "Language match: the first citation is in the question's language, where the release exists in it.</p>"
            "<table><tr><th>language<th>n<th>recall@5<th>MRR<th>key facts<th>citation precision<th>language match"
        )
        for lang, m in summary["by_lang"].items():
            parts.append(
                f"<tr><td>{e(lang)}<td>{m['questions']}" + "".join(f"<td>{_fmt(m.get(k, '–'))}" for k in LANG_COLUMNS)
            )
        parts.append("</table>")
    if summary.get("refusals"):
        parts.append("<h2>Abstention: refusals by reason</h2>" + md_table_html(refusals_markdown(summary["refusals"])))
    if summary.get("calibration"):
        parts.append("<h2>Abstention: calibration</h2>" + md_table_html(calibration_markdown(summary["calibration"])))
        parts.append(image("calibration.png", "reliability of the abstention probability"))
    parts += [image("latency.png", "latency histogram")]
    if comparison:
        parts.append("<h2>Against the baseline</h2><table><tr><th>metric<th>baseline<th>now<th>change")
        parts += [
            f"<tr><td>{e(k)}<td>{_fmt(b)}<td>{_fmt(c)}<td class={'bad' if d < 0 else 'ok'}>{d:+.4f}"
            for k, (b, c, d) in comparison.deltas.items()
        ]
        parts.append(
            f"</table><p>Fixed: {e(', '.join(comparison.fixed) or 'none')}. "
            f"Broken: {e(', '.join(comparison.broken) or 'none')}.</p>"
        )
        regressions = "".join(f"<li class=bad>{e(r)}" for r in comparison.regressions) or "<li class=ok>none"
        parts.append(f"<p>Regressions:</p><ul>{regressions}</ul>")
    parts.append("<h2>Worst questions</h2>")
    for row in worst(answer_rows):
        retrieved = "".join(
            f"<li><code>{e(r['source_id'])}</code> <span class=passage>{e(r['text'][:240])}</span>"
            for r in row["retrieved"][:3]
        )
        cited = (
            "".join(
                f"<li>[{c['n']}] <code>{e(c['source_id'])}</code> “{e(c['quote'])}”" for c in row["answer"]["citations"]
            )
            or "<li>nothing"
        )
        parts.append(
            f"<div class=q><h3>{e(row['id'])} ({e(row['gold']['type'])}): {e(row['gold']['question'])}</h3>"
            f"<p><b>Answer{' (abstained)' if row['answer']['abstained'] else ''}:</b> {e(row['answer']['answer'])}</p>"
            f"<p><b>Reference:</b> {e(row['gold']['answer'])}</p>"
            f"<p><b>Missing key facts:</b> {e(', '.join(_missing_facts(row)) or 'none')}</p>"
            f"<p><b>Retrieved:</b></p><ol>{retrieved}</ol><p><b>Cited:</b></p><ul>{cited}</ul></div>"
        )
    parts.append(f"<h2>Run</h2><pre>{e(json.dumps(run, indent=1))}</pre></html>")
    return "\n".join(parts)

