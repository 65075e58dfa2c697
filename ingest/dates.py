"""Dates in a document's text, normalised and tied to the sentence (the event) they date.

Recognised: days (``on 24 January``, ``Thursday the 25th of January``, ``24 and 25 January``,
``January 24, 2024``; French, German, Italian, Dutch and Swedish months too: ``le 24 janvier
2024``, ``am 3. März 2023``, ``il 1° maggio``), months (``in July 2023``, ``in early December``),
years (``in 2025``, ``from 2026``), periods (``until March 2025``), agenda times (``09:30 –
12:15 Working Session I`` under a dated heading), and relative expressions (``in autumn this
year``, ``next year``) read against the document's date. Years left out
are taken from the document's date. ``ingest.date_extra`` adds ranges (``du 1er janvier au 30
novembre 2017``), years after a preposition of any language (``nel 2017``), seasons, relative years
(``l'année dernière``) and the document's own day (``heute``: only where the document's date has a
day). ``when`` is ISO 8601: a day ``2024-01-24``, a month ``2023-07``, a time span
``2024-01-25T09:30/12:15``, a period ``/2025-03`` (until) or a range ``2025-09/2025-11``.
"""

from __future__ import annotations

import datetime
import re

from ingest import date_extra, date_words
from ingest.date_extra import FUTURE as _FUTURE
from ingest.date_extra import LATER_MONTHS
from ingest.date_extra import MONTH as _MONTH
from ingest.months import MONTHS
from ingest.records import DatedEvent
from ingest.sentences import split_sentences

# English months are capitalised ("may" is a verb); the others may be lower case (ingest.date_extra).
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY_FIRST = re.compile(
    rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th|er|\.|°|º)?"
    rf"(?:\s+(?:and|&|-|–|et|und|e|en|och)\s+(\d{{1,2}})(?:st|nd|rd|th|\.)?)?"
    rf"\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?\b"
)
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{{4}})\b")
_UNTIL = re.compile(rf"(?:{date_words.UNTIL})$", re.I)
# "will not be lifted before 4 March 2023": that day opens the period (the earliest), it ends nothing.
_NOT_BEFORE = re.compile(r"\b(?:not|never|no\s+earlier)\b[^.;:]{0,60}$", re.I)


def _ends(word: str, before: str) -> bool:
    """Whether the bound ``word`` ends a period ("until", "by", "before"), ``before`` the text up to the date.

    >>> _ends("before", "Applications must be submitted "), _ends("before", "It will not be lifted ")
    (True, False)
    """
    return bool(_UNTIL.match(word)) and not (word.lower() == "before" and _NOT_BEFORE.search(before))
