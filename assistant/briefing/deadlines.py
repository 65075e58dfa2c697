"""Deadlines and planned dates that ingest's date extractor does not read: "by end-March 2023",
"by the end of 2034", "is planned for July 2009", "the end of February 2024"; and the same in
French, German, Italian, Dutch and Swedish ("d'ici fin 2025", "bis Ende März 2023", "entro la
fine del 2025", "uiterlijk eind 2024", "senast vid utgången av 2025", "prévue pour mars 2024").

A briefing's timeline must hold a release's next steps as well as what happened; these phrases
say when something is due, each normalised as ingest normalises dates (``/2023-03``: until, by).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.months import MONTHS
from ingest.sentences import split_sentences

_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    # "by end-March 2023", "by the end of March 2023", "until the end of 2034", "by the end of 2022"
    (re.compile(rf"\b(?:by|until|before)\s+(?:the\s+)?end[- ](?:of\s+)?(?:{_MONTH}\s+)?((?:19|20)\d\d)\b"), "until"),
    # "planned for July 2009", "scheduled for March 2014", "expected in summer 2023" is a season: left out
    (re.compile(rf"\b(?:planned|scheduled|expected|due)\s+(?:for|in)\s+(?:(?:early|mid|late)[- ])?{_MONTH}"
                r"\s+((?:19|20)\d\d)\b"), "month"),
)  # fmt: skip
# The other languages' months; each pattern's groups are (month, year), as above.
_M = {
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "de": "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember",
    "it": "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre",
    "nl": "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december",
    "sv": "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december",
}
_YEAR = r"((?:19|20)\d\d)\b"
_FOREIGN = (
    # "d'ici fin 2025", "d'ici à la fin de 2025", "jusqu'à fin mars 2023", "avant la fin de l'année 2024"
    (
        rf"\b(?:d['’]ici(?:\s+à)?|jusqu['’](?:à|au)|avant)\s+(?:la\s+)?fin\s+(?:de\s+|d['’]|du\s+mois\s+de\s+)?"
        rf"(?:l['’]année\s+)?(?:({_M['fr']})\s+)?{_YEAR}",
        "until",
    ),
    (rf"\bprévue?s?\s+(?:pour|en|dès)\s+(?:(?:début|mi|fin)[- ])?({_M['fr']})\s+{_YEAR}", "month"),
    # "bis Ende 2025", "bis spätestens Ende März 2023", "bis zum Ende des Jahres 2024"
    (rf"\bbis\s+(?:spätestens\s+)?(?:zum\s+)?Ende\s+(?:des\s+Jahres\s+)?(?:({_M['de']})\s+)?{_YEAR}", "until"),
    (rf"\b(?:geplant|vorgesehen)\s+für\s+(?:(?:Anfang|Mitte|Ende)\s+)?({_M['de']})\s+{_YEAR}", "month"),
    (rf"\bfür\s+(?:(?:Anfang|Mitte|Ende)\s+)?({_M['de']})\s+{_YEAR}\s+(?:geplant|vorgesehen)", "month"),
    # "entro la fine del 2025", "entro fine marzo 2023"
    (rf"\bentro\s+(?:la\s+)?fine\s+(?:di\s+|del\s+|dell['’]anno\s+)?(?:({_M['it']})\s+)?{_YEAR}", "until"),
    (rf"\bprevist[oaie]\s+(?:per|a|in)\s+(?:(?:inizio|metà|fine)\s+)?({_M['it']})\s+{_YEAR}", "month"),
    # an end of term: "le mandat expire à la fin de 2021", "il mandato scade alla fine del 2021",
    # "der Vertrag läuft Ende 2021 aus", "avtalet löper ut vid utgången av 2021"
    (
        rf"\b(?:expire|expirera|prend\s+fin|prendra\s+fin|arrive\s+à\s+(?:son\s+)?(?:échéance|terme))\s+(?:à\s+)?"
        rf"(?:la\s+)?fin\s+(?:de\s+|d['’]|du\s+mois\s+de\s+)?(?:l['’]année\s+)?(?:({_M['fr']})\s+)?{_YEAR}",
        "until",
    ),
    (
        rf"\b(?:scade|scadrà|termina|terminerà)\s+(?:il\s+)?(?:alla\s+)?fine\s+(?:di\s+|del\s+|dell['’]anno\s+)?"
        rf"(?:({_M['it']})\s+)?{_YEAR}",
        "until",
    ),
    (
        rf"\b(?:läuft|endet)\s+(?:[^\W\d]+\s+){{0,3}}?(?:per\s+|bis\s+)?Ende\s+(?:des\s+Jahres\s+)?(?:({_M['de']})\s+)?"
        rf"{_YEAR}",
        "until",
    ),
    (
        rf"\b(?:löper\s+ut|upphör|går\s+ut)\s+(?:vid\s+|i\s+)?(?:slutet|utgången)\s+av\s+(?:({_M['sv']})\s+)?{_YEAR}",
        "until",
    ),
    # "uiterlijk eind maart 2023", "tegen het einde van 2025"
    (
        rf"\b(?:uiterlijk|tegen|tot|vóór|voor)\s+(?:het\s+)?(?:eind|einde)\s+(?:van\s+)?(?:({_M['nl']})\s+)?{_YEAR}",
        "until",
    ),
    (rf"\bgepland\s+(?:voor|in)\s+(?:(?:begin|half|eind)\s+)?({_M['nl']})\s+{_YEAR}", "month"),
    # "senast vid utgången av 2025", "till slutet av mars 2023", "före utgången av 2024"
    (rf"\b(?:senast|till|före)\s+(?:i\s+|vid\s+)?(?:slutet|utgången)\s+av\s+(?:({_M['sv']})\s+)?{_YEAR}", "until"),
    (
        rf"\bplaneras\s+(?:till|i|under)\s+(?:(?:början\s+av|mitten\s+av|slutet\s+av)\s+)?({_M['sv']})\s+{_YEAR}",
        "month",
    ),
)
_PATTERNS += tuple((re.compile(pattern, re.I), kind) for pattern, kind in _FOREIGN)  # fmt: skip


@dataclass(frozen=True)
class Deadline:
    """A date a sentence sets for something due, with the sentence's offsets in the text."""

    when: str
    start: int
    end: int


