"""Sentence boundaries as character offsets, for passages and extractive answers."""

from __future__ import annotations

import re

from ingest.months import MONTHS

# Words after which a full stop does not end a sentence (several EU languages). The second line
# holds the short forms of figures and law references: "4 Mio. Franken", "Fr. 20.-", "Art. 33 Abs. 1".
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nr art para e.g i.e etc vs cf approx dept fig vol jr sr gen gov pres rep "
    "sen hon inc ltd co corp bzw z.b u.a d.h vgl ca nos p pp ed eds mme mlle m dhr mevr bijv o.a resp "
    "sig dott "
    "mio mrd mia fr abs ziff bst lit kl "
    "al cpv let lett cif ch ss seg segg cst "  # French and Italian: "art. 5 al. 2", "art. 3 cpv. 1 lett. a"
    # Swiss and Swedish short forms before a capital or a figure: "des Eidg. Justiz- und Polizeidepartements",
    # "(inkl. Personalien)", "sog. Sockelbeitrag", "Dr. iur. Eduard Gnesa", "env. 5 %", "bl.a. Göteborg",
    # "fr.o.m. 1 januari", "t.ex. AI", "dvs. 2016".
    "eidg inkl exkl sog dipl iur oec publ env bl.a t.ex s.k fr.o.m t.o.m dvs".split()
)
# A sentence ends at a full stop, its closing marks (French sets a space before "»": "… importante. »")
# and space, before a capital or a figure, which may follow an opening quotation mark or the dash that
# opens a quotation line ("… a-t-elle estimé. « L'exclusion …", "… sagte sie. „Wir …", "… sa hon. – Vi …").
_CANDIDATE = re.compile(
    r"[.!?…]+(?:[ \u00a0\u202f]?[\"'”’»)\]])*"
    r"(?=\s+(?:[\"'“‘«„»‹(\[–—−][ \u00a0\u202f]*)?[A-ZÀ-ÖØ-Þ0-9])"
)
_OPENING = frozenset("«„‹–—−")
# A day written as an ordinal before its month, as German and the Nordic languages write dates.
_ORDINAL_DAY = re.compile(r"(?:^|\s|\()\d{1,2}$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``, trimmed of spaces.

    >>> t = "Mr. Jans spoke. The Council agreed on 4 March. Done"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mr. Jans spoke.', 'The Council agreed on 4 March.', 'Done']
    >>> t = "Ab dem 20. April 2012 gilt die Regel. Sie kostet 4 Mio. Franken."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Ab dem 20. April 2012 gilt die Regel.', 'Sie kostet 4 Mio. Franken.']
    >>> t = "Explosives (Art. 226 para. 2 SCC) were found."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Explosives (Art. 226 para. 2 SCC) were found.']
    >>> t = "C'est un pas, a-t-elle estimé. « L'exclusion est importante. » Le texte entre en vigueur."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ["C'est un pas, a-t-elle estimé.", "« L'exclusion est importante. »", 'Le texte entre en vigueur.']
    >>> t = "Secondo l’art. 3 cpv. 1 lett. a LStr, la SEM decide. Selon l'art. 5 al. 2 LAsi, le SEM décide."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Secondo l’art. 3 cpv. 1 lett. a LStr, la SEM decide.', "Selon l'art. 5 al. 2 LAsi, le SEM décide."]
    >>> t = "Le taux a atteint 18,7 %. Le visa sera « davantage employé ». Dans ce cadre, rien."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Le taux a atteint 18,7 %.', 'Le visa sera « davantage employé ».', 'Dans ce cadre, rien.']
    >>> t = "Dies betonte die Vorsteherin des Eidg. Justiz- und Polizeidepartements. Das CBAM gilt fr.o.m. 1 januari."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Dies betonte die Vorsteherin des Eidg. Justiz- und Polizeidepartements.', 'Das CBAM gilt fr.o.m. 1 januari.']
    >>> t = "Det är viktigt, sa hon. – Vi ska agera. Han höll med."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Det är viktigt, sa hon.', '– Vi ska agera.', 'Han höll med.']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        word = text[start : match.start()].rsplit(None, 1)[-1].lower() if text[start : match.start()].strip() else ""
        word = word.lstrip("([{«“‘\"'")  # "(Art. 226 SCC)" is one reference
        bare = re.split(r"['’]", word)[-1]  # after an elided article: "l’art. 3", "dell'art. 5"
        opens = text[end:].lstrip()[:1] in _OPENING  # no abbreviation comes before a quotation
        if (
            match.group().startswith(".")
            and not opens
            and (
                word.rstrip(".") in _ABBREVIATIONS
                or bare.rstrip(".") in _ABBREVIATIONS
                or (len(word) == 1 and word.isalnum())
            )
        ):
            continue
        if match.group() == "." and _ordinal_day(text, start, match.start(), end):
            continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _ordinal_day(text: str, start: int, stop: int, end: int) -> bool:
    """Whether the full stop at ``stop`` follows a day number and precedes a month: "am 20. April"."""
    if not _ORDINAL_DAY.search(text[start:stop]):
        return False
    following = _NEXT_WORD.match(text, end)
    return bool(following) and following.group(1).lower() in MONTHS


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
