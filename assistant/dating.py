"""Dates for "when" answers: the dates extracted at ingest that fall inside the quoted words.

An answer to "When …?" quotes the sentence that dates the event, which often says only
"on Thursday", "next month" or "in autumn this year". The dates extracted at ingest have
already read those against the document's date; the answer carries them, normalised, beside
the quote that holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, TypeVar

from assistant.messages import message
from assistant.nodes import ScoredNode
from assistant.records import Citation
from index.catalogue import DocumentRecord
from index.store import PassageStore
from ingest.months import MONTHS

_YEAR = re.compile(r"(?<![\d/.-])(19[5-9]\d|20\d\d)(?![\d/.-])")
# "in June 2019", "en juin 2019", "im Juni 2019", "nel giugno 2019", "i juni 2019", "in juni 2019"
_MONTH_YEAR = re.compile(rf"\b({'|'.join(sorted(MONTHS, key=len, reverse=True))})\s+(19[5-9]\d|20\d\d)\b", re.I)
_YEAR_MONTH = re.compile(r"\b(\d{4})-(\d{2})")


class _Placed(Protocol):
    @property
    def rank(self) -> int: ...


C = TypeVar("C", bound=_Placed)


@dataclass(frozen=True)
class AnswerDate:
    """A date the cited words give, normalised, and the citation that holds it."""

    n: int  # the citation's number
    when: str  # ISO 8601, as extracted ("2024-01-25", "2025-09/2025-11", "/2025-03")
    label: str  # the words that gave it, as written ("Thursday", "in autumn this year")
    kind: str  # "day", "month", "time", "period" or "relative"


def answer_dates(citations: tuple[Citation, ...], store: PassageStore) -> tuple[AnswerDate, ...]:
    """The dates extracted from each citation's document whose event overlaps the quote."""
    out: list[AnswerDate] = []
    seen: set[str] = set()
    for c in citations:
        for ev in store.dates(c.source_id):
            # The event is the sentence that holds the date; its label must stand in the quote.
            if ev.start < c.end and ev.end > c.start and ev.label in c.quote and ev.when not in seen:
                seen.add(ev.when)
                out.append(AnswerDate(c.n, ev.when, ev.label, ev.kind))
    return tuple(out)


def when_label(when: str) -> str:
    """A date for readers: times with their day, open periods in words.

    >>> when_label("2023-10-19; /2025-03"), when_label("2024-01-25T09:30/12:15"), when_label("2023-11/")
    ('2023-10-19; until 2025-03', '2024-01-25 09:30–12:15', 'from 2023-11')
    """

    def one(part: str) -> str:
        if part.startswith("/"):
            return f"until {part[1:]}"
        if part.endswith("/"):
            return f"from {part[:-1]}"
        return part.replace("T", " ").replace("/", "–") if "T" in part else part

    return "; ".join(one(part) for part in when.split("; "))


def dates_line(dates: tuple[AnswerDate, ...], lang: str = "en") -> str:
    """The dates of an answer in one line, labelled in the question's language.

    >>> dates_line((AnswerDate(1, "2024-01-25", "Thursday", "day"),))
    'When: 2024-01-25 (“Thursday”) [1]'
    """
    if not dates:
        return ""
    parts = [f"{when_label(d.when)} (“{d.label}”) [{d.n}]" if d.label != d.when else f"{d.when} [{d.n}]" for d in dates]
    return f"{message('when', lang)}: " + "; ".join(parts)


def asks_about_other_years(question: str, cited: list[ScoredNode], store: PassageStore) -> bool:
    """Whether the question names years, or months of a year, that none of the documents the
    answer would cite is dated in or speaks of: they report other times, so they cannot say what
    happened then.

    ``cited`` are the passages the answer would quote (an undated document decides nothing). Later
    years are the common case (documents published before them), but a release of 2024 on 2022's
    figures does not answer a question about 2019 either, nor September's statistics one about
    June. A document may announce a later year's plans ("fishing opportunities for 2025", "next
    year"), or look back: it then names the year (the month), or the dates read at ingest place an
    event in it. A month is met by a document of the month before or after it (a release early in
    July reports June).
    """
    years = set(_YEAR.findall(question))
    months = {(int(y), MONTHS[m.casefold()]) for m, y in _MONTH_YEAR.findall(question)}
    sources = [(node.node.metadata["source_id"], node.node.metadata.get("date")) for node in cited]
    if not years or not sources or not all(date for _, date in sources):
        return False
    year_met = any(str(date)[:4] in years for _, date in sources)
    month_met = any(_near(date, months) for _, date in sources)
    for source_id in dict.fromkeys(source_id for source_id, _ in sources):
        if year_met and (month_met or not months):
            return False
        record = store.document(source_id)
        year_met = year_met or _names_year(record, years)
        month_met = month_met or _names_month(record, months)
    return not (year_met and (month_met or not months))


