"""Metadata read from a document's content: title, date, language and kind."""

from __future__ import annotations

import datetime
import json
import os
import re
import select
import subprocess
import sys
import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ingest.cleaning import CONTROL
from ingest.records import Block

_MONTHS = {
    # en
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    # nl
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "oktober": 10,
    # fr
    "janvier": 1,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    # de
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "dezember": 12,
    # it
    "gennaio": 1,
    "febbraio": 2,
    "marzo": 3,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "agosto": 8,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
    # sv (januari, mars, juni, juli, oktober, november and december are spelt as above)
    "maj": 5,
    "augusti": 8,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "4 March 2024", "25th of January", "donderdag 25 januari", "4-5 March 2024", "24 and 25 January"
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|e)?\.?(?:\s*(?:[-–]|and|en|et|und|e|och)\s*\d{{1,2}}(?:st|nd|rd|th)?\.?)?"
    rf"\s+(?:of\s+)?({_MONTH_RE})\b(?:,?\s+(\d{{4}}))?",
    re.I,
)
# "March 4, 2024"
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")

# First-line labels that name the kind of document, in several languages.
_KIND_LABELS = {
    "press kit": "press_kit",
    "dossier de presse": "press_kit",
    "persmap": "press_kit",
    "pressemappe": "press_kit",
    "press release": "press_release",
    "communiqué de presse": "press_release",
    "persbericht": "press_release",
    "pressemitteilung": "press_release",
    "comunicato stampa": "press_release",
    "pressmeddelande": "press_release",
    "news": "news_item",
    "news item": "news_item",
    "nieuwsbericht": "news_item",
    "nieuws": "news_item",
    "actualités": "news_item",
    "statement": "statement",
    "speech": "speech",
    "tal": "speech",
}
_DATELINE = re.compile(rf"^[A-ZÀ-Ý][\w .'-]{{1,40}},\s+\d{{1,2}}\s+({_MONTH_RE})\s+\d{{4}}$", re.I)

LANGUAGES = ("en", "nl", "fr", "de", "it", "sv", "es", "pt", "da", "fi", "pl")
# The languages Pressroom answers in (assistant/messages.py): a question is read as one of them.
# On the team's 753 distinct gold questions (every set), this detector and that of all of LANGUAGES
# agree on every one; loading it takes 0.64 s against 1.05 s (docs/performance.md, session 35).
ANSWER_LANGUAGES = LANGUAGES[:6]
# A query this long is read as a sentence whose language lingua can tell; a shorter one (a name, a
# keyword) gets a language only where lingua is sure of it (``question_language``).
SENTENCE_WORDS = 3


# Every kind a document is given: by its label, as a meeting page, "document" else (detect_kind),
# or by a feed record's type (ingest/pipeline.py, _FEED_KINDS): what a filter for new documents may name.
DOCUMENT_KINDS = tuple(sorted({*_KIND_LABELS.values(), "meeting_page", "document", "fact_memo"}))


def is_kind_label(text: str) -> bool:
    """Whether a line only names the kind of document ("Press Release", "Nieuwsbericht")."""
    return text.strip(" :#*").lower() in _KIND_LABELS


def detect_kind(blocks: list[Block]) -> str:
    """Classify a document from its opening label and structure.

    >>> detect_kind([Block("paragraph", "Press Release"), Block("paragraph", "Ministers met")])
    'press_release'
    """
    for block in blocks[:3]:
        kind = _KIND_LABELS.get(block.text.strip(" :").lower())
        if kind:
            return kind
    texts = [b.text.lower() for b in blocks]
    if any(t.startswith(("meeting n°", "meeting no", "meeting information")) for t in texts):
        return "meeting_page"
    if any(t.startswith(("inquiries", "for more information", "contact", "further information")) for t in texts):
        return "press_release"
    return "document"


