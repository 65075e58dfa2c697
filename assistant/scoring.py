"""How well a sentence answers a question: pure functions over vectors and terms."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from index.lexical import terms

# Question words and fillers that say what kind of answer is wanted, not what it is about.
_QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much did does do is are was were "
    "wat welke wie wanneer waar waarom hoe hoeveel quoi quel quelle quels quelles qui quand où "
    "pourquoi comment combien was welche welcher wer wann wo warum wie viele cosa quale quali chi "
    "quando dove perché come quanti vad vilka vem när var varför hur".split()
)
_QUESTION_STEMS: dict[str, frozenset[str]] = {}


def _question_stems(lang: str) -> frozenset[str]:
    return frozenset(terms(" ".join(_QUESTION_WORDS), lang))


def question_terms(question: str, lang: str) -> list[str]:
    """The stemmed content terms of a question, without question words.

    >>> question_terms("When was the European Ports Alliance launched?", "en")
    ['european', 'port', 'allianc', 'launch']
    """
    if lang not in _QUESTION_STEMS:
        _QUESTION_STEMS[lang] = _question_stems(lang)
    return [t for t in terms(question, lang) if t not in _QUESTION_STEMS[lang]]


def term_weights(query: Sequence[str], sentences: Sequence[set[str]]) -> dict[str, float]:
    """IDF of each query term over the candidate sentences (rarer terms weigh more).

    >>> w = term_weights(["a", "b"], [{"a"}, {"a", "b"}, {"a"}])
    >>> w["b"] > w["a"]
    True
    """
    n = len(sentences)
    df = Counter(t for s in sentences for t in set(query) & s)
    return {t: math.log(1 + (n + 1) / (df[t] + 0.5)) for t in set(query)}


def coverage(query: Sequence[str], sentence: set[str], weights: dict[str, float]) -> float:
    """Share of the query's term weight that ``sentence`` contains, in [0, 1].

    >>> coverage(["a", "b"], {"a"}, {"a": 1.0, "b": 3.0})
    0.25
    """
    total = sum(weights[t] for t in set(query))
    return sum(weights[t] for t in set(query) if t in sentence) / total if total else 0.0


def cosine_rows(query: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Cosine similarity of a unit query vector with unit row vectors."""
    return rows @ query if len(rows) else np.zeros(0, dtype=np.float32)


def combine(dense: float, lexical: float, rank: int, same_language: bool, words: int) -> float:
    """One sentence score from its semantic and lexical match, its passage's rank and form.

    Very short lines (a heading, "Brussels") match questions loosely, so they weigh less.

    >>> combine(0.6, 0.5, 0, True, 20) > combine(0.6, 0.5, 5, True, 20)
    True
    """
    score = 0.55 * dense + 0.45 * lexical + 0.04 / (1 + rank) + (0.05 if same_language else 0.0)
    return score * (0.8 if words < 4 else 1.0)
