"""The abstention in a run's reports: the refusals by reason, the calibration's reliability table,
its chart, and the terminal's summary lines."""

from __future__ import annotations

import html


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def calibration_markdown(calibration: dict | None) -> list[str]:
    """The reliability table of P(the documents answer) and the operating point, as Markdown lines."""
    if not calibration:
        return []
    point = calibration["operating_point"]
    lines = [
        "",
        "## Abstention: calibration",
        "",
        "The reader's probability that the documents answer, against the gold set's answerable flag: per",
        "bin, the mean probability and the share of questions that were answerable (equal means calibrated).",
        f"ECE {calibration['ece']:.3f}, Brier {calibration['brier']:.3f} over {calibration['n']} questions. "
        f"Operating point: answered from P = {_fmt(point['lowest_answered'])} (highest refused "
        f"{_fmt(point['highest_refused'])}); unanswerable refused {calibration['unanswerable_refused']:.3f}, "
        f"answerable refused {calibration['answerable_refused']:.3f}.",
        "",
        "| P(answerable) | n | mean P | answerable share |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {b['lo']:.1f}–{b['hi']:.1f} | {b['n']} | {b['mean_p']:.3f} | {b['observed']:.3f} |"
        for b in calibration["bins"]
    ]
    return [*lines, "", "![calibration](calibration.png)"]


def refusals_markdown(refusals: dict | None) -> list[str]:
    """The questions each rule refused (``assistant.refusals``), as Markdown lines.

    >>> refusals_markdown({"no_figure": {"unanswerable": 3, "answerable": 1}})[-1]
    '| no_figure | 3 | 1 |'
    """
    if not refusals:
        return []
    lines = ["", "## Abstention: refusals by reason", "", "| reason | unanswerable | answerable |", "|---|---|---|"]
    return lines + [f"| {k} | {v['unanswerable']} | {v['answerable']} |" for k, v in refusals.items()]


def md_table_html(lines: list[str]) -> str:
    e = html.escape
    out = []
    for line in lines:
        if line.startswith("|---") or line.startswith("!["):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            out.append("<tr>" + "".join(f"<td>{e(c)}" for c in cells))
        elif line and not line.startswith("#"):
            out.append(f"<p>{e(line)}</p>")
    return "<table>" + "".join(o for o in out if o.startswith("<tr>")) + "</table>" + "".join(
        o for o in out if o.startswith("<p>")
    )


def calibration_chart(calibration: dict) -> bytes:
    """A reliability plot: mean probability per bin against the observed answerable share."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=100)
    ax.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1, label="calibrated")
    xs = [b["mean_p"] for b in calibration["bins"]]
    ys = [b["observed"] for b in calibration["bins"]]
    sizes = [20 + 8 * b["n"] for b in calibration["bins"]]
    ax.plot(xs, ys, color="#1f6feb", linewidth=1)
    ax.scatter(xs, ys, s=sizes, color="#1f6feb", label="questions per bin (size)")
    low = calibration["operating_point"]["lowest_answered"]
    if low is not None:
        ax.axvline(low, color="#c22", linewidth=1, label="operating point")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="P(answerable)", ylabel="share answerable")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def summary_lines(summary: dict) -> list[str]:
    """Per-language key figures and the abstention's calibration, a line each, for the terminal."""
    lines = []
    if len(summary.get("by_lang", {})) > 1:
        for lang, m in summary["by_lang"].items():
            names = ("key_fact_recall", "citation_precision", "recall@5")
            cells = " ".join(f"{k}={_fmt(m[k])}" for k in names if k in m)
            lines.append(f"{lang}: questions={m['questions']} {cells}")
    if summary.get("refusals"):
        cells = ", ".join(f"{k} {v['unanswerable']}/{v['answerable']}" for k, v in summary["refusals"].items())
        lines.append(f"refused by (unanswerable/answerable): {cells}")
    calibration = summary.get("calibration")
    if calibration:
        point = calibration["operating_point"]
        lines.append(
            f"abstention: unanswerable refused {calibration['unanswerable_refused']:.3f}, answerable refused "
            f"{calibration['answerable_refused']:.3f}; P(answerable) ECE {calibration['ece']:.3f}, Brier "
            f"{calibration['brier']:.3f}; answered from P >= {_fmt(point['lowest_answered'])}"
        )
    return lines
