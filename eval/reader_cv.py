"""Cross-validation of the reader on the dev split, by document.

A change to the reader's features, rules or fitting is judged here, on questions the fitted reader
never saw, without reading the test split: the dev questions are split into folds so that no
document (nor a language version of one) is asked about in two folds; for each fold the reader is
fitted (``eval.fit_reader``) on the other folds and the held-out questions are answered and scored
as ``pressroom eval`` does. The rows are collected once (retrieval is the same in every fold).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from assistant.assistant import Assistant
from eval.fit_ranker import collect_passages, fit_ranker, with_ranker
from eval.fit_reader import collect, fit, ranker_of
from eval.gold import GoldItem
from eval.reader_data import connected
from eval.runner import QuestionResult, evaluate
from index.store import PassageStore

FOLDS = 5


def document_folds(items: Sequence[GoldItem], folds: int, versions: Callable[[str], dict[str, str]]) -> list[int]:
    """Each item's fold: items that share a document, or a language version of one, share a fold;
    the groups, largest first, go to the fold with the fewest questions so far.

    >>> from eval.gold import Evidence
    >>> def item(qid, *docs):
    ...     return GoldItem(qid, "?", "en", "factoid", True, "", (), tuple(Evidence(d, "") for d in docs))
    >>> items = [item("a", "x"), item("b", "y"), item("c", "x-fr"), item("d", "y", "z"), item("e")]
    >>> document_folds(items, 2, lambda doc: {"fr": "x-fr"} if doc == "x" else {})
    [0, 1, 0, 1, 0]
    """
    keys = []
    for item in items:
        docs = {e.doc for e in item.evidence if e.doc}
        for doc in list(docs):
            docs |= set(versions(doc).values())
        keys.append(sorted(docs) or [f"question:{item.id}"])
    groups: dict[str, list[int]] = {}
    for i, root in enumerate(connected(keys)):
        groups.setdefault(root, []).append(i)
    sizes = [0] * folds
    fold_of = [0] * len(items)
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0])):
        f = min(range(folds), key=lambda k: (sizes[k], k))
        sizes[f] += len(members)
        for i in members:
            fold_of[i] = f
    return fold_of


def cross_validate(
    assistant: Assistant,
    items: Sequence[GoldItem],
    folds: int = FOLDS,
    progress: Callable[[str], None] | None = None,
) -> list[QuestionResult]:
    """Every item answered by a reader fitted on the folds it is not in, in the items' order; raises
    ``ValueError`` where the other folds cannot fit one."""
    store: PassageStore = assistant.store
    fold_of = document_folds(items, folds, store.versions)
    fold_by_id = {item.id: f for item, f in zip(items, fold_of, strict=True)}
    # With a passage ranker, it is fitted on each fold's training questions too, and the reader's rows
    # are collected again under it: the held-out questions' passages are ranked by a ranker that never saw them.
    ranking = ranker_of(assistant) is not None
    passages = collect_passages(assistant, items) if ranking else []
    rows = [] if ranking else collect(assistant, items, (lambda: progress("collect")) if progress else None)
    results: dict[str, QuestionResult] = {}
    with tempfile.TemporaryDirectory(prefix="pressroom-reader-cv-") as scratch:
        for f in range(folds):
            held = [item for item in items if fold_by_id[item.id] == f]
            if not held:
                continue
            ranker, info = None, {"min_breadth": 0.0}
            if ranking:
                try:
                    ranker, info = fit_ranker([r for r in passages if fold_by_id[r.item.id] != f])
                except ValueError as exc:
                    raise ValueError(f"fold {f + 1} of {folds}: the other folds cannot fit the passage ranker: "
                                     f"{exc}") from None
                path = Path(scratch) / f"ranker{f}.json"
                path.write_text(json.dumps(with_ranker(assistant.reader_model, ranker, info).to_dict()), "utf-8")
                ranked = Assistant(store, assistant.embedder, assistant.settings.model_copy(
                    update={"reader_model": str(path)}))
                rows = collect(ranked, [item for item in items if fold_by_id[item.id] != f],
                               (lambda: progress("collect")) if progress else None)
            train = [q for q in rows if fold_by_id[q.item.id] != f]
            if not any(q.y.any() for q in train if not q.ablated):
                raise ValueError(f"fold {f + 1} of {folds}: no question of the other folds has a retrieved sentence "
                                 "that states its key facts, so no reader can be fitted; use fewer folds or more "
                                 "questions")
            model = fit(train, {"gold": f"cross-validation fold {f}"})
            model = replace(model, passages=ranker, passages_breadth=info["min_breadth"])
            path = Path(scratch) / f"fold{f}.json"
            path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
            settings = assistant.settings.model_copy(update={"reader_model": str(path)})
            fitted = Assistant(store, assistant.embedder, settings)
            for result in evaluate(fitted, held, progress=(lambda _: progress("answer")) if progress else None):
                results[result.item.id] = result
    return [results[item.id] for item in items if item.id in results]
