"""Search filters: date ranges, language, kind and source; each backend translates them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ingest.cleaning import LONE_SURROGATE

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_number(value: str | None, *, end: bool = False) -> int | None:
    """``YYYY[-MM[-DD]]`` as a sortable integer; an open end of a range rounds up.

    >>> date_number("2024-03-04"), date_number("2024-03"), date_number("2024", end=True)
    (20240304, 20240300, 20241299)
    """
    if not value:
        return None
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    # A typo (--from 2024-31-01) must not filter every document out without a word.
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"date {value!r}: there is no month {int(month)}; use YYYY, YYYY-MM or YYYY-MM-DD")
    if day:
        try:
            datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"date {value!r}: that day is not in the calendar; use YYYY-MM-DD") from None
    fill_month, fill_day = ("12", "99") if end else ("00", "00")
    return int(f"{year}{month or fill_month}{day or (fill_day if end or not month else '00')}")


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search by date range, language, kind or source document."""

    date_from: str | None = None
    date_to: str | None = None
    lang: str | None = None
    kind: str | None = None
    source: str | None = None
    not_lang: str | None = None  # leave out passages in this language (the cross-lingual search)

    def __post_init__(self) -> None:
        """A filter that could never match is an error naming it, not a silent empty result.

        >>> SearchFilters(lang="english")
        Traceback (most recent call last):
        ValueError: language 'english': use a two-letter code such as en, fr, de, it, nl or sv
        >>> SearchFilters(date_from="2025", date_to="2023")
        Traceback (most recent call last):
        ValueError: dates 2025 to 2023: the range ends before it starts
        """
        for name in ("kind", "source"):
            value = getattr(self, name)
            if value is not None and LONE_SURROGATE.search(value):
                raise ValueError(f"{name} {value!r}: it holds bytes that are not text (a lone surrogate)")
        start, end = date_number(self.date_from), date_number(self.date_to, end=True)
        if start is not None and end is not None and start > end:
            raise ValueError(f"dates {self.date_from} to {self.date_to}: the range ends before it starts")
        for name in ("lang", "not_lang"):
            code = getattr(self, name)
            if code is not None and not re.fullmatch(r"[a-z]{2}", code.strip().lower()):
                raise ValueError(f"language {code!r}: use a two-letter code such as en, fr, de, it, nl or sv")
            if code is not None:
                object.__setattr__(self, name, code.strip().lower())  # "EN" finds what "en" finds
