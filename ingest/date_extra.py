"""Dates that ``ingest.dates`` reads with the words of ``ingest.date_words``: ranges (``from 12 to 15
June``, ``du 1er janvier au 30 novembre 2017``, ``von September 2014 bis April 2016``), years after a
preposition in any language (``en 2012``, ``im Jahr 2014``, ``nel 2017``, ``under 2024``), seasons
(``in autumn 2013``, ``im Herbst dieses Jahres``), relative years (``l'année dernière``, ``i juli
förra året``) and the document's own day (``aujourd'hui``, ``heute``, ``oggi``, ``today``).

Each finder gives ``(start, end, when, kind)`` in the sentence; ``when`` as in ``ingest.dates``.
"""

from __future__ import annotations

import datetime
import re

from ingest import date_words as w
from ingest.months import FOREIGN_MONTHS, MONTHS

FOREIGN = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|"
    rf"(?i:{FOREIGN}))"
)
# See ``ingest.dates``: a day or month without its year, over this many months after the document's
# month and told without a word of the future, is the year before's.
LATER_MONTHS = 6
FUTURE = re.compile(
    r"\b(will|shall|is to|are to|planned|scheduled|upcoming|next|sera|seront|aura|prochain\w*|wird|werden|"
    r"nächste\w*|sarà|saranno|prossim\w*|ska|kommer|nästa|prévue?s?|geplant|vorgesehen|previst[oaie]|planeras|"
    r"\w{3,}(?:ra|ront)|\w+(?:rà|ranno))\b",
    re.I,
)
Found = tuple[int, int, str, str]
_ORD = r"(?:st|nd|rd|th|er|\.|°|º)?"
_ART = r"(?:the\s+|le\s+|il\s+|l['’]|den\s+|zum\s+|dem\s+)?"
_DAY_RANGE = re.compile(
    rf"\b(?:(?i:{w.RANGE_OPEN})\s+{_ART}(\d{{1,2}}){_ORD}(?:\s+(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}}))?)?\s+"
    rf"(?:{w.RANGE_TO})|(\d{{1,2}}){_ORD}\s*[-–])\s*{_ART}(\d{{1,2}}){_ORD}\s+(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}}))?\b"
)
_MONTH_RANGE = re.compile(
    rf"\b(?:(?i:{w.RANGE_OPEN})\s+(?:(?:the\s+)?(?:end|beginning)\s+of\s+|(?:fin|début|Ende|Anfang)\s+)?)?"
    rf"{MONTH}(?:\s+(\d{{4}}))?\s*(?:\s(?:{w.RANGE_TO})\s|[-–])\s*(?:(?:the\s+)?(?:end|beginning)\s+of\s+|"
    rf"(?:fin|début|Ende|Anfang)\s+)?{MONTH}(?:\s+(\d{{4}}))?\b"
)
_YEAR_RANGE = re.compile(
    rf"\b(?i:{w.RANGE_OPEN}|(?:the\s+)?years|år|Jahren?|anni)\s+((?:19|20)\d\d)\s*(?:\s(?:{w.RANGE_TO})\s|[-–])\s*"
    r"((?:19|20)\d\d)\b(?![-–/.]\d)"
)
_YEAR_AT = re.compile(
    rf"(?<![\w'’])(?i:({w.UNTIL})|({w.SINCE})|{w.IN_YEAR})\s+(?:(?:l['’]année|(?:dem|das)\s+Jahr|l['’]anno|år)\s+)?"
    r"((?:19|20)\d\d)\b(?![-–/.]\d|\s+\d|\s*%|\s+(?:kr|kronor|francs?|Franken|franchi|euros?|CHF|personer|personnes|Personen|persone|people)\b)"
)
_SEASON = "|".join(w.SEASONS)
_RELATIVE_YEAR = "|".join(re.escape(k).replace("'", "['’]") for k in sorted(w.RELATIVE_YEARS, key=len, reverse=True))
_SEASON_YEAR = re.compile(
    rf"\b(?i:{_SEASON})\s+(?:of\s+|de\s+|del\s+|dell['’]anno\s+)?(?:((?:19|20)\d\d)\b|(?i:({_RELATIVE_YEAR})))"
)
_MONTH_RELATIVE = re.compile(rf"\b{MONTH}\s+(?:(?:de|del|of|i)\s+)?(?i:({_RELATIVE_YEAR}))")
_RELATIVE_ALONE = re.compile(rf"(?<![\w'’])(?i:({_RELATIVE_YEAR}))(?!\w)")
_DAYWORD = "|".join(re.escape(k).replace("'", "['’]") for k in sorted(w.RELATIVE_DAYS, key=len, reverse=True))
_RELATIVE_DAY = re.compile(rf"(?<![\w'’])(?i:{_DAYWORD})(?!\w)")
_NOWADAYS = re.compile(w.NOWADAYS, re.I)