def detect_title(blocks: list[Block]) -> str:
    """Pick the first line that is not a kind label, a dateline or a bare date, nor shorter than
    three words (a section's label), unless it opens the document as its top heading (``# Inbox note``)."""
    for n, block in enumerate(blocks[:12]):
        text = block.text.strip()
        lowered = text.strip(" :").lower()
        if lowered in _KIND_LABELS or _DATELINE.match(text) or _is_bare_date(text):
            continue
        if len(text.split()) < (2 if n == 0 and block.kind == "heading" and block.level == 1 else 3):
            continue
        return text[:200]
    return blocks[0].text[:200] if blocks else ""


def _is_bare_date(text: str) -> bool:
    match = _DAY_MONTH.search(text)
    return bool(match) and len(text) - len(match.group()) < 6


def detect_date(text: str) -> str | None:
    """Return the document's date as ISO text: the first full date, or a day and month
    completed with the year most mentioned. None when no year can be found.

    >>> detect_date("Brussels, 4 March 2024\\nHome affairs")
    '2024-03-04'
    >>> detect_date("met on Thursday the 25th of January. 2024 is an electoral year.")
    '2024-01-25'
    >>> detect_date("2023 09:30 February") is None  # "30 February" is no day of the calendar
    True
    """
    head = text[:3000]
    candidates = []
    for match in _DAY_MONTH.finditer(head):
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], match.group(3)
        candidates.append((match.start(), day, month, int(year) if year else None))
    for match in _MONTH_DAY.finditer(head):
        candidates.append((match.start(), int(match.group(2)), _MONTHS[match.group(1).lower()], int(match.group(3))))
    for match in _ISO.finditer(head):
        candidates.append((match.start(), int(match.group(3)), int(match.group(2)), int(match.group(1))))
    candidates = sorted(c for c in candidates if _real(c[3] or 2024, c[2], c[1]))  # 2024 has a 29 February
    if not candidates:
        return None
    dated = [c for c in candidates if c[3]]
    if dated and dated[0][0] < 400:
        _, day, month, year = dated[0]
        return f"{year:04d}-{month:02d}-{day:02d}"
    _, day, month, year = candidates[0]
    if year is None:
        years = Counter(int(y) for y in _YEAR.findall(text))
        if not years:
            return None
        year = years.most_common(1)[0][0]
    return f"{year:04d}-{month:02d}-{day:02d}" if _real(year, month, day) else None