_PERIOD = re.compile(
    rf"(?<![\w'’])({date_words.UNTIL}|{date_words.SINCE})\s+(?:(?:the\s+)?end\s+of\s+|(?:la\s+)?fin\s+(?:de\s+)?|"
    rf"Ende\s+|(?:la\s+)?fine\s+(?:di\s+)?|slutet\s+av\s+|utgången\s+av\s+)?{_MONTH}\s+(\d{{4}})\b",
    re.I,
)
_BOUND = re.compile(
    rf"(?<![\w'’])({date_words.UNTIL}|{date_words.SINCE})\s+(?:the\s+|le\s+|il\s+|l['’]|den\s+|zum\s+|dem\s+)?$", re.I
)
# A month and its year, said with or without a preposition: "in July 2023", "Nel luglio 2014",
# "statistiques de novembre 2017", "novembre del 2001".
_MONTH_YEAR = re.compile(
    rf"(?:\b(?:in|In|of|since|Since|en|En|im|Im|op|Op|a|A|i|I|seit|Seit|depuis|Depuis|dal|Dal|sedan|Sedan|"
    rf"[Nn]el|[Nn]ell['’]|[Dd]all['’]|[Vv]om|[Dd]e|[Dd]u\s+mois\s+de)\s*)?(?<![\d.])\b{_MONTH}\s+(?:del\s+)?(\d{{4}})\b"
)
# A month without its year, said as a time: "in early December", "since the end of May".
# "en octobre", "im April", "nel mese di luglio", "i juli", "bis Ende September" (until): in the
# nearer year (``LATER_MONTHS``).
_MONTH_ALONE = re.compile(
    rf"(?<![\w'’])(?:(?i:{date_words.UNTIL}|{date_words.SINCE})\s+)?(?:{date_words.MONTH_AT})\s*"
    rf"(?:(?:early|mid|late)[- ]|the\s+(?:beginning|start|middle|end)\s+of\s+|de\s+)?{_MONTH}\b(?!\s+\d)"
)
# A year alone: "in 2025", "from 2026", "by 2030".
_YEAR = re.compile(r"\b(?:[Ii]n|[Ff]rom|[Uu]ntil|[Bb]y|[Ss]ince)\s+((?:19|20)\d\d)\b(?![-–/]|\s+\d)")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_RELATIVE = re.compile(
    r"\b(?:in\s+)?(?:the\s+)?(spring|summer|autumn|fall|winter)?\s*(?:of\s+)?(this|next|last)\s+year\b", re.I
)
# A day or month without its year, over ``LATER_MONTHS`` (6) months after the document's, told without
# a word of the future, is the year before's: the nearer of the two. It was 2 until session 37; on
# 3,373 records that moved 17 events to the year before, 12 of them wrongly by hand; at 6, 11 of the
# 17 are right (docs/reader.md, session 37). The rule is ``ingest.date_extra.nearest``.
_TIME_LINE = re.compile(r"^(\d{1,2})[:.](\d{2})(?:\s*[–-]\s*(\d{1,2})[:.](\d{2}))?\s+(.+)$")


def extract_dates(text: str, document_date: str | None = None) -> tuple[DatedEvent, ...]:
    """Every dated event of ``text`` in reading order (see the module's doc for the shapes)."""
    year = int(document_date[:4]) if document_date and document_date[:4].isdigit() else None
    month = int(document_date[5:7]) if document_date and document_date[5:7].isdigit() else None
    day = document_date[:10] if document_date and len(document_date) >= 10 else None  # "today" needs a day
    found: list[DatedEvent] = []
    heading_day: str | None = None
    at = 0
    for raw in text.split("\n"):
        line = raw.strip()
        start = at + (raw.index(line) if line else 0)
        at += len(raw) + 1
        if not line:
            continue
        timed = _TIME_LINE.match(line)
        if timed and heading_day and _clock(*timed.group(1, 2)) and (not timed.group(3) or _clock(*timed.group(3, 4))):
            h1, m1, h2, m2, what = timed.groups()
            span = f"{int(h1):02d}:{m1}" + (f"/{int(h2):02d}:{m2}" if h2 else "")
            found.append(
                DatedEvent(
                    f"{heading_day}T{span}", line[: timed.start(5)].strip(), line, "time", start, start + len(line)
                )
            )
            continue
        days = _days(line, year)
        if days and len(line.split()) <= 14 and len(days) == 1:
            heading_day = days[0][0]  # a short dated line heads the agenda below it
        for s, e in split_sentences(line) or [(0, len(line))]:
            sentence = line[s:e]
            for when, label, kind in _in_sentence(sentence, year, month, day):
                found.append(DatedEvent(when, label, sentence, kind, start + s, start + e))
    return tuple(found)