def of_the_period(question: str, chosen: tuple[C, ...], best: C, nodes: list[ScoredNode], store: PassageStore
                  ) -> tuple[C, ...]:
    """Of ``chosen`` (anything with a passage ``rank``), the sentences whose documents are dated in, or
    speak of, one of the years the question names (near the month, where it names one), where the
    ``best`` one's document is of that time: a 2024 answer does not add a sentence of 2022. Where it
    is not, all of them, and the answer is refused as ``asks_about_other_years`` decides."""
    months = {(int(y), MONTHS[m.casefold()]) for m, y in _MONTH_YEAR.findall(question)}
    years = set(_YEAR.findall(question)) - {str(y) for y, _ in months}  # the years named without a month
    if not years and not months:
        return chosen
    meets: dict[str, bool] = {}
    for c in (best, *chosen):
        source, date = nodes[c.rank].node.metadata["source_id"], nodes[c.rank].node.metadata.get("date")
        if source not in meets:
            meets[source] = not date or str(date)[:4] in years or _near(str(date), months) or _speaks_of(
                store.document(source), years, months)
    if not meets[nodes[best.rank].node.metadata["source_id"]]:
        return chosen
    return tuple(c for c in chosen if meets[nodes[c.rank].node.metadata["source_id"]])


def _speaks_of(record: DocumentRecord, years: set[str], months: set[tuple[int, int]]) -> bool:
    """Whether a document names one of ``years`` or a month near one of ``months`` (in its text, or in
    the dates read from it at ingest)."""
    return _names_year(record, years) or _names_month(record, months)


def _names_year(record: DocumentRecord, years: set[str]) -> bool:
    spoken = f"{record.title}\n{record.text or ''}\n" + " ".join(event.when for event in record.dates)
    return any(year in spoken for year in years)


def _names_month(record: DocumentRecord, months: set[tuple[int, int]]) -> bool:
    text = f"{record.title}\n{record.text or ''}"
    return any(_near(f"{y}-{MONTHS[m.casefold()]:02d}", months) for m, y in _MONTH_YEAR.findall(text)) or any(
        _near(f"{y}-{m}", months) for event in record.dates for y, m in _YEAR_MONTH.findall(event.when)
    )


def _near(date: str, months: set[tuple[int, int]]) -> bool:
    """Whether a date ("2019-07-03", "2019-07") falls in one of ``months`` or a month beside it.

    >>> _near("2019-07-03", {(2019, 6)}), _near("2019-09-10", {(2019, 6)}), _near("2020-01", {(2019, 12)})
    (True, False, True)
    """
    match = _YEAR_MONTH.match(str(date))
    if not match:
        return False
    at = int(match.group(1)) * 12 + int(match.group(2)) - 1
    return any(abs(at - (y * 12 + m - 1)) <= 1 for y, m in months)


def dated_years(cited: list[ScoredNode]) -> str:
    """The years the documents of ``cited`` are dated in, for a refusal ("2014, 2015").

    >>> from assistant.nodes import PassageNode, ScoredNode
    >>> dated_years([ScoredNode(PassageNode("t", "p", {"date": d}), 1.0) for d in ("2015-04-20", "2014-01-02", None)])
    '2014, 2015'
    """
    return ", ".join(sorted({str(n.node.metadata.get("date") or "")[:4] for n in cited} - {""}))


def question_period(question: str) -> tuple[str, str] | None:
    """The dates of documents that may report what a question or query names: the months it names
    and the month on either side, or else the years it names through the January after the last (a
    release early in a year reports the one before); None where it names no year.

    >>> question_period("asylum applications in June 2019")
    ('2019-05', '2019-07')
    >>> question_period("Qu'a décidé le Conseil fédéral en 2005 et 2006 ?")
    ('2005-01', '2007-01')
    >>> question_period("Who chairs the Council?") is None
    True
    """
    months = sorted(int(y) * 12 + MONTHS[m.casefold()] - 1 for m, y in _MONTH_YEAR.findall(question))
    if months:
        first, last = months[0] - 1, months[-1] + 1
        return f"{first // 12}-{first % 12 + 1:02d}", f"{last // 12}-{last % 12 + 1:02d}"
    years = sorted(int(y) for y in _YEAR.findall(question))
    return (f"{years[0]}-01", f"{years[-1] + 1}-01") if years else None
