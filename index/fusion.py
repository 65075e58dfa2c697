"""Reciprocal rank fusion of ranked lists, with ties broken by id so every backend agrees."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 2  # Qdrant's default constant, so scores read as they did when Qdrant fused


def reciprocal_rank_fusion(
    ranked: Sequence[Sequence[tuple[str, float]]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse lists of ``(id, score)``, each best first, into one list by sum of ``weight / (k + rank)``
    (each list's weight is 1 unless ``weights`` says otherwise).

    Within a list, equal scores share the order of their ids, and so do equal fused scores.

    >>> reciprocal_rank_fusion([[("a", 0.9), ("b", 0.8)], [("b", 3.0), ("c", 1.0)]])
    [('b', 0.8333333333333333), ('a', 0.5), ('c', 0.3333333333333333)]
    >>> reciprocal_rank_fusion([[("a", 0.9), ("b", 0.8)], [("b", 3.0), ("c", 1.0)]], weights=[1, 2])
    [('b', 1.3333333333333333), ('c', 0.6666666666666666), ('a', 0.5)]
    >>> reciprocal_rank_fusion([[("y", 1.0), ("x", 1.0)]])
    [('x', 0.5), ('y', 0.3333333333333333)]
    """
    fused: dict[str, float] = {}
    for hits, weight in zip(ranked, weights or [1.0] * len(ranked), strict=True):
        for rank, (point, _) in enumerate(sorted(hits, key=lambda h: (-h[1], h[0]))):
            fused[point] = fused.get(point, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-round(item[1], 12), item[0]))