def _in_sentence(
    sentence: str, year: int | None, document_month: int | None = None, day: str | None = None
) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match | tuple, when: str | None, kind: str) -> None:
        start, end = (match.start(), match.end()) if isinstance(match, re.Match) else match
        if when and not any(start < b and a < end for a, b in taken):
            out.append((when, sentence[start:end].strip(), kind))
            taken.append((start, end))

    for start, end, when, kind in date_extra.ranges(sentence, year, document_month):
        add((start, end), when, kind)
    for start, end, when, kind in date_extra.relative(sentence, year, document_month, day):
        add((start, end), when, kind)  # before months alone: "i juli förra året" is last year's July
    for match in _PERIOD.finditer(sentence):
        word, month, y = match.group(1), MONTHS[match.group(2).lower()], match.group(3)
        when = f"/{y}-{month:02d}" if _ends(word, sentence[: match.start()]) else f"{y}-{month:02d}/"
        add(match, when, "period")
    for match in _MONTH_FIRST.finditer(sentence):
        add(match, _iso(match.group(3), match.group(1), match.group(2), year), "day")
    for match in _DAY_FIRST.finditer(sentence):
        first, second, month, y = match.groups()
        # A day without its year is the nearest such day: more than half a year after the document's
        # month, and told without a word of the future, it was last year's (``LATER_MONTHS``).
        later = bool(document_month) and MONTHS[month.lower()] > (document_month or 0) + LATER_MONTHS
        past = not y and year is not None and later and not _FUTURE.search(sentence)
        chosen = year - 1 if past and year is not None else year
        when = _iso(y, month, first, chosen)
        if when and second:
            when = f"{when}/{_iso(y, month, second, chosen)}"
        bound = _BOUND.search(sentence[: match.start()])
        if when and bound and not second:  # "until 4 March 2024": a period, not the day itself
            when = f"/{when}" if _ends(bound.group(1), sentence[: match.start()]) else f"{when}/"
            add(match, when, "period")
            continue
        add(match, when, "day")
    for match in _MONTH_YEAR.finditer(sentence):
        add(match, f"{match.group(2)}-{MONTHS[match.group(1).lower()]:02d}", "month")
    for match in _MONTH_ALONE.finditer(sentence):
        if year is None:
            continue
        number = MONTHS[match.group(1).lower()]
        when = f"{date_extra.nearest(number, year, document_month, sentence):04d}-{number:02d}"
        bound = re.match(rf"(?i:({date_words.UNTIL}|{date_words.SINCE}))\s", match.group())
        if bound and not re.match(r"(?i:in|i|en)$", bound.group(1)):  # "bis Ende September": until then
            add(match, f"/{when}" if _ends(bound.group(1), sentence[: match.start()]) else f"{when}/", "period")
            continue
        add(match, when, "month")
    for match in _YEAR.finditer(sentence):
        word = match.group().split()[0].lower()
        y = match.group(1)
        add(match, {"until": f"/{y}", "by": f"/{y}", "from": f"{y}/", "since": f"{y}/"}.get(word, y), "year")
    for start, end, when, kind in date_extra.years(sentence):
        add((start, end), when, kind)
    for match in _RELATIVE.finditer(sentence):
        if year is None:
            continue
        season, which = match.group(1), match.group(2).lower()
        y = year + {"this": 0, "next": 1, "last": -1}[which]
        if season:
            a, b = _SEASONS[season.lower()]
            when = f"{y:04d}-{a:02d}/{y + (b < a):04d}-{b:02d}"
        else:
            when = f"{y:04d}"
        add(match, when, "relative")
    return sorted(out, key=lambda item: sentence.find(item[1]))


def _days(line: str, year: int | None) -> list[tuple[str, str]]:
    out = []
    for match in _DAY_FIRST.finditer(line):
        when = _iso(match.group(4), match.group(3), match.group(1), year)
        if when:
            out.append((when, match.group()))
    return out


def _iso(y: str | None, month: str, day: str, year: int | None) -> str | None:
    """``2024-01-24``, the year from the text or else the document; None when neither has one.

    >>> _iso(None, "January", "24", 2024), _iso("2023", "July", "1", None), _iso(None, "May", "40", 2024)
    ('2024-01-24', '2023-07-01', None)
    >>> _iso("2023", "February", "29", None), _iso(None, "February", "29", 2024)
    (None, '2024-02-29')
    """
    chosen = int(y) if y else year
    try:  # a day the calendar does not have (31 April) is no date
        return datetime.date(chosen, MONTHS[month.lower()], int(day)).isoformat() if chosen else None
    except ValueError:
        return None


def _clock(hours: str, minutes: str) -> bool:
    """Whether ``hours:minutes`` is a time of day (24:00 ends one).

    >>> _clock("09", "30"), _clock("24", "00"), _clock("25", "10"), _clock("12", "60")
    (True, True, False, False)
    """
    return (int(hours), int(minutes)) <= (24, 0) and int(minutes) < 60
