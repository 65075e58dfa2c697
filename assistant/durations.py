"""The durations and ages a text states ("twelve months", "cirka ett år", "who is 54"), which answer "how
long" and "how old", in every supported language.
"""

from __future__ import annotations

import re

from assistant.figures import _ASKS_DURATION, _DURATION, _NUMBER_SET

# The words for one, and halves, that open a duration written without a figure ("about a year",
# "cirka ett år", "ein halbes Jahr", "un an", "un mese", "een jaar").
_ONE = frozenset(
    "a an one half ein eine einen einem einer halbes un une uno una un' demi mezzo en ett halvt halv een".split()
)


def durations(text: str, lang: str) -> set[str]:
    """The durations a text states ("twelve months", "ett år", "3 weeks"), lower-cased.

    >>> sorted(durations("Support continues for about a year, then 3 weeks of follow-up.", "en"))
    ['3 weeks', 'a year']
    >>> durations("under cirka ett år", "sv"), durations("the year of the review", "en")
    ({'ett år'}, set())
    """
    words = _NUMBER_SET.get(lang, _NUMBER_SET["en"]) | _ONE
    found = set()
    for m in _DURATION.finditer(text):
        first = m.group().split()[0].lower()
        if first[:1].isdigit() or first in words:
            found.add(" ".join(m.group().lower().split()))
    return found


def asks_duration(question: str) -> bool:
    """Whether a question asks how long something lasts.

    >>> asks_duration("Hur länge får ungdomarna stöd?"), asks_duration("How many weeks?")
    (True, False)
    """
    return bool(_ASKS_DURATION.search(question))


# Asked how old someone is, an age answers ("who is 54", "54-year-old", "aged 54", "(54)", "54 ans",
# "54-jährig", "54 Jahre alt", "54enne", "di 54 anni", "54 år", "54-årig", "54 jaar oud").
_ASKS_AGE = re.compile(r"\b(how old|wie alt|quel âge|quanti anni ha|hur gammal|hoe oud)\b", re.I)
_AGE = re.compile(
    r"\b(?:who is|aged?|âgée? de|im alter von|all'età di|di età|i en ålder av)\s+\d{1,3}\b"
    r"|\b\d{1,3}(?:-year-old|\s+years? old|\s+ans\b|-?jährige?[nrs]?\b|\s+jahre alt|enne\b|\s+anni\b|-åriga?\b|"
    r"\s+år\s+gammal|\s+jaar\b)"
    r"|\(\d{2}\)",
    re.I,
)


def asks_age(question: str) -> bool:
    """Whether a question asks how old someone or something is.

    >>> asks_age("How old is the new State Secretary?"), asks_age("How long is the term?")
    (True, False)
    """
    return bool(_ASKS_AGE.search(question))


def states_age(text: str) -> bool:
    """Whether a text states an age.

    >>> states_age("Vincenzo Mascioli, who is 54, has worked here since 2005."), states_age("He joined in 2005.")
    (True, False)
    >>> states_age("Der 54-jährige Jurist"), states_age("la nouvelle directrice, âgée de 48 ans")
    (True, True)
    """
    return bool(_AGE.search(text))