def deadlines(text: str) -> list[Deadline]:
    """The deadlines and planned dates in ``text``, by sentence, in reading order.

    >>> [d.when for d in deadlines("It must define the structures by end-March 2023. The rest by the end of 2034.")]
    ['/2023-03', '/2034']
    >>> [d.when for d in deadlines("The selection of model is planned for July 2009.")]
    ['2009-07']
    >>> deadlines("The meeting took place on 3 July 2009.")
    []
    >>> [d.when for d in deadlines("Le rapport sera présenté d'ici fin 2025. La loi est prévue pour mars 2024.")]
    ['/2025', '2024-03']
    >>> [d.when for d in deadlines("Das EJPD legt bis Ende März 2023 einen Bericht vor.")]
    ['/2023-03']
    >>> [d.when for d in deadlines("En proposition lämnas senast vid utgången av 2025.")]
    ['/2025']
    >>> [d.when for d in deadlines("Il mandato in essere scade alla fine del 2021. Das Mandat läuft Ende 2021 aus.")]
    ['/2021', '/2021']
    >>> [d.when for d in deadlines("Le mandat expire à la fin de mars 2021. Avtalet löper ut vid utgången av 2026.")]
    ['/2021-03', '/2026']
    """
    out: list[Deadline] = []
    for start, end in split_sentences(text):
        sentence = text[start:end]
        for pattern, kind in _PATTERNS:
            for match in pattern.finditer(sentence):
                month, year = match.group(1), match.group(2)
                when = f"{year}-{MONTHS[month.lower()]:02d}" if month else year
                out.append(Deadline(f"/{when}" if kind == "until" else when, start, end))
    return out
