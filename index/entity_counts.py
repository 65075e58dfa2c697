"""The people and organisation facets of ``find``, counted in memory.

Each (document, entity) pair once per entity kind, the entities coded in name order, so that the
documents of a result naming each entity are counted with numpy instead of a SQL join over every
mention (13,500 releases, 13,400 of them matching: milliseconds, not most of a second).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

EntityIndex = dict[str, tuple[np.ndarray, np.ndarray, list[str]]]  # kind → documents, entity codes, names


def entity_index(pairs: Iterable[tuple[str, str, int]]) -> EntityIndex:
    """The index of ``(entity kind, entity, document)`` pairs.

    >>> idx = entity_index([("person", "B", 1), ("person", "A", 1), ("person", "A", 2)])
    >>> idx["person"][2], idx["person"][1].tolist()
    (['A', 'B'], [1, 0, 0])
    """
    by_kind: dict[str, list[tuple[str, int]]] = {}
    for kind, name, doc in pairs:
        by_kind.setdefault(kind, []).append((name, doc))
    index = {}
    for kind, mine in by_kind.items():
        names = sorted({name for name, _ in mine})
        code = {name: i for i, name in enumerate(names)}
        index[kind] = (np.array([doc for _, doc in mine], dtype=np.int64),
                       np.array([code[name] for name, _ in mine], dtype=np.int64), names)  # fmt: skip
    return index


def top_entities(index: EntityIndex, kind: str, ids: list[int], limit: int = 10) -> dict[str, int]:
    """The entities of ``kind`` named in most of the documents ``ids``: name → documents (ties by name).

    >>> idx = entity_index([("person", "B", 1), ("person", "A", 1), ("person", "A", 2), ("org", "C", 2)])
    >>> top_entities(idx, "person", [1, 2]), top_entities(idx, "person", [1]), top_entities(idx, "place", [1])
    ({'A': 2, 'B': 1}, {'A': 1, 'B': 1}, {})
    """
    if kind not in index or not ids:
        return {}
    docs, codes, names = index[kind]
    counts = np.bincount(codes[np.isin(docs, np.asarray(ids, dtype=np.int64))], minlength=len(names))
    best = np.argsort(-counts, kind="stable")[:limit]
    return {names[i]: int(counts[i]) for i in best if counts[i] > 0}
