"""Charts of a run (matplotlib, rendered to PNG bytes)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # files only, no screen
import matplotlib.pyplot as plt  # noqa: E402

TYPE_METRICS = ("recall@5", "key_fact_recall", "citation_precision", "citation_recall")


def _png(figure) -> bytes:  # noqa: ANN001 - matplotlib figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def metrics_by_type(by_type: dict[str, dict]) -> bytes:
    """Grouped bars: the main metrics for each question type."""
    kinds = [k for k, v in by_type.items() if any(m in v for m in TYPE_METRICS)]
    figure, axis = plt.subplots(figsize=(max(6.0, 1.1 * len(kinds) + 2), 3.6))
    width = 0.8 / len(TYPE_METRICS)
    for i, metric in enumerate(TYPE_METRICS):
        values = [by_type[k].get(metric, 0.0) for k in kinds]
        axis.bar([x + i * width for x in range(len(kinds))], values, width, label=metric)
    axis.set_xticks([x + 0.4 - width / 2 for x in range(len(kinds))])
    axis.set_xticklabels([f"{k}\n(n={by_type[k]['questions']})" for k in kinds], fontsize=8)
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("score")
    axis.set_title("Metrics per question type")
    axis.legend(fontsize=7, ncol=len(TYPE_METRICS), loc="lower center", bbox_to_anchor=(0.5, -0.35))
    return _png(figure)


def latency_histogram(latencies: list[float], p50: float, p95: float) -> bytes:
    """Histogram of per-question latency with p50 and p95 marked."""
    figure, axis = plt.subplots(figsize=(6.0, 3.0))
    axis.hist(latencies, bins=min(30, max(5, len(latencies) // 2)), color="#4c72b0")
    for value, label, style in ((p50, "p50", "--"), (p95, "p95", ":")):
        axis.axvline(value, color="black", linestyle=style, label=f"{label} {value:.2f} s")
    axis.set_xlabel("seconds per question")
    axis.set_ylabel("questions")
    axis.set_title("Answer latency")
    axis.legend(fontsize=8)
    return _png(figure)