def nearest(number: int, year: int, document_month: int | None, sentence: str) -> int:
    """The year of a month told without one: the document's, or the year before's when the month is
    over ``LATER_MONTHS`` after the document's and the sentence has no word of the future."""
    later = bool(document_month) and number > (document_month or 0) + LATER_MONTHS
    return year - 1 if later and not FUTURE.search(sentence) else year


def _day(y: int, month: str, day: str) -> str | None:
    try:
        return datetime.date(y, MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return None


def ranges(sentence: str, year: int | None, month: int | None) -> list[Found]:
    """Ranges of days, months and years, each one event: ``2017-01-01/2017-11-30``."""
    out: list[Found] = []
    for m in _DAY_RANGE.finditer(sentence):
        d1, m1, y1, d1b, d2, m2, y2 = m.groups()
        d1 = d1 or d1b
        if not y2 and year is None:
            continue
        end_y = int(y2) if y2 else nearest(MONTHS[m2.lower()], year or 0, month, sentence)
        m1 = m1 or m2
        start_y = int(y1) if y1 else end_y - (MONTHS[m1.lower()] > MONTHS[m2.lower()])
        a, b = _day(start_y, m1, d1), _day(end_y, m2, d2)
        if a and b and a < b:
            out.append((m.start(), m.end(), f"{a}/{b}", "day"))
    for m in _MONTH_RANGE.finditer(sentence):
        m1, y1, m2, y2 = m.groups()
        if not y2 and year is None or m1[0].islower() and m1.lower() in ("may",):
            continue
        end_y = int(y2) if y2 else nearest(MONTHS[m2.lower()], year or 0, month, sentence)
        start_y = int(y1) if y1 else end_y - (MONTHS[m1.lower()] > MONTHS[m2.lower()])
        a, b = f"{start_y:04d}-{MONTHS[m1.lower()]:02d}", f"{end_y:04d}-{MONTHS[m2.lower()]:02d}"
        if a < b:
            out.append((m.start(), m.end(), f"{a}/{b}", "month"))
    for m in _YEAR_RANGE.finditer(sentence):
        if m.group(1) < m.group(2):
            out.append((m.start(), m.end(), f"{m.group(1)}/{m.group(2)}", "year"))
    return out


def years(sentence: str) -> list[Found]:
    """A year after a preposition of any language: ``en 2012`` is 2012, ``bis 2020`` ``/2020``."""
    out: list[Found] = []
    for m in _YEAR_AT.finditer(sentence):
        until, since, y = m.groups()
        when = f"/{y}" if until else f"{y}/" if since else y
        out.append((m.start(), m.end(), when, "year"))
    return out


def relative(sentence: str, year: int | None, month: int | None, day: str | None) -> list[Found]:
    """Seasons, relative years (the document's year known) and the document's day (its day known)."""
    out: list[Found] = []
    if year is not None:
        for m in _SEASON_YEAR.finditer(sentence):
            y = int(m.group(1)) if m.group(1) else _shift(m.group(2), year)
            if y is None:
                continue
            a, b = w.SEASONS[m.group().split()[0].lower()]
            out.append((m.start(), m.end(), f"{y:04d}-{a:02d}/{y + (b < a):04d}-{b:02d}", "relative"))
        for m in _MONTH_RELATIVE.finditer(sentence):
            y = _shift(m.group(2), year)
            if y is not None:
                out.append((m.start(), m.end(), f"{y:04d}-{MONTHS[m.group(1).lower()]:02d}", "relative"))
        for m in _RELATIVE_ALONE.finditer(sentence):
            y = _shift(m.group(1), year)
            if y is not None:
                out.append((m.start(), m.end(), f"{y:04d}", "relative"))
    if day:
        for m in _RELATIVE_DAY.finditer(sentence):
            when = _the_day(sentence, m, day)
            if when:
                out.append((m.start(), m.end(), when, "relative"))
    return out


def _shift(words: str, year: int) -> int | None:
    key = re.sub(r"\s+", " ", words.lower().replace("’", "'"))
    offset = w.RELATIVE_YEARS.get(key)
    return None if offset is None else year + offset


def _the_day(sentence: str, m: re.Match, day: str) -> str | None:
    """The document's day shifted by the word, where the sentence tells an event of that day."""
    word = re.sub(r"\s+", " ", m.group().lower().replace("’", "'"))
    if any(n.start() <= m.start() < n.end() or m.start() <= n.start() < m.end() for n in _NOWADAYS.finditer(sentence)):
        return None
    if word == "i dag" and re.match(r"\s+(?:finns|är|gäller)\b", sentence[m.end() :]):
        return None
    verb = re.compile(rf"\b(?:{w.EVENT_VERB[w.DAY_LANGUAGE[word]]})\b", re.I)
    before = re.findall(r"[\w'’]+", sentence[: m.start()])[-3:]
    after = re.findall(r"[\w'’]+", sentence[m.end() :])[:4]
    if not verb.search(" ".join(before + after)):
        return None
    try:
        date = datetime.date.fromisoformat(day) + datetime.timedelta(days=w.RELATIVE_DAYS[word])
    except ValueError:
        return None
    return date.isoformat()