def _real(year: int, month: int, day: int) -> bool:
    """Whether the calendar has that day (a stored date must, or every search filter fails on it)."""
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4)  # the questions' six and ingest's eleven, however each is asked for
def _detector(languages: tuple[str, ...] = LANGUAGES):  # noqa: ANN202 - lingua type
    """lingua's detector for ``languages``, its models loaded at once on every core (lazily, they
    load one after another on the first text)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def detect_language(
    text: str, default: str = "en", languages: tuple[str, ...] = LANGUAGES, majority: bool = False
) -> str:
    """Detect the ISO 639-1 language of ``text`` among ``languages``, offline with lingua.

    With ``majority``, a language is given only where lingua finds it likelier than all the others
    together (confidence at least 0.5); otherwise ``default``.

    Where ``load_language_detector_aside`` started a child, the child answers instead.

    >>> detect_language("Ministers van de EU-landen hebben elkaar op donderdag ontmoet.")
    'nl'
    """
    sample = CONTROL.sub(" ", text[:2000])
    if len(sample.strip()) < 3:
        return default
    if _ASIDE and (found := _asked_aside(sample, default, languages, majority)) is not None:
        return found
    if majority:
        best = _detector(tuple(languages)).compute_language_confidence_values(sample)[:1]
        return best[0].language.iso_code_639_1.name.lower() if best and best[0].value >= 0.5 else default
    language = _detector(tuple(languages)).detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else default


def question_language(text: str, default: str = "en") -> str:
    """The language of a question or a search query: one of ``ANSWER_LANGUAGES``.

    Names are words of no language ("Who is Ylva Johansson?" reads as Swedish whole): the question
    is read without them (``_without_names``); where that leaves fewer than ``SENTENCE_WORDS``
    words, they decide only where lingua is sure of them, else the whole question does. A query of
    one or two words ("budget" reads as Swedish, "Ukraine" as German) gets a language only where
    lingua is sure of it, else ``default``.

    >>> [question_language(q) for q in ("Wat besloten de ministers?", "Ukraine", "Who is Ylva Johansson?")]
    ['nl', 'en', 'en']
    """
    if len(text.split()) < SENTENCE_WORDS:
        return detect_language(text, default, ANSWER_LANGUAGES, majority=True)
    rest = _without_names(text)
    words = len(_WORD.findall(rest))
    if words >= SENTENCE_WORDS:
        return detect_language(rest, default, ANSWER_LANGUAGES)
    if words and (sure := detect_language(rest, _UNSURE, ANSWER_LANGUAGES, majority=True)) != _UNSURE:
        return sure
    return detect_language(text, default, ANSWER_LANGUAGES)


_NAMES = re.compile(r"(?<=\s)[A-ZÀ-ÖØ-Þ][\w'’.-]*|\b[A-Z]{2,}\b")
# Lower-case particles inside a name: "Ursula von der Leyen", "Frans van Daele".
_PARTICLES = frozenset("von van der den de da di du del della des af zu ten ter".split())


def _without_names(text: str) -> str:
    """``text`` without its names: the words after the first that begin with a capital, acronyms,
    and the particles between two such words.

    >>> _without_names("Who is Ursula von der Leyen?"), _without_names("Wat besloot de Raad?")
    ('Who is ?', 'Wat besloot de ?')
    """
    words = re.split(r"(\s+)", _NAMES.sub(" \x00", text))
    for i, word in enumerate(words):
        if word in _PARTICLES and i > 1 and words[i - 2].endswith("\x00"):
            after = next((w for w in words[i + 1 :] if w.strip() and w not in _PARTICLES), "")
            if after.startswith("\x00"):
                words[i] = "\x00"
    return " ".join("".join(words).replace("\x00", "").split())
_WORD = re.compile(r"[^\W\d_]+")
_UNSURE = "zz"  # no language: what ``detect_language`` gives where it is not sure of one


# A cold command spends 0.6-1 s loading lingua's models, holding the interpreter (a thread does
# not help). ``load_language_detector_aside`` loads those of the question's languages in a child
# process while this one imports and opens the index; the child then answers ``detect_language``
# with the same function, one JSON line per text.
_ASIDE: list[subprocess.Popen] = []
_CHILD = """import json, sys
from ingest.metadata import detect_language, question_language
question_language("The ministers met on Thursday.")  # lingua loads its models
for line in sys.stdin:
    sample, default, languages, majority = json.loads(line)
    print(detect_language(sample, default, tuple(languages), majority), flush=True)
"""
_ASIDE_WAIT_S = 60.0
_ASIDE_LOCK = threading.Lock()


def load_language_detector_aside() -> None:
    """Start loading the language detector in a child process, for a command in a fresh process.

    Nothing starts where the models are already loaded here or a child is already running. A
    child that fails or takes too long is dropped and the detector is loaded here instead.
    """
    if _ASIDE or _detector.cache_info().currsize:
        return
    root = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    try:
        _ASIDE.append(subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root,
                                       encoding="utf-8"))
    except OSError:
        return


def _asked_aside(sample: str, default: str, languages: tuple[str, ...], majority: bool) -> str | None:
    """The child's answer for ``sample``, or None (and the child dropped) where it fails."""
    with _ASIDE_LOCK:
        return _ask_child(sample, default, languages, majority)


def _ask_child(sample: str, default: str, languages: tuple[str, ...], majority: bool) -> str | None:
    if not _ASIDE:
        return None
    child = _ASIDE[0]
    try:
        child.stdin.write(json.dumps([sample, default, list(languages), majority]) + "\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
        ready, _, _ = select.select([child.stdout], [], [], _ASIDE_WAIT_S)
        code = child.stdout.readline().strip() if ready else ""  # type: ignore[union-attr]
    except (OSError, ValueError):
        code = ""
    if re.fullmatch(r"[a-z]{2}", code):
        return code
    _ASIDE.clear()
    child.kill()
    return None
