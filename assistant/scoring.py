"""How well a sentence answers a question: pure functions over vectors and terms."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from assistant.answer_types import number_words
from index.lexical import terms

# Question words and fillers that say what kind of answer is wanted, not what it is about.
_QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how many much did does do is are was were "
    "wat welke wie wanneer waar waarom hoe hoeveel quoi quel quelle quels quelles qui quand où "
    "pourquoi comment combien was welche welcher wer wann wo warum wie viele cosa quale quali chi "
    "quando dove perché come quanti vad vilka vem när var varför hur".split()
)
_DIGITS = re.compile(r"\d")
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
    return {t: math.log(1 + (n + 1) / (df[t] + 0.5)) for t in sorted(set(query))}  # sorted: sums come out alike


def coverage(query: Sequence[str], sentence: set[str], weights: dict[str, float]) -> float:
    """Share of the query's term weight that ``sentence`` contains, in [0, 1].

    >>> coverage(["a", "b"], {"a"}, {"a": 1.0, "b": 3.0})
    0.25
    """
    return coverer(query, weights)(sentence)


def coverer(query: Sequence[str], weights: dict[str, float]) -> Callable[[set[str]], float]:
    """``coverage`` of the query's terms in any sentence, the query's own part worked out once.

    >>> coverer(["a", "b"], {"a": 1.0, "b": 3.0})({"b"})
    0.75
    """
    # In a fixed order: a sum of floats in a set's order changes in its last bits with the process's hash
    # seed, and refitted models amplify that (reader-cv answered 12 dev questions differently run to run).
    asked = tuple(sorted(set(query)))
    total = sum(weights[t] for t in asked)
    if not total:
        return lambda sentence: 0.0
    return lambda sentence: sum(weights[t] for t in asked if t in sentence) / total


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


def has_number(text: str) -> bool:
    """Whether a text holds a digit (dates, times, counts)."""
    return bool(_DIGITS.search(text))


_MONTH_OR_SEASON = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|"
    r"januari|februari|maart|mei|juni|juli|augustus|oktober|janvier|février|mars|avril|mai|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre|januar|februar|märz|dezember|spring|summer|autumn|"
    r"winter|today|tomorrow|yesterday|week|month|year)\b",
    re.I,
)
_NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"dozen|hundred|thousand|million|billion|half|several)\b",
    re.I,
)
_EXPECTS = (
    (re.compile(r"^\s*(how many|how much|hoeveel|combien|wie viele|quanti|quante|hur många)\b", re.I), "number"),
    (re.compile(r"^\s*(when|until when|since when|wanneer|quand|wann|quando|när)\b", re.I), "time"),
    (re.compile(r"^\s*(who|whom|wie|qui|wer|chi|vem)\b", re.I), "person"),
)


def expected_answer(question: str) -> str:
    """The type of answer a question asks for: number, time, person, or '' for any.

    >>> expected_answer("How many asylum applications?"), expected_answer("Wanneer werd het?")
    ('number', 'time')
    """
    return next((kind for pattern, kind in _EXPECTS if pattern.search(question)), "")


def fits_answer_type(text: str, expected: str, lang: str = "en") -> bool:
    """Whether a sentence (in language ``lang``) can hold the expected kind of answer at all.

    >>> fits_answer_type("It launched on 24 January.", "time"), fits_answer_type("It was good.", "time")
    (True, False)
    >>> fits_answer_type("tien prioritaire acties", "number", "nl")
    True
    """
    if expected == "number":
        return has_number(text) or bool(_NUMBER_WORDS.search(text) or number_words(text, lang))
    if expected == "time":
        return has_number(text) or bool(_MONTH_OR_SEASON.search(text))
    if expected == "person":
        return has_name(text) or bool(_SPEAKER.search(text))
    return True


# "... Rantanen says." / "says Minister Rantanen": a speaker named by one word next to a speech verb.
_SPEAKER = re.compile(
    r"[A-ZÀ-Ý][\w'’-]+,?\s+(?:says|said|stressed|explained|added|noted|stated|zegt|zei|sagt|sagte|dit|a dit)\b"
    r"|\b(?:says|said|according to)\s+(?:[A-Z][\w'’-]+\s+){0,6}[A-Z][\w'’-]+"
)


# Capitalised words of institutions, roles and places-as-adjectives: two of them in a row
# ("Informal Council", "Member States") are not a person's name.
_NOT_NAMES = frozenset(
    "The This That These A An In On At For Of And To By With From As It Its Their Our We He She They "
    "Council Commission Presidency President Minister Ministers Member States State European Europe Union "
    "Informal Home Affairs Justice Parliament Ministry Interior Secretary General Commissioner Director "
    "Prime Deputy Federal Department Office Unit Customs Police Schengen Alliance Ports Port Press "
    "Conference Session Working Meeting Lunch Agenda Directive Regulation Decision Recommendation Pact "
    "Strategy Roadmap Action Plan Information System Systems Asylum Migration Security Internal External "
    "Belgian Finnish Ukrainian Dutch French German Italian Swedish Swiss EU UN Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday January February March April May June July August September October "
    "November December Mr Mrs Ms Dr".split()
)
_CAPITALISED = re.compile(r"[A-ZÀ-Ý][\w'’-]+")


def has_name(text: str) -> bool:
    """Whether a text names someone: two capitalised words in a row that are not the words of
    institutions, roles or dates ("Ylva Johansson", but not "Informal Council").

    >>> has_name("The press conference with Ylva Johansson."), has_name("The Informal Council met.")
    (True, False)
    """
    words = re.findall(r"[\w'’-]+", text)
    run = 0
    for word in words:
        if _CAPITALISED.fullmatch(word) and word not in _NOT_NAMES:
            run += 1
            if run >= 2:
                return True
        elif word.lower() not in ("de", "van", "von", "der", "den", "la", "le", "di"):
            run = 0
    return False
