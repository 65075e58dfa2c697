"""The durations a text states ("twelve months", "cirka ett år", "about a year"), which answer "how
long", in every supported language.
"""

from __future__ import annotations

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
